/**
 * Pod Security (catalog 2.7): the effective enforce level and version of a
 * namespace, whether a namespace admits privileged pods for a creator,
 * whether other admission may block them, and whether a pod satisfies a
 * level. Level and version parsing follow
 * `staging/src/k8s.io/pod-security-admission/api` (`PolicyToEvaluate`:
 * unparsable labels evaluate as restricted, latest); the checks follow
 * `staging/src/k8s.io/pod-security-admission/policy/check_*.go`, which compare
 * capability names literally.
 */

import type { KubeObject } from '@chokepoint/model';
import type { PodSecurityLevel, Policy } from '../policy.ts';
import { containersOf } from './containers.ts';
import { asArray, asRecord, asString, asStringArray, pathOf } from './json.ts';
import { matchesLabelSelector, namespaceLabels } from './label-selector.ts';
import { labelOf } from './pod-spec.ts';
import type { ContainerSpec, PodSpec } from './pod-spec.ts';
import { APPARMOR_ANNOTATION_PREFIX } from './confinement.ts';
import { LATEST_MINOR } from './versions.ts';

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL =
  'pod-security.kubernetes.io/enforce-version';

const LEVELS: ReadonlySet<string> = new Set([
  'privileged',
  'baseline',
  'restricted',
]);

function isLevel(value: string): value is PodSecurityLevel {
  return LEVELS.has(value);
}

// ---- versions ----

export interface PsaVersion {
  /** `latest`: the newest check set known (LATEST_MINOR). */
  readonly latest: boolean;
  /** The minor version whose check set applies. */
  readonly minor: number;
}

const VERSION_LABEL = /^v1\.(0|[1-9]\d*)$/;

/** `v1.x` or `latest`; undefined when invalid. */
export function parsePsaVersion(value: string): PsaVersion | undefined {
  if (value === 'latest') return { latest: true, minor: LATEST_MINOR };
  const match = VERSION_LABEL.exec(value);
  if (match === null) return undefined;
  // A version newer than the checks known evaluates as latest.
  const minor = Number(match[1]);
  return minor >= LATEST_MINOR
    ? { latest: true, minor: LATEST_MINOR }
    : { latest: false, minor };
}

const LATEST: PsaVersion = { latest: true, minor: LATEST_MINOR };

// ---- EnforceLevel ----

export interface EnforceLevelResult {
  readonly level: PodSecurityLevel;
  readonly source:
    'disabled' | 'exemption' | 'label' | 'invalid label' | 'default';
  /** The label value as found, when present. */
  readonly label?: string;
  readonly version: PsaVersion;
  readonly versionSource: 'label' | 'invalid label' | 'default';
}

export function enforceLevel(
  namespace: KubeObject | undefined,
  name: string,
  policy: Pick<Policy, 'podSecurity'>,
): EnforceLevelResult {
  const ps = policy.podSecurity;
  const defaultVersion = parsePsaVersion(ps.defaults.enforceVersion) ?? LATEST;
  const versionLabel = labelOf(namespace, ENFORCE_VERSION_LABEL);
  const parsed =
    versionLabel === undefined ? undefined : parsePsaVersion(versionLabel);
  const version =
    versionLabel === undefined ? defaultVersion : (parsed ?? LATEST);
  const versionSource =
    versionLabel === undefined
      ? 'default'
      : parsed === undefined
        ? 'invalid label'
        : 'label';
  if (!ps.enabled)
    return { level: 'privileged', source: 'disabled', version, versionSource };
  if (ps.exemptions.namespaces.includes(name)) {
    return { level: 'privileged', source: 'exemption', version, versionSource };
  }
  const label = labelOf(namespace, ENFORCE_LABEL);
  if (label !== undefined) {
    return isLevel(label)
      ? { level: label, source: 'label', label, version, versionSource }
      : {
          level: 'restricted',
          source: 'invalid label',
          label,
          version: LATEST,
          versionSource,
        };
  }
  return {
    level: ps.defaults.enforce,
    source: 'default',
    version,
    versionSource,
  };
}

// ---- AdmitsPrivileged ----

export interface AdmitsPrivilegedInput {
  readonly namespace: KubeObject | undefined;
  readonly namespaceName: string;
  /** Username of the creating identity (`system:serviceaccount:ns:name`, ...). */
  readonly creator?: string;
  readonly policy: Pick<Policy, 'podSecurity'>;
  readonly runtimeClasses: readonly KubeObject[];
}

export interface AdmitsPrivilegedResult {
  readonly admits: boolean;
  readonly reason: string;
}

