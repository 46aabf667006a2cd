/**
 * Host paths (catalog 2.5): the hostPath mounts of a container, the
 * path relations covers / inside / touches, Writable(m, L), and the location
 * lists the Container -> Node edges of 3.3 test (UMH, WRITE, READ, SOCKETS,
 * KUBELET_PODS). `readOnly` makes only the top bind mount read-only:
 * submounts such as the host's /proc stay writable unless the mount is
 * recursively read-only (KEP-3857, kubernetes/website `rro.yaml`).
 * Validation rejects `..` in paths (`pkg/apis/core/validation`,
 * `validatePathNoBacksteps`), so plain segment arithmetic is exact.
 */

import type { Confidence, KubeObject } from '@chokepoint/model';
import type { ExtraLocations } from '../policy.ts';
import { lowest } from './confidence.ts';
import { asArray, asRecord, asString, pathOf } from './json.ts';
import type { NodeFacts } from './node-facts.ts';
import type { ContainerSpec, PodSpec } from './pod-spec.ts';
import type { GateValue } from './versions.ts';

// ---- paths ----

/**
 * norm(): collapse `//`, drop `.` segments and a trailing `/`, then map a
 * leading /var/run to /run and /var/lock to /run/lock (symlinks on every
 * supported distribution).
 */
export function normalizeHostPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment !== '' && segment !== '.') segments.push(segment);
  }
  if (
    segments[0] === 'var' &&
    (segments[1] === 'run' || segments[1] === 'lock')
  ) {
    segments.splice(
      0,
      2,
      ...(segments[1] === 'run' ? ['run'] : ['run', 'lock']),
    );
  }
  return `/${segments.join('/')}`;
}

function segmentsOf(normalized: string): readonly string[] {
  return normalized === '/' ? [] : normalized.slice(1).split('/');
}

/** A location with its segments split once; `*` matches one segment. */
export interface Location {
  readonly path: string;
  readonly segments: readonly string[];
}

export function compileLocation(path: string): Location {
  const normalized = normalizeHostPath(path);
  return { path: normalized, segments: segmentsOf(normalized) };
}

/** `location` starts with the first `prefixLength` segments of `path`. */
function segmentsMatch(
  path: readonly string[],
  location: readonly string[],
  length: number,
): boolean {
  for (let i = 0; i < length; i++) {
    const l = location[i];
    if (l !== '*' && l !== path[i]) return false;
  }
  return true;
}

type PathArg = string | readonly string[];

function toSegments(p: PathArg): readonly string[] {
  return typeof p === 'string' ? segmentsOf(normalizeHostPath(p)) : p;
}

function toLocation(l: string | Location): readonly string[] {
  return typeof l === 'string' ? compileLocation(l).segments : l.segments;
}

/** covers(P, L): P is `/`, L, or a parent of L. */
export function covers(p: PathArg, l: string | Location): boolean {
  const ps = toSegments(p);
  const ls = toLocation(l);
  return ps.length <= ls.length && segmentsMatch(ps, ls, ps.length);
}

/** inside(P, L): P lies strictly below L. */
export function inside(p: PathArg, l: string | Location): boolean {
  const ps = toSegments(p);
  const ls = toLocation(l);
  return ps.length > ls.length && segmentsMatch(ps, ls, ls.length);
}

export function touches(p: PathArg, l: string | Location): boolean {
  return covers(p, l) || inside(p, l);
}

// ---- location lists ----

export const UMH_LOCATIONS: readonly string[] = [
  '/proc/sys/kernel/core_pattern',
  '/proc/sys/kernel/modprobe',
  '/sys/kernel/uevent_helper',
];

export const WRITE_LOCATIONS: readonly string[] = [
  '/etc/passwd',
  '/etc/shadow',
  '/etc/group',
  '/etc/sudoers',
  '/etc/sudoers.d',
  '/etc/ld.so.preload',
  '/etc/ld.so.conf.d',
  '/etc/crontab',
  '/etc/cron.d',
  '/etc/cron.hourly',
  '/etc/cron.daily',
  '/etc/cron.weekly',
  '/etc/cron.monthly',
  '/var/spool/cron',
  '/etc/systemd',
  '/lib/systemd',
  '/usr/lib/systemd',
  '/etc/init.d',
  '/etc/rc.local',
  '/etc/profile.d',
  '/etc/ssh',
  '/root',
  '/home',
  '/etc/kubernetes',
  '/var/lib/kubelet/config.yaml',
  '/var/lib/kubelet/kubeconfig',
  '/var/lib/kubelet/pki',
  '/var/lib/kubelet/plugins',
  '/var/lib/kubelet/plugins_registry',
  '/var/lib/kubelet/device-plugins',
  '/etc/containerd',
  '/etc/crio',
  '/var/lib/containerd',
  '/var/lib/docker',
  '/var/lib/etcd',
  '/etc/rancher',
  '/var/lib/rancher',
  '/opt/cni/bin',
  '/etc/cni/net.d',
  '/usr/libexec/kubernetes/kubelet-plugins',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/boot',
];

