/**
 * What the analysis assumed because the input lacks objects every running
 * cluster has (issue #17): manifests hold no built-in RBAC, no Nodes and no
 * runtime Secrets. Each assumption is one sentence a report states in its
 * first lines, with how the policy file (docs/policy.md) overrides it.
 */

import { BOOTSTRAP_POLICY_OBJECTS } from '../rbac/index.ts';
import type { RbacModel } from '../rbac/index.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';
import {
  RUNTIME_SECRETS_ID,
  RUNTIME_SECRETS_MEANING,
} from './runtime-objects.ts';

export function assumptionsOf(index: SnapshotIndex, rbac: RbacModel): string[] {
  const out: string[] = [];
  const pool = index.nodePool;
  if (pool.source === 'assumed') {
    const controlPlane =
      pool.controlPlane === 'managed'
        ? 'no control-plane node (a managed control plane)'
        : pool.controlPlane === 'tainted'
          ? 'a kubeadm-style control-plane node tainted NoSchedule (only pods that tolerate it land there)'
          : 'a kubeadm-style control-plane node any pod may land on';
    out.push(
      `The input holds no Nodes: assumed a node pool where any pod may land, Node:assumed-worker (standing for every worker) and ${controlPlane}${pool.controlPlaneSource === 'given' ? ', as the policy says' : ''}; edges that rely on it are at most medium confidence. The policy's topology.controlPlane (schedulable, tainted, managed) or nodes with labels and taints describe the real nodes.`,
    );
  } else if (pool.source === 'policy') {
    out.push(
      "The input holds no Nodes: the nodes the policy file names, with their labels and taints, are the cluster's nodes.",
    );
  }
  const refused = index.workloads.filter(
    w => w.kind === 'PodTemplate' && w.notRunning !== undefined,
  );
  if (refused.length > 0) {
    const controllers = new Set(
      refused.map(
        w =>
          `${w.controller?.kind ?? ''} ${w.namespace}/${w.controller?.name ?? w.name}`,
      ),
    );
    out.push(
      `No pod is assumed for ${String(controllers.size)} controller${controllers.size === 1 ? '' : 's'} whose pods cannot run now (Pod Security admission refuses them, or the Job has finished): ${[...controllers].sort().join(', ')}.`,
    );
  }
  if (index.runtimeSecrets) {
    out.push(
      `${RUNTIME_SECRETS_ID} stands for ${RUNTIME_SECRETS_MEANING}: a critical asset whoever can read Secrets in kube-system reaches (medium confidence). Name the real critical Secrets in the policy's critical list, or replace the defaults there.`,
    );
  }
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