export function admitsPrivileged(
  input: AdmitsPrivilegedInput,
): AdmitsPrivilegedResult {
  const { policy } = input;
  const level = enforceLevel(input.namespace, input.namespaceName, policy);
  if (level.level === 'privileged') {
    return {
      admits: true,
      reason: `enforce level privileged (${level.source})`,
    };
  }
  const exemptions = policy.podSecurity.exemptions;
  if (
    input.creator !== undefined &&
    exemptions.usernames.includes(input.creator)
  ) {
    return { admits: true, reason: `creator ${input.creator} is exempt` };
  }
  const runtimeClass = input.runtimeClasses.find(rc =>
    exemptions.runtimeClasses.includes(rc.metadata.name),
  );
  if (runtimeClass !== undefined) {
    return {
      admits: true,
      reason: `RuntimeClass ${runtimeClass.metadata.name} is exempt`,
    };
  }
  return {
    admits: false,
    reason: `enforce level ${level.level} (${level.source})`,
  };
}

// ---- AdmissionMayBlock ----

export interface AdmissionObjects {
  readonly validatingAdmissionPolicies?: readonly KubeObject[];
  readonly validatingAdmissionPolicyBindings?: readonly KubeObject[];
  readonly validatingWebhookConfigurations?: readonly KubeObject[];
  /** Any objects; Kyverno and Gatekeeper ones are recognised by apiVersion. */
  readonly policyEngineObjects?: readonly KubeObject[];
}

export interface AdmissionMayBlockResult {
  readonly mayBlock: boolean;
  /** From `admission.blocksPrivileged` rather than derived. */
  readonly given: boolean;
  /** Ids of the objects whose rules cover pod creation in the namespace. */
  readonly by: readonly string[];
}

function listHas(value: unknown, ...accepted: readonly string[]): boolean {
  return asStringArray(value).some(item => accepted.includes(item));
}

/** An admission rule (webhook rule or VAP resourceRule) covering pods CREATE. */
function ruleCoversPodCreate(rule: unknown): boolean {
  const r = asRecord(rule);
  return (
    r !== undefined &&
    listHas(r.operations, 'CREATE', '*') &&
    listHas(r.apiGroups, '', '*') &&
    listHas(r.resources, 'pods', '*', '*/*')
  );
}

function objectId(object: KubeObject): string {
  const ns = object.metadata.namespace;
  return ns === undefined
    ? `${object.kind}:${object.metadata.name}`
    : `${object.kind}:${ns}/${object.metadata.name}`;
}

function vapBlocks(
  policy: KubeObject,
  bindings: readonly KubeObject[],
  labels: Readonly<Record<string, string>>,
): boolean {
  const constraints = pathOf(policy, 'spec', 'matchConstraints');
  if (!asArray(pathOf(constraints, 'resourceRules')).some(ruleCoversPodCreate))
    return false;
  if (!matchesLabelSelector(pathOf(constraints, 'namespaceSelector'), labels))
    return false;
  return bindings.some(binding => {
    if (
      asString(pathOf(binding, 'spec', 'policyName')) !== policy.metadata.name
    )
      return false;
    if (!listHas(pathOf(binding, 'spec', 'validationActions'), 'Deny'))
      return false;
    const match = pathOf(binding, 'spec', 'matchResources');
    const rules = pathOf(match, 'resourceRules');
    if (Array.isArray(rules) && !asArray(rules).some(ruleCoversPodCreate))
      return false;
    return matchesLabelSelector(pathOf(match, 'namespaceSelector'), labels);
  });
}

function webhookBlocks(
  config: KubeObject,
  labels: Readonly<Record<string, string>>,
): boolean {
  return asArray(config.webhooks).some(
    hook =>
      asArray(pathOf(hook, 'rules')).some(ruleCoversPodCreate) &&
      matchesLabelSelector(pathOf(hook, 'namespaceSelector'), labels),
  );
}

/**
 * Gatekeeper namespace patterns: exact, or a `*` at the front or the end
 * (`kube-*`, `*-system`; the match section of every constraint).
 */
function gatekeeperNamespaceMatches(
  patterns: readonly string[],
  name: string,
): boolean {
  return patterns.some(p =>
    p.endsWith('*')
      ? name.startsWith(p.slice(0, -1))
      : p.startsWith('*')
        ? name.endsWith(p.slice(1))
        : p === name,
  );
}

/**
 * Kyverno namespace patterns: wildcards anywhere, `*` any run of characters
 * and `?` one character (Kyverno's `ext/wildcard` Match).
 */
