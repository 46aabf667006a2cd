/**
 * A minimal typed view of a pod spec: only the fields the shared predicates
 * of catalog section 2 read, each validated once. Pods, pod templates of
 * controllers (catalog 1.3) and ephemeral-container patches all go through
 * `readPodSpec`, so the predicates never touch raw JSON. Field names follow
 * `k8s.io/api/core/v1` (PodSpec, Container, SecurityContext, Volume).
 * Values of the wrong type read as absent; `raw` keeps the original object for
 * rules that need a field not listed here.
 */

import type { KubeObject } from '@chokepoint/model';
import {
  asArray,
  asBoolean,
  asInteger,
  asRecord,
  asString,
  asStringArray,
  asStringRecord,
  optional,
} from './json.ts';
import type { JsonRecord } from './json.ts';

export interface SeccompProfile {
  readonly type?: string;
  readonly localhostProfile?: string;
}

export interface AppArmorProfile {
  readonly type?: string;
  readonly localhostProfile?: string;
}

export interface SELinuxOptions {
  readonly user?: string;
  readonly role?: string;
  readonly type?: string;
  readonly level?: string;
}

export interface WindowsOptions {
  readonly hostProcess?: boolean;
}

export interface Capabilities {
  readonly add: readonly string[];
  readonly drop: readonly string[];
}

/** Fields settable on both levels (catalog 2.1: the container's win). */
export interface SharedSecurityFields {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly runAsNonRoot?: boolean;
  readonly seLinuxOptions?: SELinuxOptions;
  readonly seccompProfile?: SeccompProfile;
  readonly appArmorProfile?: AppArmorProfile;
  readonly windowsOptions?: WindowsOptions;
}

export interface SecurityContext extends SharedSecurityFields {
  readonly privileged?: boolean;
  readonly capabilities?: Capabilities;
  readonly allowPrivilegeEscalation?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly procMount?: string;
}

export interface Sysctl {
  readonly name: string;
  readonly value?: string;
}

export interface PodSecurityContext extends SharedSecurityFields {
  readonly supplementalGroups: readonly number[];
  readonly fsGroup?: number;
  readonly sysctls: readonly Sysctl[];
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly recursiveReadOnly?: string;
  readonly subPath?: string;
  readonly subPathExpr?: string;
  readonly mountPropagation?: string;
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort?: number;
  readonly hostPort?: number;
  readonly protocol?: string;
}

/** A probe or lifecycle handler `host` field (PSA baseline from 1.34). */
export interface HandlerHost {
  /** Field path inside the container, e.g. `livenessProbe.httpGet.host`. */
  readonly field: string;
  readonly host: string;
}

export interface ContainerSpec {
  readonly name: string;
  readonly image?: string;
  readonly restartPolicy?: string;
  readonly stdin?: boolean;
  readonly securityContext?: SecurityContext;
  readonly volumeMounts: readonly VolumeMount[];
  readonly ports: readonly ContainerPort[];
  readonly handlerHosts: readonly HandlerHost[];
  readonly raw: JsonRecord;
}

export interface ServiceAccountTokenProjection {
  readonly audience?: string;
  readonly path?: string;
}

export interface ProjectedSource {
  readonly serviceAccountToken?: ServiceAccountTokenProjection;
  /** `secret.name` of a projected secret source. */
  readonly secretName?: string;
}

export interface Volume {
  readonly name: string;
  /** Keys of the volume source present besides `name` (`hostPath`, `secret`, ...). */
  readonly types: readonly string[];
  readonly hostPath?: { readonly path: string; readonly type?: string };
  /** `secret.secretName` of a secret volume. */
  readonly secretName?: string;
  /** Sources of a projected volume; empty for other volume types. */
  readonly projectedSources: readonly ProjectedSource[];
}

export interface PodSpec {
  readonly containers: readonly ContainerSpec[];
  readonly initContainers: readonly ContainerSpec[];
  readonly ephemeralContainers: readonly ContainerSpec[];
  readonly volumes: readonly Volume[];
  readonly securityContext?: PodSecurityContext;
  readonly hostUsers?: boolean;
  readonly hostPID: boolean;
  readonly hostIPC: boolean;
  readonly hostNetwork: boolean;
  readonly shareProcessNamespace: boolean;
  readonly serviceAccountName?: string;
  /** Deprecated alias of serviceAccountName, still copied by the API server. */
  readonly serviceAccount?: string;
  readonly automountServiceAccountToken?: boolean;
  readonly runtimeClassName?: string;
  readonly nodeName?: string;
  /** `os.name` (`linux`, `windows`). */
  readonly os?: string;
  readonly raw: JsonRecord;
}

const EMPTY: JsonRecord = {};

function readNamedFields<T extends object>(
  value: unknown,
  keys: readonly (keyof T & string)[],
): T | undefined {
  const record = asRecord(value);
  if (record === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const key of keys) {
    const item = asString(record[key]);
    if (item !== undefined) out[key] = item;
  }
  return out as T;
}

