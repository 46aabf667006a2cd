/**
 * The pods a controller's rollout replaces: what a fix that patches a pod
 * template lists in `replaces`.
 */

import { objectId } from '@chokepoint/model';
import type { SnapshotIndex } from '../snapshot-index.ts';
import { parseObjectId } from './impact/object-ref.ts';

/**
 * Pod ids by the id of their topmost controller, per namespace of an index:
 * made once per namespace (a field fix on each pod of a namespace asked for
 * them again: 4 s of CPU at 100k pods).
 */
const podsByController = new WeakMap<
  SnapshotIndex,
  Map<string, ReadonlyMap<string, readonly string[]>>
>();

/** Pods of the input whose topmost controller is this one. */
export function podsOf(index: SnapshotIndex, controllerId: string): string[] {
  const { namespace } = parseObjectId(controllerId);
  let namespaces = podsByController.get(index);
  if (namespaces === undefined)
    podsByController.set(
      index,
      (namespaces = new Map<string, ReadonlyMap<string, readonly string[]>>()),
    );
  let pods = namespaces.get(namespace);
  if (pods === undefined) {
    const made = new Map<string, string[]>();
    for (const w of index.workloadsInNamespace(namespace)) {
      if (w.kind !== 'Pod' || w.controller === undefined) continue;
      const id = objectId(w.controller.kind, w.controller.name, w.namespace);
      const list = made.get(id);
      if (list === undefined) made.set(id, [w.id]);
      else list.push(w.id);
    }
    for (const list of made.values()) list.sort();
    namespaces.set(namespace, (pods = made));
  }
  return [...(pods.get(controllerId) ?? [])];
}
