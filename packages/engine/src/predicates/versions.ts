/**
 * Kubernetes versions and the feature gates of catalog section 8. Gate
 * defaults come from the feature-gate tables of the Kubernetes documentation
 * and `pkg/features/kube_features.go`; the policy file's `featureGates` (2.9)
 * overrides them. An unknown server version yields 'unknown' whenever the
 * default differs somewhere in 1.28 to 1.35, so a rule can lower its
 * confidence (catalog 2.9 `kubernetesVersion`).
 */

export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
}

/** Oldest and newest minor versions the catalog covers (scope, catalog 0). */
export const MIN_MINOR = 28;
export const LATEST_MINOR = 35;

export type GateValue = boolean | 'unknown';

export type FeatureGates = Readonly<Record<string, boolean>>;

// `v1.31.4`, `1.29`, `v1.30.2-eks-abc`, `v1.28.3+k3s1`, `v1.27.8-gke.1067004`.
const VERSION = /^v?(\d+)\.(\d+)(?:[.+-]|$)/;

export function parseKubernetesVersion(
  text: string | undefined,
): KubernetesVersion | undefined {
  if (text === undefined) return undefined;
  const match = VERSION.exec(text.trim());
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

type VersionInput = string | KubernetesVersion | undefined;

function toVersion(version: VersionInput): KubernetesVersion | undefined {
  return typeof version === 'string'
    ? parseKubernetesVersion(version)
    : version;
}

/** The catalog minor a version behaves like (older: 1.28, newer: 1.35). */
function effectiveMinor(version: KubernetesVersion): number {
  if (version.major < 1) return MIN_MINOR;
  if (version.major > 1) return LATEST_MINOR;
  return Math.min(LATEST_MINOR, Math.max(MIN_MINOR, version.minor));
}

/** `version >= 1.<minor>`, or undefined when the version is unknown. */
export function atLeast(
  version: VersionInput,
  minor: number,
): boolean | undefined {
  const v = toVersion(version);
  if (v === undefined) return undefined;
  return v.major > 1 || (v.major === 1 && v.minor >= minor);
}

interface GateInfo {
  /** First minor in which the gate exists; overrides are ignored before it. */
  readonly introduced: number;
  /** Minors in which the gate is on by default. */
  readonly onFrom?: number;
  readonly offFrom?: number;
}

/** Section 8, one row per gate the rules consult. */
export const GATES = {
  AuthorizePodWebsocketUpgradeCreatePermission: { introduced: 35, onFrom: 35 },
  SidecarContainers: { introduced: 28, onFrom: 29 },
  UserNamespacesSupport: { introduced: 28, onFrom: 33 },
  UserNamespacesHostNetworkSupport: { introduced: 35 },
  RecursiveReadOnlyMounts: { introduced: 30, onFrom: 31 },
  MutatingAdmissionPolicy: { introduced: 30 },
  ValidatingAdmissionPolicy: { introduced: 28, onFrom: 30 },
  LegacyServiceAccountTokenCleanUp: { introduced: 28, onFrom: 29 },
  GitRepoVolumeDriver: { introduced: 28, onFrom: 28, offFrom: 33 },
  ProcMountType: { introduced: 28, onFrom: 33 },
  KubeletFineGrainedAuthz: { introduced: 32, onFrom: 33 },
  AnonymousAuthConfigurableEndpoints: { introduced: 31, onFrom: 32 },
  ConstrainedImpersonation: { introduced: 35 },
} as const satisfies Record<string, GateInfo>;

export type GateName = keyof typeof GATES;

function defaultAt(info: GateInfo, minor: number): boolean {
  if (minor < info.introduced || info.onFrom === undefined) return false;
  return (
    minor >= info.onFrom && (info.offFrom === undefined || minor < info.offFrom)
  );
}

/**
 * Whether a gate is on. A `featureGates` override wins (for an unknown
 * version it also implies the gate exists); otherwise the section 8 default.
 */
export function gateEnabled(
  gate: GateName,
  version: VersionInput,
  featureGates: FeatureGates = {},
): GateValue {
  const info: GateInfo = GATES[gate];
  const v = toVersion(version);
  const override = Object.hasOwn(featureGates, gate)
    ? featureGates[gate]
    : undefined;
  if (v === undefined) {
    if (override !== undefined) return override;
    const first = defaultAt(info, MIN_MINOR);
    for (let minor = MIN_MINOR + 1; minor <= LATEST_MINOR; minor++) {
      if (defaultAt(info, minor) !== first) return 'unknown';
    }
    return first;
  }
  const minor = effectiveMinor(v);
  if (minor < info.introduced) return false;
  return override ?? defaultAt(info, minor);
}

function not(value: GateValue): GateValue {
  return value === 'unknown' ? value : !value;
}

/**
 * `get pods/exec` (WebSocket upgrade) alone allows exec, attach and
 * port-forward: before 1.35, or with AuthorizePodWebsocketUpgradeCreatePermission
 * off (catalog 3.5 POD_EXEC; kubernetes/kubernetes#134577).
 */
export function getAloneAllowsExec(
  version: VersionInput,
  featureGates?: FeatureGates,
): GateValue {
  return not(
    gateEnabled(
      'AuthorizePodWebsocketUpgradeCreatePermission',
      version,
      featureGates,
    ),
  );
}

/** `hostUsers: false` honoured by the server (UserNamespacesSupport, 2.2). */
export function userNamespacesOnByDefault(
  version: VersionInput,
  featureGates?: FeatureGates,
): GateValue {
  return gateEnabled('UserNamespacesSupport', version, featureGates);
}

/** Init containers with `restartPolicy: Always` are sidecars (2.1). */
export function sidecarsEnabled(
  version: VersionInput,
  featureGates?: FeatureGates,
): GateValue {
  return gateEnabled('SidecarContainers', version, featureGates);
}

/** `recursiveReadOnly` honoured (RecursiveReadOnlyMounts, 2.5). */
export function recursiveReadOnlyHonoured(
  version: VersionInput,
  featureGates?: FeatureGates,
): GateValue {
  return gateEnabled('RecursiveReadOnlyMounts', version, featureGates);
}

/**
 * The MutatingAdmissionPolicy API (WEBHOOK_CONTROL): off by default in every
 * version, so only a `featureGates` override turns it on.
 */
export function mutatingAdmissionPolicyEnabled(
  version: VersionInput,
  featureGates?: FeatureGates,
): boolean {
  return gateEnabled('MutatingAdmissionPolicy', version, featureGates) === true;
}

/** ValidatingAdmissionPolicy served (GA from 1.30, 2.7). */
export function validatingAdmissionPolicyEnabled(
  version: VersionInput,
  featureGates?: FeatureGates,
): GateValue {
  return gateEnabled('ValidatingAdmissionPolicy', version, featureGates);
}

/** `gitRepo` volumes still work (GitRepoVolumeDriver, 7.19). */
export function gitRepoVolumesEnabled(
  version: VersionInput,
  featureGates?: FeatureGates,
): GateValue {
  return gateEnabled('GitRepoVolumeDriver', version, featureGates);
}

/** `procMount: Unmasked` honoured (ProcMountType, findings). */
export function procMountTypeEnabled(
  version: VersionInput,
  featureGates?: FeatureGates,
): GateValue {
  return gateEnabled('ProcMountType', version, featureGates);
}