function readShared(record: JsonRecord): SharedSecurityFields {
  const windows = asRecord(record.windowsOptions);
  return {
    ...optional('runAsUser', asInteger(record.runAsUser)),
    ...optional('runAsGroup', asInteger(record.runAsGroup)),
    ...optional('runAsNonRoot', asBoolean(record.runAsNonRoot)),
    ...optional(
      'seLinuxOptions',
      readNamedFields<SELinuxOptions>(record.seLinuxOptions, [
        'user',
        'role',
        'type',
        'level',
      ]),
    ),
    ...optional(
      'seccompProfile',
      readNamedFields<SeccompProfile>(record.seccompProfile, [
        'type',
        'localhostProfile',
      ]),
    ),
    ...optional(
      'appArmorProfile',
      readNamedFields<AppArmorProfile>(record.appArmorProfile, [
        'type',
        'localhostProfile',
      ]),
    ),
    ...optional(
      'windowsOptions',
      windows === undefined
        ? undefined
        : optional('hostProcess', asBoolean(windows.hostProcess)),
    ),
  };
}

function readSecurityContext(value: unknown): SecurityContext | undefined {
  const record = asRecord(value);
  if (record === undefined) return undefined;
  const caps = asRecord(record.capabilities);
  return {
    ...readShared(record),
    ...optional('privileged', asBoolean(record.privileged)),
    ...optional(
      'capabilities',
      caps === undefined
        ? undefined
        : { add: asStringArray(caps.add), drop: asStringArray(caps.drop) },
    ),
    ...optional(
      'allowPrivilegeEscalation',
      asBoolean(record.allowPrivilegeEscalation),
    ),
    ...optional(
      'readOnlyRootFilesystem',
      asBoolean(record.readOnlyRootFilesystem),
    ),
    ...optional('procMount', asString(record.procMount)),
  };
}

function readPodSecurityContext(
  value: unknown,
): PodSecurityContext | undefined {
  const record = asRecord(value);
  if (record === undefined) return undefined;
  const supplementalGroups: number[] = [];
  for (const gid of asArray(record.supplementalGroups)) {
    const n = asInteger(gid);
    if (n !== undefined) supplementalGroups.push(n);
  }
  const sysctls: Sysctl[] = [];
  for (const item of asArray(record.sysctls)) {
    const sysctl = asRecord(item);
    const name = asString(sysctl?.name);
    if (name !== undefined) {
      sysctls.push({ name, ...optional('value', asString(sysctl?.value)) });
    }
  }
  return {
    ...readShared(record),
    supplementalGroups,
    ...optional('fsGroup', asInteger(record.fsGroup)),
    sysctls,
  };
}

function readVolumeMounts(value: unknown): readonly VolumeMount[] {
  const out: VolumeMount[] = [];
  for (const item of asArray(value)) {
    const record = asRecord(item);
    const name = asString(record?.name);
    const mountPath = asString(record?.mountPath);
    if (record === undefined || name === undefined || mountPath === undefined)
      continue;
    out.push({
      name,
      mountPath,
      readOnly: asBoolean(record.readOnly) === true,
      ...optional('recursiveReadOnly', asString(record.recursiveReadOnly)),
      ...optional('subPath', asString(record.subPath)),
      ...optional('subPathExpr', asString(record.subPathExpr)),
      ...optional('mountPropagation', asString(record.mountPropagation)),
    });
  }
  return out;
}

function readPorts(value: unknown): readonly ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const item of asArray(value)) {
    const record = asRecord(item);
    if (record === undefined) continue;
    out.push({
      ...optional('name', asString(record.name)),
      ...optional('containerPort', asInteger(record.containerPort)),
      ...optional('hostPort', asInteger(record.hostPort)),
      ...optional('protocol', asString(record.protocol)),
    });
  }
  return out;
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;
const HANDLERS = ['httpGet', 'tcpSocket'] as const;

function readHandlerHosts(record: JsonRecord): readonly HandlerHost[] {
  const out: HandlerHost[] = [];
  const collect = (handler: unknown, prefix: string): void => {
    const h = asRecord(handler);
    if (h === undefined) return;
    for (const kind of HANDLERS) {
      const host = asString(asRecord(h[kind])?.host);
      if (host !== undefined)
        out.push({ field: `${prefix}.${kind}.host`, host });
    }
  };
  for (const probe of PROBES) collect(record[probe], probe);
  const lifecycle = asRecord(record.lifecycle);
  if (lifecycle !== undefined) {
    for (const hook of HOOKS) collect(lifecycle[hook], `lifecycle.${hook}`);
  }
  return out;
}