export const READ_LOCATIONS: readonly string[] = [
  '/root/.ssh',
  '/home/*/.ssh',
  '/etc/shadow',
  '/etc/kubernetes',
  '/var/lib/kubelet/pki',
  '/var/lib/kubelet/kubeconfig',
  '/var/lib/kubelet/bootstrap-kubeconfig',
  '/var/lib/etcd',
  '/etc/rancher',
  '/var/lib/rancher/k3s/server',
  '/var/lib/rancher/rke2/server',
];

export const SOCKET_LOCATIONS: readonly string[] = [
  '/run/containerd/containerd.sock',
  '/run/crio/crio.sock',
  '/run/docker.sock',
  '/run/cri-dockerd.sock',
  '/run/dockershim.sock',
  '/run/k3s/containerd/containerd.sock',
  '/run/podman/podman.sock',
];

export const DEFAULT_SEPARATE_MOUNTS: readonly string[] = [
  '/proc',
  '/sys',
  '/dev',
  '/run',
];

export const DEFAULT_KUBELET_ROOT_DIR = '/var/lib/kubelet';

export const VAR_LOG = '/var/log';

/** KUBELET_PODS: `<kubelet root dir>/pods`. */
export function kubeletPodsLocation(
  kubeletRootDir: string = DEFAULT_KUBELET_ROOT_DIR,
): string {
  return normalizeHostPath(`${kubeletRootDir}/pods`);
}

const compileAll = (paths: readonly string[]): readonly Location[] =>
  paths.map(compileLocation);

const COMPILED = {
  umh: compileAll(UMH_LOCATIONS),
  write: compileAll(WRITE_LOCATIONS),
  read: compileAll(READ_LOCATIONS),
  sockets: compileAll(SOCKET_LOCATIONS),
  separate: compileAll(DEFAULT_SEPARATE_MOUNTS),
} as const;

const UEVENT_HELPER = '/sys/kernel/uevent_helper';

function withExtra(
  base: readonly Location[],
  extra: readonly string[] | undefined,
): readonly Location[] {
  return extra === undefined || extra.length === 0
    ? base
    : [...base, ...compileAll(extra)];
}

// ---- mounts ----

export interface HostPathMount {
  readonly volume: string;
  readonly mountPath: string;
  /** P: the normalized host path. */
  readonly path: string;
  readonly segments: readonly string[];
  readonly readOnly: boolean;
  /** `recursiveReadOnly` of the volumeMount (Disabled, IfPossible, Enabled). */
  readonly recursiveReadOnly?: string;
  /** Live input: `status.*ContainerStatuses[].volumeMounts[].recursiveReadOnly`. */
  readonly statusRecursiveReadOnly?: string;
  /** `subPathExpr` set: P is the volume path, edges at most medium. */
  readonly subPathExpr: boolean;
}

const STATUS_LISTS = [
  'containerStatuses',
  'initContainerStatuses',
  'ephemeralContainerStatuses',
] as const;

function statusMounts(
  podObject: KubeObject | undefined,
  container: string,
): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (podObject === undefined) return out;
  for (const list of STATUS_LISTS) {
    for (const status of asArray(pathOf(podObject, 'status', list))) {
      const record = asRecord(status);
      if (asString(record?.name) !== container) continue;
      for (const mount of asArray(record?.volumeMounts)) {
        const m = asRecord(mount);
        const mountPath = asString(m?.mountPath);
        const rro = asString(m?.recursiveReadOnly);
        if (mountPath !== undefined && rro !== undefined)
          out.set(mountPath, rro);
      }
    }
  }
  return out;
}

