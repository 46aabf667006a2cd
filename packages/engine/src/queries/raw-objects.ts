/**
 * The Kubernetes object behind a graph node, as read (snapshots hold no
 * secret values): the object itself, or for a container its pod.
 */

import { objectId } from '@chokepoint/model';
import type { KubeObject, Snapshot } from '@chokepoint/model';

export function objectsById(snapshot: Snapshot): Map<string, KubeObject> {
  const byId = new Map<string, KubeObject>();
  for (const [kind, objects] of Object.entries(snapshot.objects)) {
    for (const object of objects) {
      byId.set(
        objectId(kind, object.metadata.name, object.metadata.namespace),
        object,
      );
    }
  }
  return byId;
}

export function rawObjectOf(
  objects: ReadonlyMap<string, KubeObject>,
  id: string,
): KubeObject | null {
  const direct = objects.get(id);
  if (direct) return direct;
  const container = /^Container:([^/]+)\/([^/]+)\/[^/]+$/.exec(id);
  if (container)
    return (
      objects.get(`Pod:${container[1] ?? ''}/${container[2] ?? ''}`) ?? null
    );
  return null;
}
