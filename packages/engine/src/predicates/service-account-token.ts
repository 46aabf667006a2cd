/**
 * ServiceAccounts and their tokens (catalog 2.6): the pod's ServiceAccount,
 * SAExists, TokenMounted and LiveLegacyToken. The ServiceAccount admission
 * plugin (`plugin/pkg/admission/serviceaccount/admission.go`) rejects pods
 * naming a missing ServiceAccount and injects the `kube-api-access-*`
 * projected volume; legacy token Secrets are validated by
 * `pkg/serviceaccount/legacy.go` and invalidated by the cleaner
 * (`legacy_serviceaccount_token_cleaner.go`). A projected token with a
 * foreign audience is rejected by the API server: it is not a Kubernetes
 * credential.
 */

import type { KubeObject } from '@chokepoint/model';
import type { ContainerView } from './containers.ts';
import { asArray, asBoolean, asRecord, asString, pathOf } from './json.ts';
import { annotationOf, labelOf, readPodSpec } from './pod-spec.ts';
import type { PodSpec, Volume } from './pod-spec.ts';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const KUBE_API_ACCESS_PREFIX = 'kube-api-access-';
export const LEGACY_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SA_UID_ANNOTATION = 'kubernetes.io/service-account.uid';
export const INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';
const SA_USER_PREFIX = 'system:serviceaccount:';

/** `spec.serviceAccountName`, else the deprecated `serviceAccount`, else `default`. */
export function podServiceAccountName(pod: PodSpec): string {
  const name = pod.serviceAccountName ?? pod.serviceAccount;
  return name === undefined || name === '' ? DEFAULT_SERVICE_ACCOUNT : name;
}

// ---- SAExists ----

export interface ServiceAccountIndex {
  /** Live snapshot: ServiceAccount lists are complete, nothing is inferred. */
  readonly live: boolean;
  readonly byNamespace: ReadonlyMap<string, ReadonlyMap<string, KubeObject>>;
  /** Names referenced by pods, pod templates and binding subjects, per namespace. */
  readonly referenced: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

function podTemplateSpecs(object: KubeObject): readonly unknown[] {
  switch (object.kind) {
    case 'Pod':
      return [object.spec];
    case 'PodTemplate':
      return [pathOf(object, 'template', 'spec')];
    case 'CronJob':
      return [
        pathOf(object, 'spec', 'jobTemplate', 'spec', 'template', 'spec'),
      ];
    case 'Deployment':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'Job':
    case 'ReplicationController':
      return [pathOf(object, 'spec', 'template', 'spec')];
    default:
      return [];
  }
}

/**
 * Every ServiceAccount named by a pod, a pod template (controllers included)
 * or a binding subject: kind ServiceAccount (empty namespace: the
 * RoleBinding's) or a User named `system:serviceaccount:<ns>:<name>`.
 */
export function serviceAccountReferences(
  objects: Iterable<KubeObject>,
): readonly ServiceAccountRef[] {
  const out: ServiceAccountRef[] = [];
  for (const object of objects) {
    const namespace = object.metadata.namespace ?? 'default';
    if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') {
      for (const item of asArray(object.subjects)) {
        const subject = asRecord(item);
        const kind = asString(subject?.kind);
        const name = asString(subject?.name);
        if (name === undefined) continue;
        if (kind === 'ServiceAccount') {
          const ns = asString(subject?.namespace);
          const resolved =
            ns !== undefined && ns !== ''
              ? ns
              : object.kind === 'RoleBinding'
                ? namespace
                : undefined;
          if (resolved !== undefined) out.push({ namespace: resolved, name });
        } else if (kind === 'User' && name.startsWith(SA_USER_PREFIX)) {
          const [ns, sa, ...rest] = name
            .slice(SA_USER_PREFIX.length)
            .split(':');
          if (
            ns !== undefined &&
            sa !== undefined &&
            ns !== '' &&
            sa !== '' &&
            rest.length === 0
          ) {
            out.push({ namespace: ns, name: sa });
          }
        }
      }
      continue;
    }
    for (const spec of podTemplateSpecs(object)) {
      if (asRecord(spec) === undefined) continue;
      out.push({ namespace, name: podServiceAccountName(readPodSpec(spec)) });
    }
  }
  return out;
}