/** The hostPath mounts of one container, with P per 2.5. */
export function hostPathMountsOf(
  pod: PodSpec,
  container: ContainerSpec,
  podObject?: KubeObject,
): readonly HostPathMount[] {
  if (container.volumeMounts.length === 0) return [];
  let status: ReadonlyMap<string, string> | undefined;
  const out: HostPathMount[] = [];
  for (const mount of container.volumeMounts) {
    const volume = pod.volumes.find(v => v.name === mount.name);
    if (volume?.hostPath === undefined) continue;
    const subPathExpr =
      mount.subPathExpr !== undefined && mount.subPathExpr !== '';
    const subPath =
      !subPathExpr && mount.subPath !== undefined && mount.subPath !== ''
        ? mount.subPath
        : undefined;
    const path = normalizeHostPath(
      subPath === undefined
        ? volume.hostPath.path
        : `${volume.hostPath.path}/${subPath}`,
    );
    status ??= statusMounts(podObject, container.name);
    const statusRro = status.get(mount.mountPath);
    out.push({
      volume: volume.name,
      mountPath: mount.mountPath,
      path,
      segments: segmentsOf(path),
      readOnly: mount.readOnly,
      ...(mount.recursiveReadOnly === undefined
        ? {}
        : { recursiveReadOnly: mount.recursiveReadOnly }),
      ...(statusRro === undefined
        ? {}
        : { statusRecursiveReadOnly: statusRro }),
      subPathExpr,
    });
  }
  return out;
}

// ---- Writable(m, L) ----

export interface HostPathContext {
  readonly node: Pick<
    NodeFacts,
    'rroSupported' | 'kubeletRootDir' | 'extraSeparateMounts' | 'extraLocations'
  >;
  /** The server honours `recursiveReadOnly` (section 8, `recursiveReadOnlyHonoured`). */
  readonly rroHonoured: GateValue;
}

type Tri = 'yes' | 'no' | 'unknown';

/** Whether the mount is recursively read-only on this node and server. */
export function recursivelyReadOnly(
  mount: HostPathMount,
  context: HostPathContext,
): Tri {
  if (mount.statusRecursiveReadOnly === 'Enabled') return 'yes';
  if (mount.statusRecursiveReadOnly === 'Disabled') return 'no';
  const requested = mount.recursiveReadOnly;
  if (requested !== 'Enabled' && requested !== 'IfPossible') return 'no';
  const honoured = context.rroHonoured;
  if (honoured === false) return 'no'; // the field is dropped
  // Enabled on a node that cannot do it fails the pod rather than mounting.
  const possible = requested === 'Enabled' || context.node.rroSupported.value;
  if (!possible) return 'no';
  return honoured === true ? 'yes' : 'unknown';
}

export interface WritableResult {
  readonly writable: boolean;
  readonly confidence: Confidence;
  readonly reason: string;
  /** The separate host mount that keeps L writable under a read-only P. */
  readonly submount?: string;
}

function separateMounts(context: HostPathContext): readonly Location[] {
  return withExtra(COMPILED.separate, context.node.extraSeparateMounts);
}

/**
 * Writable(m, L): the mount is not read-only, or it is read-only without
 * recursive read-only and L lies on a separate host mount strictly below P
 * (medium: 3.3 CE_UMH_CORE_PATTERN, and section 9 item 1 is unverified).
 */
export function writable(
  mount: HostPathMount,
  location: string | Location,
  context: HostPathContext,
): WritableResult {
  if (!mount.readOnly)
    return { writable: true, confidence: 'high', reason: 'read-write mount' };
  const rro = recursivelyReadOnly(mount, context);
  if (rro === 'yes')
    return {
      writable: false,
      confidence: 'high',
      reason: 'recursive read-only',
    };
  const l = typeof location === 'string' ? compileLocation(location) : location;
  for (const s of separateMounts(context)) {
    const below =
      s.segments.length > mount.segments.length && covers(mount.segments, s);
    if (below && touches(s.segments, l)) {
      return {
        writable: true,
        confidence: 'medium',
        reason:
          rro === 'unknown'
            ? `read-only, not recursive unless the server honours recursiveReadOnly; ${s.path} is a separate mount`
            : `read-only but not recursive; ${s.path} is a separate mount`,
        submount: s.path,
      };
    }
  }
  return { writable: false, confidence: 'high', reason: 'read-only mount' };
}

// ---- queries per container ----

export interface HostPathHit {
  readonly mount: HostPathMount;
  readonly location: string;
  readonly confidence: Confidence;
  readonly reason: string;
}

