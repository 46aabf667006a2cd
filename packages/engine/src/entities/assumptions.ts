/**
 * What the analysis assumed because the input lacks objects every running
 * cluster has (issue #17): manifests hold no built-in RBAC, no Nodes and no
 * runtime Secrets. Each assumption is one sentence a report states in its
 * first lines, with how the policy file (docs/policy.md) overrides it.
 */

import { BOOTSTRAP_POLICY_OBJECTS } from '../rbac/index.ts';
import type { RbacModel } from '../rbac/index.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';

export function assumptionsOf(index: SnapshotIndex, rbac: RbacModel): string[] {
  const out: string[] = [];
  if (rbac.assumedDefaults) {
    const all = BOOTSTRAP_POLICY_OBJECTS.length;
    out.push(
      rbac.assumedCount === all
        ? 'The input holds none of the built-in RBAC roles and bindings: the Kubernetes bootstrap policy is assumed.'
        : `The input lacks ${String(rbac.assumedCount)} of the ${String(all)} built-in RBAC roles and bindings: each is assumed as the Kubernetes bootstrap policy defines it.`,
    );
  }
  return out;
}
