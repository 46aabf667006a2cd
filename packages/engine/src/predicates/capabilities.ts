/**
 * EffCaps(c) (catalog 2.3): the capabilities a container's root process
 * holds, per node runtime. Each runtime spells capability names differently
 * (the containerd CAP_ trap: containerd's CRI `WithCapabilities` prefixes
 * `CAP_` unconditionally, so `CAP_SYS_ADMIN` becomes `CAP_CAP_SYS_ADMIN`,
 * which runc drops in `libcontainer/capabilities`; CRI-O keeps an exact
 * upper-case `CAP_X`; Docker strips an optional prefix). Kubernetes sets no
 * ambient capabilities, so a non-root process holds none
 * (kubernetes/kubernetes#56374).
 */

import type { ContainerRuntime, Policy } from '../policy.ts';
import type { EffectiveSecurity } from './effective-security.ts';

/** Every Linux capability (linux `include/uapi/linux/capability.h`, 0 to 40). */
export const ALL_CAPABILITIES: readonly string[] = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
];

const KNOWN: ReadonlySet<string> = new Set(ALL_CAPABILITIES);

const CONTAINERD_DEFAULTS = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
] as const;

/** DefaultCaps(runtime); CRI-O's is its current `default_capabilities`. */
export const DEFAULT_CAPABILITIES: Readonly<
  Record<ContainerRuntime, readonly string[]>
> = {
  containerd: CONTAINERD_DEFAULTS,
  docker: CONTAINERD_DEFAULTS,
  'cri-o': [
    'CHOWN',
    'DAC_OVERRIDE',
    'FSETID',
    'FOWNER',
    'SETGID',
    'SETUID',
    'SETPCAP',
    'NET_BIND_SERVICE',
    'KILL',
  ],
  unknown: CONTAINERD_DEFAULTS,
};

function canonical(name: string): string {
  const upper = name.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/**
 * DefaultCaps for a node: the policy's per-node list, else its per-runtime
 * list, else the built-in one. Policy names are read case-insensitively with
 * an optional CAP_ prefix (they describe the runtime, not a pod spec).
 */
export function defaultCapabilitiesFor(
  runtime: ContainerRuntime,
  nodeName: string | undefined,
  policy: Pick<Policy, 'runtimeDefaultCapabilities'>,
): readonly string[] {
  const overrides = policy.runtimeDefaultCapabilities;
  const list =
    (nodeName !== undefined && Object.hasOwn(overrides.nodes, nodeName)
      ? overrides.nodes[nodeName]
      : undefined) ??
    overrides[runtime] ??
    DEFAULT_CAPABILITIES[runtime];
  return list.map(canonical).filter(name => KNOWN.has(name));
}

export interface NormalizedCapability {
  /** The capability, or undefined when the runtime ignores the entry. */
  readonly name: string | undefined;
  /** The entry carried a `CAP_` prefix (in any case). */
  readonly prefixed: boolean;
}

/** norm(x) of catalog 2.3 for one `add`/`drop` entry other than ALL. */
export function normalizeCapability(
  entry: string,
  runtime: ContainerRuntime,
): NormalizedCapability {
  const upper = entry.toUpperCase();
  const prefixed = upper.startsWith('CAP_');
  let name: string | undefined;
  switch (runtime) {
    case 'containerd':
      name = prefixed ? undefined : upper;
      break;
    case 'cri-o':
      // Kept verbatim: only the exact upper-case spelling names a capability.
      name = prefixed ? (entry === upper ? upper.slice(4) : undefined) : upper;
      break;
    case 'docker':
    case 'unknown':
      name = prefixed ? upper.slice(4) : upper;
      break;
  }
  return {
    name: name !== undefined && KNOWN.has(name) ? name : undefined,
    prefixed,
  };
}

export interface IgnoredCapabilityEntry {
  readonly list: 'add' | 'drop';
  readonly entry: string;
}

export interface EffectiveCapabilities {
  readonly caps: ReadonlySet<string>;
  /**
   * Members present only through a CAP_-prefixed `add` entry on an unknown
   * runtime: an edge that needs one of them is `low`.
   */
  readonly lowConfidence: ReadonlySet<string>;
  /** Entries the runtime ignores (CAP_ trap, unknown names): F-POD-CAPNAME. */
  readonly ignored: readonly IgnoredCapabilityEntry[];
  readonly reason: string;
}

export interface EffectiveCapabilitiesInput {
  /** Root(c) (2.2). */
  readonly root: boolean;
  readonly security: Pick<EffectiveSecurity, 'privileged' | 'capabilities'>;
  readonly runtime: ContainerRuntime;
  /** DefaultCaps; `DEFAULT_CAPABILITIES[runtime]` when absent. */
  readonly defaults?: readonly string[];
}

const NONE: ReadonlySet<string> = new Set();
const EVERY: ReadonlySet<string> = KNOWN;

function isAll(entry: string): boolean {
  return entry.toUpperCase() === 'ALL';
}

export function effectiveCapabilities(
  input: EffectiveCapabilitiesInput,
): EffectiveCapabilities {
  const { root, security, runtime } = input;
  if (!root) {
    return { caps: NONE, lowConfidence: NONE, ignored: [], reason: 'not root' };
  }
  if (security.privileged) {
    return {
      caps: EVERY,
      lowConfidence: NONE,
      ignored: [],
      reason: 'privileged',
    };
  }
  const { add, drop } = security.capabilities;
  const ignored: IgnoredCapabilityEntry[] = [];
  const addAll = add.some(isAll);
  const dropAll = drop.some(isAll);
  let base: ReadonlySet<string> = new Set(
    input.defaults ?? DEFAULT_CAPABILITIES[runtime],
  );
  if (addAll) base = EVERY;
  if (dropAll) base = NONE;
  const caps = new Set(base);
  const plainAdds = new Set<string>();
  const prefixedAdds = new Set<string>();
  for (const entry of add) {
    if (isAll(entry)) continue;
    const { name, prefixed } = normalizeCapability(entry, runtime);
    if (name === undefined) {
      ignored.push({ list: 'add', entry });
      continue;
    }
    caps.add(name);
    (prefixed ? prefixedAdds : plainAdds).add(name);
  }
  for (const entry of drop) {
    if (isAll(entry)) continue;
    const { name } = normalizeCapability(entry, runtime);
    if (name === undefined) ignored.push({ list: 'drop', entry });
    else caps.delete(name);
  }
  const lowConfidence = new Set<string>();
  if (runtime === 'unknown') {
    for (const name of prefixedAdds) {
      if (caps.has(name) && !plainAdds.has(name) && !base.has(name)) {
        lowConfidence.add(name);
      }
    }
  }
  const parts = [
    dropAll ? 'drop ALL' : addAll ? 'add ALL' : `${runtime} defaults`,
  ];
  if (plainAdds.size + prefixedAdds.size > 0) parts.push('add');
  if (drop.length > 0 && !dropAll) parts.push('drop');
  return { caps, lowConfidence, ignored, reason: parts.join(', ') };
}

/** 'high' when `cap` ∈ EffCaps, 'low' when only through a CAP_ entry on an unknown runtime. */
export function capabilityConfidence(
  effective: EffectiveCapabilities,
  cap: string,
): 'high' | 'low' | undefined {
  if (!effective.caps.has(cap)) return undefined;
  return effective.lowConfidence.has(cap) ? 'low' : 'high';
}