export function buildServiceAccountIndex(input: {
  readonly serviceAccounts: readonly KubeObject[];
  readonly referenced?: Iterable<ServiceAccountRef>;
  readonly live: boolean;
}): ServiceAccountIndex {
  const byNamespace = new Map<string, Map<string, KubeObject>>();
  for (const sa of input.serviceAccounts) {
    const ns = sa.metadata.namespace ?? 'default';
    let names = byNamespace.get(ns);
    if (names === undefined) {
      names = new Map<string, KubeObject>();
      byNamespace.set(ns, names);
    }
    if (!names.has(sa.metadata.name)) names.set(sa.metadata.name, sa);
  }
  const referenced = new Map<string, Set<string>>();
  for (const ref of input.referenced ?? []) {
    let names = referenced.get(ref.namespace);
    if (names === undefined) {
      names = new Set<string>();
      referenced.set(ref.namespace, names);
    }
    names.add(ref.name);
  }
  return { live: input.live, byNamespace, referenced };
}

export interface ServiceAccountExistence {
  readonly exists: boolean;
  /** Inferred from references in manifest input: edges relying on it are at most medium. */
  readonly inferred: boolean;
  readonly object?: KubeObject;
  readonly reason: string;
}

export function saExists(
  index: ServiceAccountIndex,
  namespace: string,
  name: string,
): ServiceAccountExistence {
  const names = index.byNamespace.get(namespace);
  const object = names?.get(name);
  if (object !== undefined)
    return { exists: true, inferred: false, object, reason: 'in the input' };
  if (name === DEFAULT_SERVICE_ACCOUNT) {
    return {
      exists: true,
      inferred: false,
      reason: 'every namespace has a default ServiceAccount',
    };
  }
  if (index.live)
    return {
      exists: false,
      inferred: false,
      reason: 'not in the live snapshot',
    };
  let others = 0;
  for (const key of names?.keys() ?? [])
    if (key !== DEFAULT_SERVICE_ACCOUNT) others++;
  if (others === 0 && index.referenced.get(namespace)?.has(name) === true) {
    return {
      exists: true,
      inferred: true,
      reason:
        'referenced in manifest input without ServiceAccounts of the namespace',
    };
  }
  return { exists: false, inferred: false, reason: 'not in the input' };
}

// ---- LiveLegacyToken ----

export interface LegacyTokenResult {
  /** Every condition of 2.6 holds except possibly the invalid-since label. */
  readonly live: boolean;
  /**
   * Labelled `kubernetes.io/legacy-token-invalid-since`: live only for a
   * holder that can patch or update the Secret (removing the label revives it).
   */
  readonly revivableOnly: boolean;
  /** The ServiceAccount's existence is inferred (at most medium). */
  readonly inferred: boolean;
  readonly serviceAccount?: string;
  readonly reason: string;
}

const DEAD = (reason: string): LegacyTokenResult => ({
  live: false,
  revivableOnly: false,
  inferred: false,
  reason,
});

/** LiveLegacyToken(x, s); `s` defaults to the Secret's own annotation. */
export function liveLegacyToken(
  secret: KubeObject,
  index: ServiceAccountIndex,
  serviceAccount?: string,
): LegacyTokenResult {
  if (asString(secret.type) !== LEGACY_TOKEN_TYPE)
    return DEAD('not a service-account-token Secret');
  const named = annotationOf(secret, SA_NAME_ANNOTATION);
  if (named === undefined || named === '')
    return DEAD('no service-account.name annotation');
  if (serviceAccount !== undefined && named !== serviceAccount)
    return DEAD(`token of ${named}`);
  const namespace = secret.metadata.namespace ?? 'default';
  const existence = saExists(index, namespace, named);
  if (!existence.exists)
    return DEAD(`ServiceAccount ${namespace}/${named} does not exist`);
  const uid = annotationOf(secret, SA_UID_ANNOTATION);
  const saUid = existence.object?.metadata.uid;
  if (uid !== undefined && uid !== '' && saUid !== undefined && uid !== saUid) {
    return DEAD('service-account.uid does not match the ServiceAccount');
  }
  const invalid = labelOf(secret, INVALID_SINCE_LABEL) !== undefined;
  return {
    live: true,
    revivableOnly: invalid,
    inferred: existence.inferred,
    serviceAccount: named,
    reason: invalid
      ? `invalidated (${INVALID_SINCE_LABEL}), revivable by patch/update`
      : 'live legacy token',
  };
}