function kyvernoNamespaceMatches(
  patterns: readonly string[],
  name: string,
): boolean {
  return patterns.some(p => {
    const source = p
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.');
    return new RegExp(`^${source}$`, 's').test(name);
  });
}

const POD_KINDS: readonly string[] = ['Pod', 'v1/Pod', '*/Pod', '*'];

function kyvernoResourcesCover(
  resources: unknown,
  name: string,
  labels: Readonly<Record<string, string>>,
): boolean {
  const r = asRecord(resources);
  if (r === undefined || !listHas(r.kinds, ...POD_KINDS)) return false;
  const namespaces = asStringArray(r.namespaces);
  if (namespaces.length > 0 && !kyvernoNamespaceMatches(namespaces, name))
    return false;
  return matchesLabelSelector(r.namespaceSelector, labels);
}

function kyvernoBlocks(
  object: KubeObject,
  name: string,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (object.kind === 'Policy' && object.metadata.namespace !== name)
    return false;
  const spec = asRecord(object.spec);
  const policyAction = asString(spec?.validationFailureAction)?.toLowerCase();
  return asArray(spec?.rules).some(item => {
    const rule = asRecord(item);
    const validate = asRecord(rule?.validate);
    if (validate === undefined) return false;
    const action =
      asString(validate.failureAction)?.toLowerCase() ?? policyAction;
    if (action !== 'enforce') return false;
    const match = asRecord(rule?.match);
    const alternatives = [
      ...(match?.resources === undefined ? [] : [match.resources]),
      ...asArray(match?.any).map(m => asRecord(m)?.resources),
    ];
    const all = asArray(match?.all).map(m => asRecord(m)?.resources);
    const covered =
      alternatives.some(r => kyvernoResourcesCover(r, name, labels)) ||
      (all.length > 0 &&
        all.every(r => kyvernoResourcesCover(r, name, labels)));
    if (!covered) return false;
    const excluded = asStringArray(
      pathOf(rule, 'exclude', 'resources', 'namespaces'),
    );
    return !kyvernoNamespaceMatches(excluded, name);
  });
}

function gatekeeperBlocks(
  object: KubeObject,
  name: string,
  labels: Readonly<Record<string, string>>,
): boolean {
  const spec = asRecord(object.spec);
  const action = asString(spec?.enforcementAction) ?? 'deny';
  if (action !== 'deny') return false;
  const match = asRecord(spec?.match);
  const kinds = asArray(match?.kinds);
  if (
    kinds.length > 0 &&
    !kinds.some(
      k =>
        listHas(pathOf(k, 'apiGroups'), '', '*') &&
        listHas(pathOf(k, 'kinds'), 'Pod', '*'),
    )
  ) {
    return false;
  }
  const namespaces = asStringArray(match?.namespaces);
  if (namespaces.length > 0 && !gatekeeperNamespaceMatches(namespaces, name))
    return false;
  if (
    gatekeeperNamespaceMatches(asStringArray(match?.excludedNamespaces), name)
  )
    return false;
  return matchesLabelSelector(match?.namespaceSelector, labels);
}

/**
 * AdmissionMayBlock(ns): a bound ValidatingAdmissionPolicy (Deny), a
 * validating webhook, an enforcing Kyverno policy or a Gatekeeper constraint
 * whose match covers pod creation in `ns`. A ConstraintTemplate alone blocks
 * nothing: only its constraints do. `admission.blocksPrivileged`, when given,
 * decides instead.
 */
export function admissionMayBlock(
  namespace: KubeObject | undefined,
  name: string,
  objects: AdmissionObjects,
  policy?: Pick<Policy, 'admission'>,
): AdmissionMayBlockResult {
  const given = policy?.admission.blocksPrivileged;
  if (given !== undefined) {
    const mayBlock = given.includes('*') || given.includes(name);
    return {
      mayBlock,
      given: true,
      by: mayBlock ? ['policy:admission.blocksPrivileged'] : [],
    };
  }
  const labels = namespaceLabels(namespace, name);
  const by: string[] = [];
  const bindings = objects.validatingAdmissionPolicyBindings ?? [];
  for (const vap of objects.validatingAdmissionPolicies ?? []) {
    if (vapBlocks(vap, bindings, labels)) by.push(objectId(vap));
  }
  for (const config of objects.validatingWebhookConfigurations ?? []) {
    if (webhookBlocks(config, labels)) by.push(objectId(config));
  }
  for (const object of objects.policyEngineObjects ?? []) {
    const apiVersion = object.apiVersion ?? '';
    const kyverno =
      apiVersion.startsWith('kyverno.io/') &&
      (object.kind === 'ClusterPolicy' || object.kind === 'Policy');
    if (kyverno && kyvernoBlocks(object, name, labels))
      by.push(objectId(object));
    if (
      apiVersion.startsWith('constraints.gatekeeper.sh/') &&
      gatekeeperBlocks(object, name, labels)
    ) {
      by.push(objectId(object));
    }
  }
  return { mayBlock: by.length > 0, given: false, by };
}

