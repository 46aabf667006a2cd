/**
 * The policy file (catalog 2.9): facts the input cannot show, each with a
 * default, plus node facts (2.8) under `nodeDefaults` and `nodes`. The file
 * is optional and may be partial; `resolvePolicy` validates a parsed YAML or
 * JSON document against the table of 2.9 and never throws: unknown keys and
 * wrong types become problems with a dotted path, and the offending value is
 * ignored (the default stays). `given` records which keys the file set, since
 * some confidences depend on a fact being given rather than defaulted (3.1
 * AUTHENTICATES_AS, 3.5 CSR_CLIENT_CERT and AWS_AUTH_PATCH).
 */

import type { Confidence, KubeObject } from '@chokepoint/model';
import { asRecord, asString } from './predicates/json.ts';
import { parseKubernetesVersion } from './predicates/versions.ts';
import type { FeatureGates } from './predicates/versions.ts';

export type Provider = 'eks' | 'gke' | 'aks' | 'other';
export type ContainerRuntime = 'containerd' | 'cri-o' | 'docker' | 'unknown';
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';
export type EksAuthenticationMode = 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API';
export type HostPortExposure = 'externalIP' | 'all' | 'none';
export type NodeOs = 'linux' | 'windows';
export type CgroupVersion = 'v1' | 'v2';
export type Cloud = 'aws' | 'gcp' | 'azure' | 'other';
export type KubeletAuthorizationMode = 'Webhook' | 'AlwaysAllow';

/** Extra host locations per list (catalog 2.5: "the policy file may extend them"). */
export interface ExtraLocations {
  readonly umh?: readonly string[];
  readonly write?: readonly string[];
  readonly read?: readonly string[];
  readonly sockets?: readonly string[];
}

/** Node facts of catalog 2.8 as the policy file states them; all optional. */
export interface NodeFactsInput {
  readonly os?: NodeOs;
  readonly virtual?: boolean;
  readonly runtime?: ContainerRuntime;
  readonly appArmor?: boolean;
  readonly selinuxEnforcing?: boolean;
  readonly cgroupVersion?: CgroupVersion;
  readonly seccompDefault?: boolean;
  readonly ptraceScope?: number;
  readonly moduleLoadingRestricted?: boolean;
  readonly kubeletAuth?: {
    readonly anonymous?: boolean;
    readonly mode?: KubeletAuthorizationMode;
  };
  readonly kubeletReadOnlyPort?: number;
  readonly enableSystemLogHandler?: boolean;
  readonly kubeletRootDir?: string;
  readonly publicIP?: boolean;
  readonly cloud?: Cloud;
  readonly rroSupported?: boolean;
  readonly userNamespaces?: boolean;
  /** Separate host mounts besides /proc, /sys, /dev and /run (2.5). */
  readonly separateMounts?: readonly string[];
  readonly locations?: ExtraLocations;
  /**
   * The node's labels and taints, for placing the stand-ins of controllers
   * (catalog 1.3) when the input holds no Node objects: the nodes the policy
   * names are then the cluster's nodes (docs/policy.md, Topology).
   */
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly NodeTaint[];
}

export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/**
 * The control plane of the node pool assumed when the input has no Node
 * objects and the policy names none: `schedulable` (default off EKS, GKE and
 * AKS: a self-managed control-plane node any pod may land on, as on k3s or a
 * single-node kubeadm cluster), `tainted` (kubeadm's default: only pods that
 * tolerate `node-role.kubernetes.io/control-plane:NoSchedule` land there), or
 * `managed` (no control-plane node in the cluster; the default on EKS, GKE
 * and AKS).
 */
export type ControlPlaneTopology = 'schedulable' | 'tainted' | 'managed';

/**
 * An accepted risk: the exposed path from `entry` (and/or to `asset`), or the
 * finding `finding`, is accepted until `until` (YYYY-MM-DD, inclusive). It is
 * still reported, marked accepted, and no longer fails a `--fail-on` gate;
 * once the date has passed it counts again and the report says so.
 */
export interface AcceptedRisk {
  readonly entry?: string;
  readonly asset?: string;
  readonly finding?: string;
  readonly until: string;
  readonly reason: string;
}

