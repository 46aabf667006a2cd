/**
 * Reduces objects, and whole snapshots, to the fields the analysis reads
 * (allow-list.ts), before a snapshot is written to a file: what a snapshot
 * does not hold cannot leak from it. The analysis of a minimal snapshot is
 * the analysis of the full input (tests hold it to that).
 */

import type { KubeObject, Snapshot } from '@chokepoint/model';
import { GROUP_SHAPES, KIND_SHAPES, OTHER_KINDS } from './allow-list.ts';
import type { Shape } from './shape.ts';
import { applyShape, shapeKeeps } from './shape.ts';

function shapeOf(object: KubeObject): Shape {
  const apiVersion = object.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  if (Object.hasOwn(GROUP_SHAPES, group))
    return GROUP_SHAPES[group] ?? OTHER_KINDS;
  if (Object.hasOwn(KIND_SHAPES, object.kind))
    return KIND_SHAPES[object.kind] ?? OTHER_KINDS;
  return OTHER_KINDS;
}

export function minimiseObject(object: KubeObject): KubeObject {
  return applyShape(object, shapeOf(object)) as KubeObject;
}

export function minimiseSnapshot(snapshot: Snapshot): Snapshot {
  const objects: Record<string, KubeObject[]> = {};
  for (const [kind, list] of Object.entries(snapshot.objects))
    objects[kind] = list.map(minimiseObject);
  return { ...snapshot, objects };
}

/** Whether a minimal snapshot keeps this field of this object (shapeKeeps). */
export function keepsField(
  object: KubeObject,
  path: readonly string[],
): boolean {
  return shapeKeeps(shapeOf(object), path);
}
