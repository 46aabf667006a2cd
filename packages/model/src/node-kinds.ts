/**
 * Node kinds of the attack graph, as data (catalog section 1).
 *
 * Kinds are PascalCase so they are valid Neo4j labels unchanged. `synthetic`
 * kinds do not stand for a Kubernetes object; `auxiliary` kinds are helper
 * nodes the engine adds to keep the edge count near-linear (catalog 1.2) and
 * are never entry points or critical assets.
 */

export interface NodeKindInfo {
  readonly description: string;
  readonly namespaced: boolean;
  readonly synthetic?: true;
  readonly auxiliary?: true;
}

export const NODE_KINDS = {
  User: {
    description: 'A user name the API server authenticates',
    namespaced: false,
  },
  Group: {
    description: 'A group name, built-in or from bindings',
    namespaced: false,
  },
  ServiceAccount: {
    description: 'A ServiceAccount identity',
    namespaced: true,
  },
  ImpersonatedUser: {
    description: 'A user obtained by impersonation, without its real groups',
    namespaced: false,
    synthetic: true,
  },
  Pod: { description: 'A pod, in any phase', namespaced: true },
  PodTemplate: {
    description:
      'Stand-in for the pods of a controller that has none in the input',
    namespaced: true,
    synthetic: true,
  },
  Container: {
    description: 'A container, init container or ephemeral container',
    namespaced: true,
  },
  Node: { description: 'A cluster node', namespaced: false },
  Namespace: { description: 'A namespace', namespaced: false },
  Secret: {
    description: 'A Secret (metadata and type only)',
    namespaced: true,
  },
  ConfigMap: {
    description: 'A ConfigMap a rule reads (kube-system/aws-auth)',
    namespaced: true,
  },
  Role: { description: 'A namespaced RBAC Role', namespaced: true },
  ClusterRole: { description: 'A cluster RBAC ClusterRole', namespaced: false },
  RoleBinding: {
    description: 'A namespaced RBAC RoleBinding',
    namespaced: true,
  },
  ClusterRoleBinding: {
    description: 'A cluster RBAC ClusterRoleBinding',
    namespaced: false,
  },
  RoleInScope: {
    description:
      'Role R granted in scope S to an identity the attacker controls',
    namespaced: false,
    synthetic: true,
  },
  Service: { description: 'A Service', namespaced: true },
  Ingress: { description: 'An Ingress', namespaced: true },
  Gateway: { description: 'A Gateway API Gateway', namespaced: true },
  HTTPRoute: { description: 'A Gateway API HTTPRoute', namespaced: true },
  GRPCRoute: { description: 'A Gateway API GRPCRoute', namespaced: true },
  TLSRoute: { description: 'A Gateway API TLSRoute', namespaced: true },
  TCPRoute: { description: 'A Gateway API TCPRoute', namespaced: true },
  UDPRoute: { description: 'A Gateway API UDPRoute', namespaced: true },
  Deployment: { description: 'A Deployment', namespaced: true },
  DaemonSet: { description: 'A DaemonSet', namespaced: true },
  StatefulSet: { description: 'A StatefulSet', namespaced: true },
  ReplicaSet: { description: 'A ReplicaSet', namespaced: true },
  Job: { description: 'A Job', namespaced: true },
  CronJob: { description: 'A CronJob', namespaced: true },
  ReplicationController: {
    description: 'A ReplicationController',
    namespaced: true,
  },
  CloudIdentity: {
    description:
      'A cloud IAM identity (AWS role, GCP service account, Azure client)',
    namespaced: false,
  },
  Internet: {
    description: 'The outside world',
    namespaced: false,
    synthetic: true,
  },
  PermissionSet: {
    description:
      'The combined RBAC grants of identities bound to the same set of bindings',
    namespaced: false,
    synthetic: true,
    auxiliary: true,
  },
  Scope: {
    description:
      'A set of targets reached together, such as the running pods of a namespace',
    namespaced: false,
    synthetic: true,
    auxiliary: true,
  },
} as const satisfies Record<string, NodeKindInfo>;

export type NodeKind = keyof typeof NODE_KINDS;

export function isNodeKind(kind: string): kind is NodeKind {
  return Object.hasOwn(NODE_KINDS, kind);
}