/** `entry` / `critical`: a list extends the defaults; `{ids, replace: true}` replaces them. */
export interface IdOverride {
  readonly ids: readonly string[];
  /** Nodes chosen by what they are rather than by id (analysis issue, point 1). */
  readonly selectors: readonly NodeSelector[];
  readonly replace: boolean;
}

/**
 * Graph nodes by kind, namespace, name (`*` matches any run of characters)
 * and labels (of the object, or of a container's pod); every given field must
 * match.
 */
export interface NodeSelector {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** DefaultCaps overrides (2.3), per runtime or per node name. */
export interface RuntimeDefaultCapabilities {
  readonly containerd?: readonly string[];
  readonly 'cri-o'?: readonly string[];
  readonly docker?: readonly string[];
  readonly unknown?: readonly string[];
  readonly nodes: Readonly<Record<string, readonly string[]>>;
}

export interface Policy {
  /** Server version; unset: the snapshot's, else unknown. */
  readonly kubernetesVersion?: string;
  readonly featureGates: FeatureGates;
  /** Unset: derived by `providerOf`. */
  readonly provider?: Provider;
  readonly apiServer: {
    readonly publicEndpoint: boolean;
    readonly anonymousAuth: boolean;
  };
  /** Unset: true on GKE, else false (`authenticatedIsPublicFor`). */
  readonly authenticatedIsPublic?: boolean;
  /** Extra memberships by id: `{ "User:alice": ["Group:dev"] }`. */
  readonly memberships: Readonly<Record<string, readonly string[]>>;
  readonly entry: IdOverride;
  readonly critical: IdOverride;
  readonly podSecurity: {
    readonly enabled: boolean;
    readonly defaults: {
      readonly enforce: PodSecurityLevel;
      /** `latest` or `v1.<minor>`. */
      readonly enforceVersion: string;
    };
    readonly exemptions: {
      readonly usernames: readonly string[];
      readonly runtimeClasses: readonly string[];
      readonly namespaces: readonly string[];
    };
  };
  readonly admission: {
    readonly certificateSubjectRestriction: boolean;
    /** Namespaces (`*`: all) where admission rejects privileged pods; unset: derived (2.7). */
    readonly blocksPrivileged?: readonly string[];
    readonly denyServiceExternalIPs: boolean;
  };
  readonly csr: {
    /** Unset: false on EKS, else true (`kubeApiserverClientSignerFor`). */
    readonly kubeApiserverClientSigner?: boolean;
  };
  readonly apiAudiences: readonly string[];
  readonly eks: { readonly authenticationMode: EksAuthenticationMode };
  readonly webhookEndpointReachable: boolean;
  readonly exposure: {
    readonly nodePorts: boolean;
    readonly hostPorts: HostPortExposure;
    readonly internalIngressClasses: readonly string[];
    readonly internalGatewayClasses: readonly string[];
  };
  readonly runtimeDefaultCapabilities: RuntimeDefaultCapabilities;
  /** Image reference (exact, or without tag/digest) to the UID it runs as. */
  readonly imageUsers: Readonly<Record<string, number>>;
  readonly assumeSetuidRoot: boolean;
  readonly nodeDefaults: NodeFactsInput;
  readonly nodes: Readonly<Record<string, NodeFactsInput>>;
  /** The assumed node pool (input without Node objects). */
  readonly topology: {
    /** Unset: `managed` on EKS, GKE and AKS, else `schedulable`. */
    readonly controlPlane?: ControlPlaneTopology;
  };
  readonly minConfidence: Confidence;
  /** Paths or findings a team accepted until a date (analysis issue, point 1). */
  readonly acceptedRisks: readonly AcceptedRisk[];
  /** Wave-2 inputs (catalog 7), passed through unvalidated. */
  readonly controllers?: unknown;
  readonly imds?: unknown;
  readonly ingressControllers?: unknown;
  /** Dotted paths of the keys the policy file set (`apiServer.anonymousAuth`). */
  readonly given: readonly string[];
}

export const DEFAULT_POLICY: Policy = {
  featureGates: {},
  apiServer: { publicEndpoint: true, anonymousAuth: true },
  memberships: {},
  entry: { ids: [], selectors: [], replace: false },
  critical: { ids: [], selectors: [], replace: false },
  podSecurity: {
    enabled: true,
    defaults: { enforce: 'privileged', enforceVersion: 'latest' },
    exemptions: { usernames: [], runtimeClasses: [], namespaces: [] },
  },
  admission: {
    certificateSubjectRestriction: true,
    denyServiceExternalIPs: false,
  },
  csr: {},
  apiAudiences: [],
  eks: { authenticationMode: 'API_AND_CONFIG_MAP' },
  webhookEndpointReachable: true,
  exposure: {
    nodePorts: true,
    hostPorts: 'externalIP',
    internalIngressClasses: [],
    internalGatewayClasses: [],
  },
  runtimeDefaultCapabilities: { nodes: {} },
  imageUsers: {},
  assumeSetuidRoot: false,
  nodeDefaults: {},
  nodes: {},
  topology: {},
  minConfidence: 'low',
  acceptedRisks: [],
  given: [],
};

// ---- validation schema: one entry per key of the 2.9 and 2.8 tables ----

type Schema =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string'; readonly values?: readonly string[] }
  | { readonly kind: 'version' }
  | { readonly kind: 'enforceVersion' }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'strings' }
  | { readonly kind: 'ids' }
  | {
      readonly kind: 'object';
      readonly fields: Readonly<Record<string, Schema>>;
      /** Fields that must be present (and valid). */
      readonly required?: readonly string[];
    }
  | { readonly kind: 'map'; readonly value: Schema }
  | { readonly kind: 'list'; readonly item: Schema }
  | { readonly kind: 'date' }
  | { readonly kind: 'acceptedRisks' }
  | { readonly kind: 'selectors' }
  | { readonly kind: 'any' };

