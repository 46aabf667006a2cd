/** Catalog object ids back to kind, namespace and name, and the object itself. */

import type { KubeObject } from '@chokepoint/model';
import type { SnapshotIndex } from '../../snapshot-index.ts';

export interface ObjectRef {
  readonly kind: string;
  /** `''` for a cluster-scoped object. */
  readonly namespace: string;
  readonly name: string;
}

export function parseObjectId(id: string): ObjectRef {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  const slash = rest.indexOf('/');
  return slash === -1
    ? { kind, namespace: '', name: rest }
    : { kind, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

export function objectById(
  index: SnapshotIndex,
  id: string,
): KubeObject | undefined {
  const ref = parseObjectId(id);
  return index.get(ref.kind, ref.namespace, ref.name);
}

/**
 * The object a fix changes: the input's, or, for a label on a namespace the
 * input's objects live in but do not hold, the Namespace as the cluster has
 * it (kinds/pod-security-label.ts).
 */
export function fixObject(
  index: SnapshotIndex,
  fix: { readonly action: string; readonly target: string },
): KubeObject | undefined {
  const found = objectById(index, fix.target);
  if (found !== undefined) return found;
  const { kind, name } = parseObjectId(fix.target);
  return kind === 'Namespace' && fix.action === 'patch'
    ? { apiVersion: 'v1', kind, metadata: { name } }
    : undefined;
}
