/**
 * Edge kinds of the attack graph, wave 1 of the catalog (sections 3.1 to 3.8), as data.
 *
 * Kinds are UPPER_SNAKE so they are valid Neo4j relationship types unchanged.
 * `derivedBy: 'rule'` kinds each have one rule file in @chokepoint/engine; the
 * rule registry is typed against `RuleEdgeKind`, so a kind added here without
 * a rule fails to compile. Structural kinds (3.8) are not traversable.
 */

import type { NodeKind } from './node-kinds.ts';

export interface EdgeKindInfo {
  readonly description: string;
  readonly mitre: readonly string[];
  readonly tactic: string;
  readonly traversable: boolean;
  readonly derivedBy: 'rule' | 'structure';
  readonly section: string;
  /** [from, to] kind variants; auxiliary nodes may stand between them. */
  readonly variants: readonly (readonly [NodeKind | 'holder', NodeKind])[];
}

const HOLDER = 'holder' as const;

export const EDGE_KINDS = {
  AUTHENTICATES_AS: {
    description:
      'The Internet can obtain this built-in group identity from the API server',
    mitre: ['T1078.001'],
    tactic: 'Initial Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.1',
    variants: [['Internet', 'Group']],
  },
  EXPOSES: {
    description: 'The Internet reaches this Service, Ingress or Gateway',
    mitre: ['T1190'],
    tactic: 'Initial Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.1',
    variants: [
      ['Internet', 'Service'],
      ['Internet', 'Ingress'],
      ['Internet', 'Gateway'],
    ],
  },
  ROUTES_TO: {
    description:
      'Traffic entering an Ingress, Gateway or route is forwarded to the target',
    mitre: [],
    tactic: 'Initial Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.1',
    variants: [
      ['Ingress', 'Service'],
      ['Gateway', 'HTTPRoute'],
      ['Gateway', 'GRPCRoute'],
      ['Gateway', 'TLSRoute'],
      ['Gateway', 'TCPRoute'],
      ['HTTPRoute', 'Service'],
      ['GRPCRoute', 'Service'],
      ['TLSRoute', 'Service'],
      ['TCPRoute', 'Service'],
    ],
  },
  ENDPOINT_EXPLOIT: {
    description:
      'A Service forwards to a container port an attacker can exploit',
    mitre: ['T1210'],
    tactic: 'Lateral Movement',
    traversable: true,
    derivedBy: 'rule',
    section: '3.1',
    variants: [['Service', 'Container']],
  },
  HOST_PORT_EXPOSED: {
    description: 'A container port bound on a node with a public address',
    mitre: ['T1190'],
    tactic: 'Initial Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.1',
    variants: [['Internet', 'Container']],
  },
  CONTAINER_ATTACH: {
    description:
      'Control of a pod gives control of each of its running containers',
    mitre: ['T1609'],
    tactic: 'Execution',
    traversable: true,
    derivedBy: 'rule',
    section: '3.2',
    variants: [
      ['Pod', 'Container'],
      ['PodTemplate', 'Container'],
    ],
  },
  IDENTITY_ASSUME: {
    description:
      'A container uses its mounted ServiceAccount token, or a node its kubelet credentials',
    mitre: ['T1528', 'T1078'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.2, 3.4',
    variants: [
      ['Container', 'ServiceAccount'],
      ['Node', 'User'],
    ],
  },
  SECRET_MOUNT: {
    description:
      'A container has a Secret mounted or injected into its environment',
    mitre: ['T1552.007'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.2',
    variants: [['Container', 'Secret']],
  },
  SHARE_PS_NAMESPACE: {
    description:
      'A container reads a sibling container through the shared process namespace',
    mitre: ['T1055'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.2',
    variants: [['Container', 'Container']],
  },
  CE_PRIV_MOUNT: {
    description: 'A privileged root container mounts the host disk',
    mitre: ['T1611'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  CE_NSENTER: {
    description:
      'A root container in the host PID namespace enters the host namespaces of PID 1',
    mitre: ['T1611'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  CE_MODULE_LOAD: {
    description: 'A container with SYS_MODULE loads a kernel module',
    mitre: ['T1611'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  CE_SYS_PTRACE: {
    description:
      'A container with SYS_PTRACE in the host PID namespace injects into host processes',
    mitre: ['T1611'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  CE_CGROUP_RELEASE_AGENT: {
    description:
      'A container with SYS_ADMIN on a cgroup v1 node abuses release_agent',
    mitre: ['T1611'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  CE_HOST_FD: {
    description:
      'A container with DAC_READ_SEARCH reads host files through open_by_handle_at',
    mitre: ['T1611'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  CE_UMH_CORE_PATTERN: {
    description:
      'A root container writes a kernel user-mode helper (core_pattern, modprobe, uevent_helper)',
    mitre: ['T1611'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  CE_VAR_LOG_SYMLINK: {
    description:
      'A root container with a writable /var/log plants a symlink the kubelet log handler follows',
    mitre: ['T1611'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  EXPLOIT_HOST_WRITE: {
    description:
      'A root container writes a sensitive host location through a hostPath mount',
    mitre: ['T1611'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  EXPLOIT_HOST_READ: {
    description:
      'A root container reads node credentials through a hostPath mount',
    mitre: ['T1552.001'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  EXPLOIT_CONTAINERD_SOCK: {
    description:
      'A container reaches the container runtime socket through a hostPath mount',
    mitre: ['T1611'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [['Container', 'Node']],
  },
  EXPLOIT_HOST_TRAVERSE: {
    description:
      'A root container reads the tokens and secret volumes of co-located pods from the kubelet pod directory',
    mitre: ['T1552.001'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.3',
    variants: [
      ['Container', 'ServiceAccount'],
      ['Container', 'Secret'],
    ],
  },
  POD_ATTACH: {
    description: 'Control of a node gives control of the pods it runs',
    mitre: ['T1609'],
    tactic: 'Execution',
    traversable: true,
    derivedBy: 'rule',
    section: '3.4',
    variants: [
      ['Node', 'Pod'],
      ['Node', 'PodTemplate'],
    ],
  },
  POD_EXEC: {
    description: 'Run commands in a pod through pods/exec',
    mitre: ['T1609'],
    tactic: 'Execution',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'Pod']],
  },
  POD_ATTACH_API: {
    description: 'Drive the stdin of a container through pods/attach',
    mitre: ['T1609'],
    tactic: 'Execution',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'Container']],
  },
  POD_PATCH: {
    description:
      'Change the image of a running pod, which then runs with its identity and mounts',
    mitre: ['T1610'],
    tactic: 'Execution',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'Pod']],
  },
  POD_DEBUG: {
    description: 'Add an ephemeral container to a running pod',
    mitre: ['T1609'],
    tactic: 'Execution',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'Pod']],
  },
  NODE_PROXY_EXEC: {
    description:
      'Exec into any pod of a node through the kubelet API via nodes/proxy',
    mitre: ['T1609'],
    tactic: 'Execution',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'Pod']],
  },
  POD_CREATE_WITH_SA: {
    description:
      'Create a pod (directly or through a controller) that runs as a ServiceAccount of the namespace',
    mitre: ['T1610'],
    tactic: 'Execution',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'ServiceAccount']],
  },
  POD_CREATE: {
    description:
      'Create a pod the namespace admits with a concrete escape to a node',
    mitre: ['T1610'],
    tactic: 'Execution',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'Node']],
  },
  TOKEN_LIST: {
    description: 'List Secrets and read a live legacy ServiceAccount token',
    mitre: ['T1528'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'ServiceAccount']],
  },
  TOKEN_NAME_KNOWN: {
    description: 'Get a live legacy token Secret whose name is discoverable',
    mitre: ['T1528'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'ServiceAccount']],
  },
  TOKEN_BRUTEFORCE: {
    description: 'Get a live legacy token Secret by guessing its name',
    mitre: ['T1528'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'ServiceAccount']],
  },
  TOKEN_REQUEST: {
    description:
      'Mint a token for a ServiceAccount through serviceaccounts/token',
    mitre: ['T1528'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'ServiceAccount']],
  },
  TOKEN_SECRET_CREATE: {
    description:
      'Create a service-account-token Secret that the token controller fills, and read it back',
    mitre: ['T1528'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'ServiceAccount']],
  },
  SECRET_READ: {
    description: 'Read a Secret through the API',
    mitre: ['T1552.007'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'Secret']],
  },
  IMPERSONATE_SA: {
    description: 'Impersonate a ServiceAccount',
    mitre: ['T1078'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'ServiceAccount']],
  },
  IMPERSONATE_USER: {
    description: 'Impersonate a user',
    mitre: ['T1078'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [
      [HOLDER, 'User'],
      [HOLDER, 'ImpersonatedUser'],
    ],
  },
  IMPERSONATE_GROUP: {
    description: 'Impersonate a group alongside an impersonated user',
    mitre: ['T1078'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'Group']],
  },
  ROLE_BIND: {
    description: 'Bind a role in a scope through the bind permission',
    mitre: ['T1098.006'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'RoleInScope']],
  },
  ROLE_ESCALATE: {
    description:
      'Add any permission to a role bound to the holder through the escalate permission',
    mitre: ['T1098.006'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'RoleInScope']],
  },
  CSR_CLIENT_CERT: {
    description:
      'Create, approve and read a client certificate for a chosen identity',
    mitre: ['T1649'],
    tactic: 'Credential Access',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [
      [HOLDER, 'User'],
      [HOLDER, 'Group'],
      [HOLDER, 'ServiceAccount'],
    ],
  },
  WEBHOOK_CONTROL: {
    description:
      'Register a mutating admission webhook that rewrites pods admitted later',
    mitre: ['T1610'],
    tactic: 'Persistence',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [
      [HOLDER, 'ServiceAccount'],
      [HOLDER, 'Node'],
    ],
  },
  AWS_AUTH_PATCH: {
    description:
      'Map an AWS principal to system:masters in kube-system/aws-auth',
    mitre: ['T1098.006'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.5',
    variants: [[HOLDER, 'Group']],
  },
  MEMBER_OF: {
    description: 'An identity is a member of a group',
    mitre: [],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.6',
    variants: [
      ['ServiceAccount', 'Group'],
      ['User', 'Group'],
      ['ImpersonatedUser', 'Group'],
    ],
  },
  CLOUD_IDENTITY_ASSUME: {
    description: 'Obtain the cloud identity a ServiceAccount is federated with',
    mitre: ['T1078.004'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.6',
    variants: [
      ['Container', 'CloudIdentity'],
      [HOLDER, 'CloudIdentity'],
    ],
  },
  CLOUD_MAPS_TO: {
    description:
      'A cloud identity authenticates to the cluster as a user or group',
    mitre: ['T1078.004'],
    tactic: 'Privilege Escalation',
    traversable: true,
    derivedBy: 'rule',
    section: '3.6',
    variants: [
      ['CloudIdentity', 'User'],
      ['CloudIdentity', 'Group'],
    ],
  },
  HAS_ROLE: {
    description: 'A subject is named by a binding',
    mitre: [],
    tactic: 'none',
    traversable: false,
    derivedBy: 'structure',
    section: '3.8',
    variants: [
      ['User', 'RoleBinding'],
      ['User', 'ClusterRoleBinding'],
      ['Group', 'RoleBinding'],
      ['Group', 'ClusterRoleBinding'],
      ['ServiceAccount', 'RoleBinding'],
      ['ServiceAccount', 'ClusterRoleBinding'],
    ],
  },
  ROLE_REF: {
    description: 'A binding refers to a role',
    mitre: [],
    tactic: 'none',
    traversable: false,
    derivedBy: 'structure',
    section: '3.8',
    variants: [
      ['RoleBinding', 'Role'],
      ['RoleBinding', 'ClusterRole'],
      ['ClusterRoleBinding', 'ClusterRole'],
    ],
  },
  OWNS: {
    description: 'An owner reference',
    mitre: [],
    tactic: 'none',
    traversable: false,
    derivedBy: 'structure',
    section: '3.8',
    variants: [],
  },
  RUNS_ON: {
    description: 'A pod is scheduled on a node',
    mitre: [],
    tactic: 'none',
    traversable: false,
    derivedBy: 'structure',
    section: '3.8',
    variants: [['Pod', 'Node']],
  },
} as const satisfies Record<string, EdgeKindInfo>;

export type EdgeKind = keyof typeof EDGE_KINDS;

/** Kinds produced by one rule file each; the rest are structural. */
export type RuleEdgeKind = {
  [K in EdgeKind]: (typeof EDGE_KINDS)[K]['derivedBy'] extends 'rule'
    ? K
    : never;
}[EdgeKind];

export type Confidence = 'high' | 'medium' | 'low';

export const CONFIDENCE_ORDER: readonly Confidence[] = [
  'low',
  'medium',
  'high',
];

export function isEdgeKind(kind: string): kind is EdgeKind {
  return Object.hasOwn(EDGE_KINDS, kind);
}

/**
 * Auxiliary edges (catalog 1.2): they join an identity to the node that holds
 * its combined permissions, and a Scope node to its members, so a
 * cluster-wide grant costs one edge per scope instead of one per target.
 * They are traversable and carry no technique of their own.
 */
export const AUXILIARY_EDGE_KINDS = {
  GRANTS: {
    description:
      'An identity holds the permissions of this RoleInScope or PermissionSet',
    traversable: true,
  },
  INCLUDES: {
    description: 'A Scope node stands for each of its members',
    traversable: true,
  },
} as const;

export type AuxiliaryEdgeKind = keyof typeof AUXILIARY_EDGE_KINDS;

export function isAuxiliaryEdgeKind(kind: string): kind is AuxiliaryEdgeKind {
  return Object.hasOwn(AUXILIARY_EDGE_KINDS, kind);
}