const bool: Schema = { kind: 'boolean' };
const strings: Schema = { kind: 'strings' };
const text: Schema = { kind: 'string' };
const oneOf = (...values: readonly string[]): Schema => ({
  kind: 'string',
  values,
});
const object = (fields: Readonly<Record<string, Schema>>): Schema => ({
  kind: 'object',
  fields,
});
const map = (value: Schema): Schema => ({ kind: 'map', value });

const RUNTIMES = ['containerd', 'cri-o', 'docker', 'unknown'] as const;
const LEVELS = ['privileged', 'baseline', 'restricted'] as const;

const NODE_FACTS: Schema = object({
  os: oneOf('linux', 'windows'),
  virtual: bool,
  runtime: oneOf(...RUNTIMES),
  appArmor: bool,
  selinuxEnforcing: bool,
  cgroupVersion: oneOf('v1', 'v2'),
  seccompDefault: bool,
  ptraceScope: { kind: 'integer', min: 0, max: 3 },
  moduleLoadingRestricted: bool,
  kubeletAuth: object({
    anonymous: bool,
    mode: oneOf('Webhook', 'AlwaysAllow'),
  }),
  kubeletReadOnlyPort: { kind: 'integer', min: 0, max: 65535 },
  enableSystemLogHandler: bool,
  kubeletRootDir: text,
  publicIP: bool,
  cloud: oneOf('aws', 'gcp', 'azure', 'other'),
  rroSupported: bool,
  userNamespaces: bool,
  separateMounts: strings,
  locations: object({
    umh: strings,
    write: strings,
    read: strings,
    sockets: strings,
  }),
  labels: map(text),
  taints: {
    kind: 'list',
    item: {
      kind: 'object',
      fields: {
        key: text,
        value: text,
        effect: oneOf('NoSchedule', 'PreferNoSchedule', 'NoExecute'),
      },
      required: ['key', 'effect'],
    },
  },
});