function hitConfidence(
  mount: HostPathMount,
  ...others: readonly Confidence[]
): Confidence {
  return lowest(mount.subPathExpr ? 'medium' : 'high', ...others);
}

function reasonOf(
  mount: HostPathMount,
  relation: string,
  location: string,
  extra?: string,
): string {
  const base = `hostPath ${mount.path} at ${mount.mountPath} ${relation} ${location}`;
  const notes = [
    extra,
    mount.subPathExpr ? 'subPathExpr: P is the volume path' : undefined,
  ].filter((n): n is string => n !== undefined);
  return notes.length === 0 ? base : `${base} (${notes.join('; ')})`;
}

function query(
  mounts: readonly HostPathMount[],
  locations: readonly Location[],
  relation: 'covers' | 'touches',
  context: HostPathContext | undefined,
  extraConfidence?: (location: Location) => Confidence,
): readonly HostPathHit[] {
  const out: HostPathHit[] = [];
  for (const mount of mounts) {
    for (const location of locations) {
      const related =
        relation === 'covers'
          ? covers(mount.segments, location)
          : touches(mount.segments, location);
      if (!related) continue;
      let writeNote: string | undefined;
      let writeConfidence: Confidence = 'high';
      if (context !== undefined) {
        const w = writable(mount, location, context);
        if (!w.writable) continue;
        writeConfidence = w.confidence;
        writeNote = w.reason;
      }
      const extra = extraConfidence?.(location) ?? 'high';
      out.push({
        mount,
        location: location.path,
        confidence: hitConfidence(mount, writeConfidence, extra),
        reason: reasonOf(mount, relation, location.path, writeNote),
      });
    }
  }
  return out;
}

/** UMH locations covered by a writable mount (CE_UMH_CORE_PATTERN); uevent_helper: medium. */
export function umhHits(
  mounts: readonly HostPathMount[],
  context: HostPathContext,
): readonly HostPathHit[] {
  return query(
    mounts,
    withExtra(COMPILED.umh, context.node.extraLocations.umh),
    'covers',
    context,
    l => (l.path === UEVENT_HELPER ? 'medium' : 'high'),
  );
}

/** WRITE locations touched by a writable mount (EXPLOIT_HOST_WRITE). */
export function writeHits(
  mounts: readonly HostPathMount[],
  context: HostPathContext,
): readonly HostPathHit[] {
  return query(
    mounts,
    withExtra(COMPILED.write, context.node.extraLocations.write),
    'touches',
    context,
  );
}

/** READ locations touched, read-only or not (EXPLOIT_HOST_READ). */
export function readHits(
  mounts: readonly HostPathMount[],
  extra?: Pick<ExtraLocations, 'read'>,
): readonly HostPathHit[] {
  return query(
    mounts,
    withExtra(COMPILED.read, extra?.read),
    'touches',
    undefined,
  );
}

/** SOCKETS covered, read-only or not (EXPLOIT_CONTAINERD_SOCK). */
export function socketHits(
  mounts: readonly HostPathMount[],
  extra?: Pick<ExtraLocations, 'sockets'>,
): readonly HostPathHit[] {
  return query(
    mounts,
    withExtra(COMPILED.sockets, extra?.sockets),
    'covers',
    undefined,
  );
}

/** KUBELET_PODS covered, read-only or not (EXPLOIT_HOST_TRAVERSE). */
export function kubeletPodsHits(
  mounts: readonly HostPathMount[],
  kubeletRootDir: string = DEFAULT_KUBELET_ROOT_DIR,
): readonly HostPathHit[] {
  return query(
    mounts,
    [compileLocation(kubeletPodsLocation(kubeletRootDir))],
    'covers',
    undefined,
  );
}

/** /var/log covered by a mount that is not read-only (CE_VAR_LOG_SYMLINK). */
export function varLogHits(
  mounts: readonly HostPathMount[],
): readonly HostPathHit[] {
  return query(
    mounts.filter(m => !m.readOnly),
    [compileLocation(VAR_LOG)],
    'covers',
    undefined,
  );
}

/** The hit with the highest confidence (first on ties), for an edge's headline evidence. */
export function bestHit(hits: readonly HostPathHit[]): HostPathHit | undefined {
  const rank = { high: 2, medium: 1, low: 0 } as const;
  let best: HostPathHit | undefined;
  for (const hit of hits)
    if (best === undefined || rank[hit.confidence] > rank[best.confidence])
      best = hit;
  return best;
}
