/**
 * What the collecting identity may list, from SelfSubjectRulesReview, and
 * which attack techniques go blind when a resource could not be read. The
 * review is per namespace and may be incomplete (webhook authorizers): it
 * plans the collection and explains gaps; the real answer is the list call.
 */

import type { CollectionGap } from '@chokepoint/model';
import type { KubeHttp } from './collect-http.ts';
import { RESOURCES, resourceName } from './resources.ts';
import type { ResourceInfo } from './resources.ts';

interface ResourceRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

export interface AccessReview {
  readonly namespace: string;
  readonly rules: readonly ResourceRule[];
  readonly incomplete: boolean;
  /** Set when the review itself failed (then nothing is known). */
  readonly error?: string;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

export async function reviewAccess(
  client: KubeHttp,
  namespace: string,
): Promise<AccessReview> {
  try {
    const review = (await client.postJson(
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectRulesReview',
        spec: { namespace },
      },
    )) as { status?: { resourceRules?: unknown[]; incomplete?: boolean } };
    const rules = (review.status?.resourceRules ?? []).map(raw => {
      const rule = (raw ?? {}) as Record<string, unknown>;
      return {
        verbs: strings(rule.verbs),
        apiGroups: strings(rule.apiGroups),
        resources: strings(rule.resources),
        resourceNames: strings(rule.resourceNames),
      };
    });
    return { namespace, rules, incomplete: review.status?.incomplete === true };
  } catch (error) {
    return {
      namespace,
      rules: [],
      incomplete: true,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Whether the review says `list` of the whole resource is allowed. */
export function mayList(review: AccessReview, resource: ResourceInfo): boolean {
  return review.rules.some(
    rule =>
      (rule.verbs.includes('list') || rule.verbs.includes('*')) &&
      (rule.apiGroups.includes(resource.group) ||
        rule.apiGroups.includes('*')) &&
      (rule.resources.includes(resource.plural) ||
        rule.resources.includes('*')) &&
      rule.resourceNames.length === 0,
  );
}

const POD_TECHNIQUES = [
  'CE_PRIV_MOUNT',
  'CE_NSENTER',
  'CE_MODULE_LOAD',
  'CE_SYS_PTRACE',
  'CE_CGROUP_RELEASE_AGENT',
  'CE_HOST_FD',
  'CE_UMH_CORE_PATTERN',
  'CE_VAR_LOG_SYMLINK',
  'EXPLOIT_HOST_WRITE',
  'EXPLOIT_HOST_READ',
  'EXPLOIT_CONTAINERD_SOCK',
  'EXPLOIT_HOST_TRAVERSE',
  'IDENTITY_ASSUME',
  'SECRET_MOUNT',
  'SHARE_PS_NAMESPACE',
  'CONTAINER_ATTACH',
  'POD_ATTACH',
  'POD_EXEC',
  'POD_ATTACH_API',
  'POD_PATCH',
  'POD_DEBUG',
  'ENDPOINT_EXPLOIT',
  'HOST_PORT_EXPOSED',
  'CLOUD_IDENTITY_ASSUME',
];

const RBAC_TECHNIQUES = [
  'AUTHENTICATES_AS',
  'POD_EXEC',
  'POD_ATTACH_API',
  'POD_PATCH',
  'POD_DEBUG',
  'NODE_PROXY_EXEC',
  'POD_CREATE',
  'POD_CREATE_WITH_SA',
  'TOKEN_LIST',
  'TOKEN_NAME_KNOWN',
  'TOKEN_BRUTEFORCE',
  'TOKEN_REQUEST',
  'TOKEN_SECRET_CREATE',
  'SECRET_READ',
  'IMPERSONATE_SA',
  'IMPERSONATE_USER',
  'IMPERSONATE_GROUP',
  'ROLE_BIND',
  'ROLE_ESCALATE',
  'CSR_CLIENT_CERT',
  'WEBHOOK_CONTROL',
  'AWS_AUTH_PATCH',
];

const EXPOSURE = ['EXPOSES', 'ROUTES_TO', 'ENDPOINT_EXPLOIT'];
const CONTROLLERS = ['IDENTITY_ASSUME', 'POD_CREATE_WITH_SA', 'OWNS'];

/**
 * Techniques (catalog edge kinds) whose edges are derived from objects of
 * each kind: when the kind is missing, these may be missing from the graph.
 */
export const TECHNIQUES_BY_KIND: Readonly<Record<string, readonly string[]>> = {
  Namespace: ['ROLE_BIND', 'POD_CREATE', 'POD_CREATE_WITH_SA', 'TOKEN_LIST'],
  Node: [
    'HOST_PORT_EXPOSED',
    'NODE_PROXY_EXEC',
    'EXPLOIT_HOST_TRAVERSE',
    'POD_ATTACH',
    'RUNS_ON',
  ],
  Pod: POD_TECHNIQUES,
  ServiceAccount: [
    'IDENTITY_ASSUME',
    'TOKEN_REQUEST',
    'IMPERSONATE_SA',
    'POD_CREATE_WITH_SA',
    'CLOUD_IDENTITY_ASSUME',
    'TOKEN_NAME_KNOWN',
  ],
  Secret: [
    'SECRET_MOUNT',
    'SECRET_READ',
    'TOKEN_LIST',
    'TOKEN_NAME_KNOWN',
    'TOKEN_BRUTEFORCE',
  ],
  ConfigMap: ['AWS_AUTH_PATCH', 'CLOUD_MAPS_TO'],
  Role: RBAC_TECHNIQUES,
  RoleBinding: [...RBAC_TECHNIQUES, 'MEMBER_OF'],
  ClusterRole: RBAC_TECHNIQUES,
  ClusterRoleBinding: [...RBAC_TECHNIQUES, 'MEMBER_OF'],
  Service: EXPOSURE,
  Endpoints: EXPOSURE,
  EndpointSlice: EXPOSURE,
  Ingress: ['EXPOSES', 'ROUTES_TO'],
  IngressClass: ['EXPOSES', 'ROUTES_TO'],
  Gateway: ['EXPOSES', 'ROUTES_TO'],
  HTTPRoute: ['ROUTES_TO'],
  GRPCRoute: ['ROUTES_TO'],
  TLSRoute: ['ROUTES_TO'],
  TCPRoute: ['ROUTES_TO'],
  ReferenceGrant: ['ROUTES_TO'],
  NetworkPolicy: ['ENDPOINT_EXPLOIT', 'EXPOSES'],
  Deployment: CONTROLLERS,
  DaemonSet: CONTROLLERS,
  StatefulSet: CONTROLLERS,
  ReplicaSet: CONTROLLERS,
  ReplicationController: CONTROLLERS,
  Job: CONTROLLERS,
  CronJob: CONTROLLERS,
  MutatingWebhookConfiguration: ['WEBHOOK_CONTROL'],
  ValidatingWebhookConfiguration: ['WEBHOOK_CONTROL'],
  ValidatingAdmissionPolicy: ['POD_CREATE', 'POD_CREATE_WITH_SA'],
  ValidatingAdmissionPolicyBinding: ['POD_CREATE', 'POD_CREATE_WITH_SA'],
  RuntimeClass: POD_TECHNIQUES.filter(t => t.startsWith('CE_')),
};

/** Technique -> the kinds whose gaps blind it, sorted. */
export function blindTechniques(
  kinds: Iterable<string>,
): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const kind of kinds) {
    for (const technique of TECHNIQUES_BY_KIND[kind] ?? [])
      (out[technique] ??= new Set()).add(kind);
  }
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map(t => [t, [...(out[t] ?? [])].sort()]),
  );
}

/**
 * The techniques a collection's gaps blind, and one warning naming them
 * (undefined when nothing is missing). For Secrets it says how to see them
 * and what that costs (deploy/optional/secrets.yaml, docs/collect.md).
 */
export function partialSnapshot(gaps: readonly CollectionGap[]): {
  blind: Record<string, string[]>;
  warning?: string;
} {
  const kinds = new Set<string>();
  for (const gap of gaps) {
    const resource = RESOURCES.find(r => resourceName(r) === gap.resource);
    if (resource) kinds.add(resource.kind);
  }
  const blind = blindTechniques(kinds);
  const names = Object.keys(blind);
  if (names.length === 0) return { blind };
  const secrets = kinds.has('Secret')
    ? '. In-cluster, deploy/optional/secrets.yaml lets the collector list Secrets (their names and types; docs/collect.md weighs what that costs)'
    : '';
  return {
    blind,
    warning: `partial snapshot: ${String(kinds.size)} kind${kinds.size === 1 ? '' : 's'} missing (${[...kinds].sort().join(', ')}); these techniques may be missing from the graph: ${names.map(t => `${t} (${(blind[t] ?? []).join(', ')})`).join(', ')}${secrets}`,
  };
}