const POLICY_SCHEMA: Readonly<Record<string, Schema>> = {
  kubernetesVersion: { kind: 'version' },
  featureGates: map(bool),
  provider: oneOf('eks', 'gke', 'aks', 'other'),
  apiServer: object({ publicEndpoint: bool, anonymousAuth: bool }),
  authenticatedIsPublic: bool,
  memberships: map(strings),
  entry: { kind: 'ids' },
  critical: { kind: 'ids' },
  podSecurity: object({
    enabled: bool,
    defaults: object({
      enforce: oneOf(...LEVELS),
      enforceVersion: { kind: 'enforceVersion' },
    }),
    exemptions: object({
      usernames: strings,
      runtimeClasses: strings,
      namespaces: strings,
    }),
  }),
  admission: object({
    certificateSubjectRestriction: bool,
    blocksPrivileged: strings,
    denyServiceExternalIPs: bool,
  }),
  csr: object({ kubeApiserverClientSigner: bool }),
  apiAudiences: strings,
  eks: object({
    authenticationMode: oneOf('CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'),
  }),
  webhookEndpointReachable: bool,
  exposure: object({
    nodePorts: bool,
    hostPorts: oneOf('externalIP', 'all', 'none'),
    internalIngressClasses: strings,
    internalGatewayClasses: strings,
  }),
  runtimeDefaultCapabilities: object({
    containerd: strings,
    'cri-o': strings,
    docker: strings,
    unknown: strings,
    nodes: map(strings),
  }),
  imageUsers: map({ kind: 'integer', min: 0, max: 2 ** 31 - 1 }),
  assumeSetuidRoot: bool,
  nodeDefaults: NODE_FACTS,
  nodes: map(NODE_FACTS),
  topology: object({
    controlPlane: oneOf('schedulable', 'tainted', 'managed'),
  }),
  minConfidence: oneOf('high', 'medium', 'low'),
  acceptedRisks: { kind: 'acceptedRisks' },
  controllers: { kind: 'any' },
  imds: { kind: 'any' },
  ingressControllers: { kind: 'any' },
};

const ENFORCE_VERSION = /^(latest|v1\.(0|[1-9]\d*))$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const ACCEPTED_RISK: Schema = {
  kind: 'object',
  fields: {
    entry: text,
    asset: text,
    finding: text,
    until: { kind: 'date' },
    reason: text,
  },
};

const SELECTOR: Schema = {
  kind: 'object',
  fields: { kind: text, namespace: text, name: text, labels: map(text) },
};

function checkSelectors(value: unknown, path: string, walk: Walk): unknown {
  if (!Array.isArray(value)) {
    walk.problems.push(
      `${path}: expected a list of selectors, got ${describe(value)}`,
    );
    return NOTHING;
  }
  const out: NodeSelector[] = [];
  value.forEach((item: unknown, i) => {
    const selector = check(SELECTOR, item, `${path}[${String(i)}]`, walk);
    if (selector !== NOTHING) out.push(selector as NodeSelector);
  });
  walk.given.push(path);
  return out;
}

function checkAcceptedRisks(value: unknown, path: string, walk: Walk): unknown {
  if (!Array.isArray(value)) {
    walk.problems.push(
      `${path}: expected a list of accepted risks, got ${describe(value)}`,
    );
    return NOTHING;
  }
  const out: AcceptedRisk[] = [];
  value.forEach((item: unknown, i) => {
    const at = `${path}[${String(i)}]`;
    const risk = check(ACCEPTED_RISK, item, at, walk) as
      Partial<AcceptedRisk> | typeof NOTHING;
    if (risk === NOTHING) return;
    if (risk.until === undefined || risk.reason === undefined) {
      // A malformed date was reported already; only a missing one is news.
      const raw = item as Record<string, unknown>;
      if (
        (risk.until === undefined && 'until' in raw) ||
        (risk.reason === undefined && 'reason' in raw)
      )
        return;
      walk.problems.push(
        `${at}: an accepted risk needs until (YYYY-MM-DD) and reason`,
      );
      return;
    }
    if (
      risk.entry === undefined &&
      risk.asset === undefined &&
      risk.finding === undefined
    ) {
      walk.problems.push(
        `${at}: name the entry, the asset or the finding that is accepted`,
      );
      return;
    }
    out.push(risk as AcceptedRisk);
  });
  walk.given.push(path);
  return out;
}