function readContainer(value: unknown): ContainerSpec | undefined {
  const record = asRecord(value);
  const name = asString(record?.name);
  if (record === undefined || name === undefined) return undefined;
  return {
    name,
    ...optional('image', asString(record.image)),
    ...optional('restartPolicy', asString(record.restartPolicy)),
    ...optional('stdin', asBoolean(record.stdin)),
    ...optional('securityContext', readSecurityContext(record.securityContext)),
    volumeMounts: readVolumeMounts(record.volumeMounts),
    ports: readPorts(record.ports),
    handlerHosts: readHandlerHosts(record),
    raw: record,
  };
}

function readContainers(value: unknown): readonly ContainerSpec[] {
  const out: ContainerSpec[] = [];
  for (const item of asArray(value)) {
    const container = readContainer(item);
    if (container !== undefined) out.push(container);
  }
  return out;
}

function readProjectedSources(value: unknown): readonly ProjectedSource[] {
  const out: ProjectedSource[] = [];
  for (const item of asArray(asRecord(value)?.sources)) {
    const source = asRecord(item);
    if (source === undefined) continue;
    const token = asRecord(source.serviceAccountToken);
    out.push({
      ...optional(
        'serviceAccountToken',
        token === undefined
          ? undefined
          : {
              ...optional('audience', asString(token.audience)),
              ...optional('path', asString(token.path)),
            },
      ),
      ...optional('secretName', asString(asRecord(source.secret)?.name)),
    });
  }
  return out;
}

function readVolumes(value: unknown): readonly Volume[] {
  const out: Volume[] = [];
  const seen = new Set<string>();
  for (const item of asArray(value)) {
    const record = asRecord(item);
    const name = asString(record?.name);
    // Validation rejects duplicate volume names; keep the first.
    if (record === undefined || name === undefined || seen.has(name)) continue;
    seen.add(name);
    const hostPath = asRecord(record.hostPath);
    const hostPathPath = asString(hostPath?.path);
    out.push({
      name,
      types: Object.keys(record).filter(
        key => key !== 'name' && record[key] !== null,
      ),
      ...optional(
        'hostPath',
        hostPathPath === undefined
          ? undefined
          : {
              path: hostPathPath,
              ...optional('type', asString(hostPath?.type)),
            },
      ),
      ...optional('secretName', asString(asRecord(record.secret)?.secretName)),
      projectedSources: readProjectedSources(record.projected),
    });
  }
  return out;
}

function readSpec(record: JsonRecord): PodSpec {
  return {
    containers: readContainers(record.containers),
    initContainers: readContainers(record.initContainers),
    ephemeralContainers: readContainers(record.ephemeralContainers),
    volumes: readVolumes(record.volumes),
    ...optional(
      'securityContext',
      readPodSecurityContext(record.securityContext),
    ),
    ...optional('hostUsers', asBoolean(record.hostUsers)),
    hostPID: asBoolean(record.hostPID) === true,
    hostIPC: asBoolean(record.hostIPC) === true,
    hostNetwork: asBoolean(record.hostNetwork) === true,
    shareProcessNamespace: asBoolean(record.shareProcessNamespace) === true,
    ...optional('serviceAccountName', asString(record.serviceAccountName)),
    ...optional('serviceAccount', asString(record.serviceAccount)),
    ...optional(
      'automountServiceAccountToken',
      asBoolean(record.automountServiceAccountToken),
    ),
    ...optional('runtimeClassName', asString(record.runtimeClassName)),
    ...optional('nodeName', asString(record.nodeName)),
    ...optional('os', asString(asRecord(record.os)?.name)),
    raw: record,
  };
}

// Rules evaluate many predicates per container; reading a spec once per
// object keeps 100k-pod snapshots linear. A WeakMap is deterministic and
// holds nothing alive.
const cache = new WeakMap<object, PodSpec>();

/** The typed view of a `PodSpec` object (a pod's `spec` or a template's). */
export function readPodSpec(spec: unknown): PodSpec {
  const record = asRecord(spec);
  if (record === undefined) return readSpec(EMPTY);
  const cached = cache.get(record);
  if (cached !== undefined) return cached;
  const view = readSpec(record);
  cache.set(record, view);
  return view;
}

/** The typed view of a Pod object's `spec`. */
export function podSpecOf(pod: KubeObject): PodSpec {
  return readPodSpec(pod.spec);
}

/** One annotation of an object, tolerating malformed metadata. */
export function annotationOf(
  object: KubeObject | undefined,
  key: string,
): string | undefined {
  return asString(asRecord(object?.metadata.annotations)?.[key]);
}

/** One label of an object, tolerating malformed metadata. */
export function labelOf(
  object: KubeObject | undefined,
  key: string,
): string | undefined {
  return asString(asRecord(object?.metadata.labels)?.[key]);
}

/** The string-valued labels of an object (for selector matching). */
export function labelsOf(
  object: KubeObject | undefined,
): Readonly<Record<string, string>> {
  return asStringRecord(object?.metadata.labels);
}