// ---- does a pod satisfy a level ----

export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

const BASELINE_CAPS: ReadonlySet<string> = new Set(BASELINE_CAPABILITIES);

/** Restricted volume types besides which nothing is allowed (check_restrictedVolumes.go). */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

const RESTRICTED_VOLUMES: ReadonlySet<string> = new Set(
  RESTRICTED_VOLUME_TYPES,
);

const SYSCTLS_BY_MINOR: readonly (readonly [number, readonly string[]])[] = [
  [
    0,
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [
    29,
    [
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
    ],
  ],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
];

/** The baseline safe sysctls of a policy version (check_sysctls.go; F-POD-SYSCTL). */
export function safeSysctls(minor: number): ReadonlySet<string> {
  const out = new Set<string>();
  for (const [from, names] of SYSCTLS_BY_MINOR)
    if (minor >= from) for (const n of names) out.add(n);
  return out;
}

const SELINUX_TYPES = [
  'container_t',
  'container_init_t',
  'container_kvm_t',
] as const;

export interface PsaViolation {
  /** The PSA check name, e.g. `privileged`, `hostPathVolumes`. */
  readonly check: string;
  /** Field path, e.g. `spec.containers[app].securityContext.privileged`. */
  readonly field: string;
}

export interface PodSecurityCheckResult {
  readonly satisfied: boolean;
  readonly violations: readonly PsaViolation[];
}

function fieldOf(container: { kind: string; name: string }): string {
  const list =
    container.kind === 'ephemeral'
      ? 'ephemeralContainers'
      : container.kind === 'container'
        ? 'containers'
        : 'initContainers';
  return `spec.${list}[${container.name}]`;
}

/**
 * Whether a pod spec satisfies `level` at policy version `minor`
 * (POD_PATCH: P itself satisfies the namespace's enforce level). Pass
 * `podObject` for the AppArmor annotations.
 */
export function checkPodSecurity(input: {
  readonly pod: PodSpec;
  readonly podObject?: KubeObject;
  /** The pod's annotations when there is no pod object (a controller's template). */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly level: PodSecurityLevel;
  readonly version?: PsaVersion;
}): PodSecurityCheckResult {
  const { pod, level } = input;
  const minor = input.version?.minor ?? LATEST_MINOR;
  const violations: PsaViolation[] = [];
  if (level === 'privileged') return { satisfied: true, violations };
  const add = (check: string, field: string): void => {
    violations.push({ check, field });
  };
  const containers = containersOf(pod);
  const psc = pod.securityContext;
  const selinuxTypes: ReadonlySet<string> = new Set<string>([
    ...SELINUX_TYPES,
    ...(minor >= 31 ? ['container_engine_t'] : []),
  ]);
  const sysctls = safeSysctls(minor);

  // baseline
  if (psc?.windowsOptions?.hostProcess === true)
    add('hostProcess', 'spec.securityContext.windowsOptions.hostProcess');
  if (pod.hostNetwork) add('hostNamespaces', 'spec.hostNetwork');
  if (pod.hostPID) add('hostNamespaces', 'spec.hostPID');
  if (pod.hostIPC) add('hostNamespaces', 'spec.hostIPC');
  for (const volume of pod.volumes) {
    if (volume.hostPath !== undefined)
      add('hostPathVolumes', `spec.volumes[${volume.name}].hostPath`);
  }
  const checkSelinux = (
    options: { user?: string; role?: string; type?: string } | undefined,
    at: string,
  ): void => {
    if (options === undefined) return;
    if (
      options.type !== undefined &&
      options.type !== '' &&
      !selinuxTypes.has(options.type)
    ) {
      add('seLinuxOptions', `${at}.seLinuxOptions.type`);
    }
    if ((options.user ?? '') !== '')
      add('seLinuxOptions', `${at}.seLinuxOptions.user`);
    if ((options.role ?? '') !== '')
      add('seLinuxOptions', `${at}.seLinuxOptions.role`);
  };
  checkSelinux(psc?.seLinuxOptions, 'spec.securityContext');
  if (psc?.seccompProfile?.type === 'Unconfined')
    add('seccompProfile_baseline', 'spec.securityContext.seccompProfile.type');
  const appArmorOk = (type: string | undefined): boolean =>
    type === undefined || type === 'RuntimeDefault' || type === 'Localhost';
  if (minor >= 30 && !appArmorOk(psc?.appArmorProfile?.type)) {
    add('appArmorProfile', 'spec.securityContext.appArmorProfile.type');
  }
  for (const [key, value] of Object.entries(
    input.annotations ?? asRecord(input.podObject?.metadata.annotations) ?? {},
  )) {
    if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
    const v = asString(value);
    if (
      v !== undefined &&
      v !== 'runtime/default' &&
      !v.startsWith('localhost/')
    ) {
      add('appArmorProfile', `metadata.annotations[${key}]`);
    }
  }
  for (const sysctl of psc?.sysctls ?? []) {
    if (!sysctls.has(sysctl.name))
      add('sysctls', `spec.securityContext.sysctls[${sysctl.name}]`);
  }
  for (const view of containers) {
    const c: ContainerSpec = view.spec;
    const at = fieldOf(view);
    const sc = c.securityContext;
    if (sc?.windowsOptions?.hostProcess === true)
      add('hostProcess', `${at}.securityContext.windowsOptions.hostProcess`);
    if (sc?.privileged === true)
      add('privileged', `${at}.securityContext.privileged`);
    for (const cap of sc?.capabilities?.add ?? []) {
      if (!BASELINE_CAPS.has(cap))
        add(
          'capabilities_baseline',
          `${at}.securityContext.capabilities.add[${cap}]`,
        );
    }
    for (const port of c.ports) {
      if (port.hostPort !== undefined && port.hostPort !== 0)
        add('hostPorts', `${at}.ports[${port.hostPort}].hostPort`);
    }
    if (minor >= 30 && !appArmorOk(sc?.appArmorProfile?.type))
      add('appArmorProfile', `${at}.securityContext.appArmorProfile.type`);
    checkSelinux(sc?.seLinuxOptions, `${at}.securityContext`);
    if (sc?.procMount !== undefined && sc.procMount !== 'Default')
      add('procMount', `${at}.securityContext.procMount`);
    if (sc?.seccompProfile?.type === 'Unconfined')
      add(
        'seccompProfile_baseline',
        `${at}.securityContext.seccompProfile.type`,
      );
    if (minor >= 34) {
      for (const handler of c.handlerHosts) {
        if (handler.host !== '')
          add('hostProbesAndHostLifecycle', `${at}.${handler.field}`);
      }
    }
  }
  if (level === 'baseline')
    return { satisfied: violations.length === 0, violations };

  // restricted
  const linuxOnly = pod.os !== 'windows';
  for (const volume of pod.volumes) {
    for (const type of volume.types) {
      // hostPath is already a baseline violation.
      if (type !== 'hostPath' && !RESTRICTED_VOLUMES.has(type)) {
        add('restrictedVolumes', `spec.volumes[${volume.name}].${type}`);
      }
    }
  }
  if (psc?.runAsUser === 0) add('runAsUser', 'spec.securityContext.runAsUser');
  const podNonRoot = psc?.runAsNonRoot;
  if (podNonRoot === false)
    add('runAsNonRoot', 'spec.securityContext.runAsNonRoot');
  for (const view of containers) {
    const at = fieldOf(view);
    const sc = view.spec.securityContext;
    if (sc?.runAsUser === 0)
      add('runAsUser', `${at}.securityContext.runAsUser`);
    if (
      sc?.runAsNonRoot === false ||
      (sc?.runAsNonRoot === undefined && podNonRoot !== true)
    ) {
      add('runAsNonRoot', `${at}.securityContext.runAsNonRoot`);
    }
    if (!linuxOnly) continue;
    if (sc?.allowPrivilegeEscalation !== false)
      add(
        'allowPrivilegeEscalation',
        `${at}.securityContext.allowPrivilegeEscalation`,
      );
    const seccomp = sc?.seccompProfile?.type ?? psc?.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      add(
        'seccompProfile_restricted',
        `${at}.securityContext.seccompProfile.type`,
      );
    }
    if (!(sc?.capabilities?.drop ?? []).includes('ALL'))
      add('capabilities_restricted', `${at}.securityContext.capabilities.drop`);
    for (const cap of sc?.capabilities?.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE')
        add(
          'capabilities_restricted',
          `${at}.securityContext.capabilities.add[${cap}]`,
        );
    }
  }
  return { satisfied: violations.length === 0, violations };
}