interface Walk {
  readonly problems: string[];
  readonly given: string[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object'
    ? 'an object'
    : `${typeof value} ${JSON.stringify(value)}`;
}

const NOTHING = Symbol('invalid');

function checkStrings(
  value: unknown,
  path: string,
  walk: Walk,
): readonly string[] | typeof NOTHING {
  if (!Array.isArray(value)) {
    walk.problems.push(
      `${path}: expected a list of strings, got ${describe(value)}`,
    );
    return NOTHING;
  }
  const out: string[] = [];
  (value as readonly unknown[]).forEach((item, i) => {
    if (typeof item === 'string') out.push(item);
    else
      walk.problems.push(
        `${path}[${i}]: expected a string, got ${describe(item)}`,
      );
  });
  return out;
}

/** The cleaned value, or NOTHING when it is unusable (a problem is recorded). */
function check(
  schema: Schema,
  value: unknown,
  path: string,
  walk: Walk,
): unknown {
  switch (schema.kind) {
    case 'any':
      walk.given.push(path);
      return value;
    case 'date':
      if (
        typeof value === 'string' &&
        DATE.test(value) &&
        !Number.isNaN(Date.parse(value))
      ) {
        walk.given.push(path);
        return value;
      }
      walk.problems.push(
        `${path}: expected a date YYYY-MM-DD, got ${describe(value)}`,
      );
      return NOTHING;
    case 'acceptedRisks':
      return checkAcceptedRisks(value, path, walk);
    case 'selectors':
      return checkSelectors(value, path, walk);
    case 'boolean':
      if (typeof value === 'boolean') {
        walk.given.push(path);
        return value;
      }
      walk.problems.push(
        `${path}: expected true or false, got ${describe(value)}`,
      );
      return NOTHING;
    case 'integer':
      if (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= schema.min &&
        value <= schema.max
      ) {
        walk.given.push(path);
        return value;
      }
      walk.problems.push(
        `${path}: expected an integer from ${schema.min} to ${schema.max}, got ${describe(value)}`,
      );
      return NOTHING;
    case 'string':
    case 'version':
    case 'enforceVersion': {
      if (typeof value !== 'string') {
        walk.problems.push(
          `${path}: expected a string, got ${describe(value)}`,
        );
        return NOTHING;
      }
      if (
        schema.kind === 'string' &&
        schema.values !== undefined &&
        !schema.values.includes(value)
      ) {
        walk.problems.push(
          `${path}: expected one of ${schema.values.join(', ')}, got ${JSON.stringify(value)}`,
        );
        return NOTHING;
      }
      if (
        schema.kind === 'version' &&
        parseKubernetesVersion(value) === undefined
      ) {
        walk.problems.push(
          `${path}: not a Kubernetes version (v1.31.4): ${JSON.stringify(value)}`,
        );
        return NOTHING;
      }
      if (schema.kind === 'enforceVersion' && !ENFORCE_VERSION.test(value)) {
        walk.problems.push(
          `${path}: expected latest or v1.<minor>, got ${JSON.stringify(value)}`,
        );
        return NOTHING;
      }
      walk.given.push(path);
      return value;
    }
    case 'strings': {
      const out = checkStrings(value, path, walk);
      if (out !== NOTHING) walk.given.push(path);
      return out;
    }
    case 'ids': {
      if (Array.isArray(value)) {
        const ids = checkStrings(value, path, walk);
        if (ids === NOTHING) return NOTHING;
        walk.given.push(path);
        return { ids, selectors: [], replace: false };
      }
      const record = asRecord(value);
      if (record === undefined) {
        walk.problems.push(
          `${path}: expected a list of ids or {ids, selectors, replace}, got ${describe(value)}`,
        );
        return NOTHING;
      }
      const cleaned = check(
        {
          kind: 'object',
          fields: {
            ids: strings,
            selectors: { kind: 'selectors' },
            replace: bool,
          },
        },
        record,
        path,
        walk,
      ) as
        | {
            ids?: readonly string[];
            selectors?: readonly NodeSelector[];
            replace?: boolean;
          }
        | typeof NOTHING;
      if (cleaned === NOTHING) return NOTHING;
      return {
        ids: cleaned.ids ?? [],
        selectors: cleaned.selectors ?? [],
        replace: cleaned.replace ?? false,
      };
    }
    case 'list': {
      if (!Array.isArray(value)) {
        walk.problems.push(`${path}: expected a list, got ${describe(value)}`);
        return NOTHING;
      }
      const out: unknown[] = [];
      (value as readonly unknown[]).forEach((item, i) => {
        const cleaned = check(schema.item, item, `${path}[${String(i)}]`, walk);
        if (cleaned !== NOTHING) out.push(cleaned);
      });
      walk.given.push(path);
      return out;
    }
    case 'object':
    case 'map': {
      const record = asRecord(value);
      if (record === undefined) {
        walk.problems.push(
          `${path}: expected an object, got ${describe(value)}`,
        );
        return NOTHING;
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(record)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        const child = schema.kind === 'map' ? schema.value : schema.fields[key];
        if (child === undefined) {
          walk.problems.push(`${childPath}: unknown key`);
          continue;
        }
        const cleaned = check(child, item, childPath, walk);
        if (cleaned !== NOTHING) out[key] = cleaned;
      }
      if (schema.kind === 'object' && schema.required !== undefined) {
        const missing = schema.required.filter(key => !(key in out));
        if (missing.length > 0) {
          if (missing.some(key => !(key in record)))
            walk.problems.push(
              `${path}: needs ${missing.map(key => `"${key}"`).join(' and ')}`,
            );
          return NOTHING;
        }
      }
      return out;
    }
  }
}

function merge(base: unknown, override: unknown): unknown {
  const b = asRecord(base);
  const o = asRecord(override);
  if (b === undefined || o === undefined) return override;
  const out: Record<string, unknown> = { ...b };
  for (const [key, value] of Object.entries(o)) out[key] = merge(b[key], value);
  return out;
}

/**
 * Validates a parsed policy document (`undefined`/`null`: no file) and merges
 * it over `DEFAULT_POLICY`. Never throws.
 */
export function resolvePolicy(partial: unknown): {
  policy: Policy;
  problems: string[];
} {
  const walk: Walk = { problems: [], given: [] };
  if (partial === undefined || partial === null) {
    return { policy: DEFAULT_POLICY, problems: [] };
  }
  const cleaned = check(object(POLICY_SCHEMA), partial, '', walk);
  if (cleaned === NOTHING) {
    walk.problems[walk.problems.length - 1] =
      `policy: expected an object, got ${describe(partial)}`;
    return { policy: DEFAULT_POLICY, problems: walk.problems };
  }
  const record = asRecord(cleaned) ?? {};
  const merged = merge(DEFAULT_POLICY, {
    ...record,
    given: walk.given,
  }) as Policy;
  return { policy: merged, problems: walk.problems };
}

/** Whether the policy file set this key or a key below it. */
export function isGiven(policy: Policy, path: string): boolean {
  const prefix = `${path}.`;
  return policy.given.some(p => p === path || p.startsWith(prefix));
}

// ---- provider (2.9) ----

export const PROVIDER_NODE_LABELS: readonly (readonly [string, Provider])[] = [
  ['eks.amazonaws.com/nodegroup', 'eks'],
  ['cloud.google.com/gke-nodepool', 'gke'],
  ['kubernetes.azure.com/cluster', 'aks'],
];

/**
 * The managed offering, from the server version suffix (`-eks-`, `-gke.`) or
 * node labels; `other` otherwise. The policy's `provider`, when given, wins
 * (see `resolveProvider`).
 */
export function providerOf(
  serverVersion: string | undefined,
  nodes: readonly KubeObject[],
): Provider {
  if (serverVersion !== undefined) {
    if (serverVersion.includes('-eks-')) return 'eks';
    if (serverVersion.includes('-gke.')) return 'gke';
  }
  for (const node of nodes) {
    const labels = asRecord(node.metadata.labels);
    if (labels === undefined) continue;
    for (const [label, provider] of PROVIDER_NODE_LABELS) {
      if (asString(labels[label]) !== undefined) return provider;
    }
  }
  return 'other';
}

export function resolveProvider(
  policy: Policy,
  serverVersion: string | undefined,
  nodes: readonly KubeObject[],
): { value: Provider; source: 'given' | 'derived' } {
  if (policy.provider !== undefined) {
    return { value: policy.provider, source: 'given' };
  }
  return { value: providerOf(serverVersion, nodes), source: 'derived' };
}

/** `authenticatedIsPublic`: true on GKE (any Google account authenticates). */
export function authenticatedIsPublicFor(
  policy: Policy,
  provider: Provider,
): boolean {
  return policy.authenticatedIsPublic ?? provider === 'gke';
}

/** `csr.kubeApiserverClientSigner`: false on EKS, true otherwise. */
export function kubeApiserverClientSignerFor(
  policy: Policy,
  provider: Provider,
): boolean {
  return policy.csr.kubeApiserverClientSigner ?? provider !== 'eks';
}