// ---- TokenMounted ----

export type TokenMountKind = 'automount' | 'projected' | 'legacy-secret';

export interface TokenMountWay {
  readonly kind: TokenMountKind;
  /** The volume, except for a not-yet-admitted automount. */
  readonly volume?: string;
  readonly revivableOnly: boolean;
  readonly inferred: boolean;
}

export interface TokenMountResult {
  /** A usable Kubernetes token of `s` is in the container. */
  readonly mounted: boolean;
  /** Only an invalidated legacy token is mounted (usable by a holder that can revive it). */
  readonly revivableOnly: boolean;
  /** The pod already holds the admission-injected `kube-api-access-*` volume. */
  readonly admitted: boolean;
  readonly ways: readonly TokenMountWay[];
}

export interface TokenMountInput {
  readonly pod: PodSpec;
  readonly container: ContainerView;
  /** The ServiceAccount object of `podServiceAccountName(pod)`, when in the input. */
  readonly serviceAccount?: KubeObject;
  readonly apiAudiences: readonly string[];
  /** Secret lookup by name in the pod's namespace, for legacy token volumes. */
  readonly secret?: (name: string) => KubeObject | undefined;
  /** For LiveLegacyToken's SAExists; legacy secret volumes count only with it. */
  readonly index?: ServiceAccountIndex;
}

/** A projected token whose audience the API server accepts. */
export function isKubernetesAudience(
  audience: string | undefined,
  apiAudiences: readonly string[],
): boolean {
  return (
    audience === undefined || audience === '' || apiAudiences.includes(audience)
  );
}

function hasApiToken(volume: Volume, apiAudiences: readonly string[]): boolean {
  return volume.projectedSources.some(
    source =>
      source.serviceAccountToken !== undefined &&
      isKubernetesAudience(source.serviceAccountToken.audience, apiAudiences),
  );
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** `automountServiceAccountToken` of the pod, else of the ServiceAccount, else true. */
export function automountResolved(
  pod: PodSpec,
  serviceAccount: KubeObject | undefined,
): boolean {
  return (
    pod.automountServiceAccountToken ??
    asBoolean(serviceAccount?.automountServiceAccountToken) ??
    true
  );
}

export function tokenMounted(input: TokenMountInput): TokenMountResult {
  const { pod, container, apiAudiences } = input;
  const saName = podServiceAccountName(pod);
  const admitted = pod.volumes.some(v =>
    v.name.startsWith(KUBE_API_ACCESS_PREFIX),
  );
  const ways: TokenMountWay[] = [];
  const volumes = new Map(pod.volumes.map(v => [v.name, v]));
  const mountedNames = new Set(container.spec.volumeMounts.map(m => m.name));
  for (const name of mountedNames) {
    const volume = volumes.get(name);
    if (volume === undefined) continue;
    if (hasApiToken(volume, apiAudiences)) {
      ways.push({
        kind: 'projected',
        volume: name,
        revivableOnly: false,
        inferred: false,
      });
    } else if (volume.secretName !== undefined && input.index !== undefined) {
      const secret = input.secret?.(volume.secretName);
      if (secret === undefined) continue;
      const legacy = liveLegacyToken(secret, input.index, saName);
      if (legacy.live) {
        ways.push({
          kind: 'legacy-secret',
          volume: name,
          revivableOnly: legacy.revivableOnly,
          inferred: legacy.inferred,
        });
      }
    }
  }
  if (
    !admitted &&
    container.kind !== 'ephemeral' &&
    automountResolved(pod, input.serviceAccount) &&
    !container.spec.volumeMounts.some(
      m => trimSlash(m.mountPath) === TOKEN_MOUNT_PATH,
    )
  ) {
    ways.push({ kind: 'automount', revivableOnly: false, inferred: false });
  }
  const usable = ways.some(w => !w.revivableOnly);
  return {
    mounted: usable,
    revivableOnly: !usable && ways.length > 0,
    admitted,
    ways,
  };
}
