/**
 * The object kinds a rule may declare in `reads` (define-rule.ts), and the
 * groups most rules share: a workload is read through its Pod or the
 * controller whose template stands for its pods (catalog 1.3), a holder
 * through its roles and bindings.
 */

import { CONTROLLER_KINDS } from '../entities/owners.ts';

/**
 * `Namespace` stands for the Namespace objects and for the set of namespaces
 * the input names (any namespaced object implies its namespace).
 */
export const READ_KINDS = [
  'ClusterRole',
  'ClusterRoleBinding',
  'ConfigMap',
  'CronJob',
  'DaemonSet',
  'Deployment',
  'EndpointSlice',
  'GRPCRoute',
  'Gateway',
  'GatewayClass',
  'HTTPRoute',
  'Ingress',
  'IngressClass',
  'Job',
  'MutatingWebhookConfiguration',
  'Namespace',
  'NetworkPolicy',
  'Node',
  'Pod',
  'PodTemplate',
  'ReferenceGrant',
  'ReplicaSet',
  'ReplicationController',
  'Role',
  'RoleBinding',
  'RuntimeClass',
  'Secret',
  'Service',
  'ServiceAccount',
  'StatefulSet',
  'TCPRoute',
  'TLSRoute',
  'UDPRoute',
  'ValidatingAdmissionPolicy',
  'ValidatingWebhookConfiguration',
] as const;

export type ReadKind = (typeof READ_KINDS)[number];

/** A pod, or a controller standing for its pods. */
export const WORKLOAD_READS: readonly ReadKind[] = ['Pod', ...CONTROLLER_KINDS];

/** The RBAC objects a permission holder's grants come from. */
export const RBAC_READS: readonly ReadKind[] = [
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
];

/** Node facts (catalog 2.8): the Node objects, and pods naming nodes the input lacks. */
export const NODE_READS: readonly ReadKind[] = ['Node', 'Pod'];

/**
 * The ServiceAccount table: the objects, everything that references one
 * (legacy token Secrets too), and every namespace (each has its `default`).
 */
export const ACCOUNT_READS: readonly ReadKind[] = [
  'Namespace',
  'ServiceAccount',
  'Secret',
  'PodTemplate',
  ...WORKLOAD_READS,
  'RoleBinding',
  'ClusterRoleBinding',
];

/** A container's ServiceAccount token (catalog 2.6): its account, legacy token Secrets, who references the account. */
export const TOKEN_READS: readonly ReadKind[] = ACCOUNT_READS;

/** What an identity technique learns about identities, Secrets and namespaces (identity-utils/facts.ts). */
export const IDENTITY_READS: readonly ReadKind[] = [
  ...RBAC_READS,
  ...TOKEN_READS,
  'Namespace',
  'Node',
  'ConfigMap',
];

/** Pod creation and its admission (workload-utils/pod-creation.ts, tables.ts). */
export const POD_CREATION_READS: readonly ReadKind[] = [
  ...RBAC_READS,
  ...TOKEN_READS,
  ...NODE_READS,
  'Namespace',
  'RuntimeClass',
  'ValidatingAdmissionPolicy',
];

/** Kinds in any of the groups, once each. */
export function readsOf(
  ...groups: readonly (readonly ReadKind[])[]
): readonly ReadKind[] {
  return [...new Set(groups.flat())].sort();
}
