/**
 * Node facts (catalog 2.8): every fact of a node with its value and where it
 * came from. The policy file (`nodes.<name>` over `nodeDefaults`) gives a
 * fact; otherwise a heuristic on the Node object derives it; otherwise it is
 * defaulted. Rules cite the source in evidence (3.0) and lower confidence when
 * a defaulted fact often differs (node AppArmor, 2.4). Facts are never taken
 * from the cluster version, except `cgroupVersion` (kubelet >= 1.35 refuses
 * cgroup v1, KEP-5573) and `userNamespaces` (section 8).
 */

import type { KubeObject } from '@chokepoint/model';
import type {
  CgroupVersion,
  Cloud,
  ContainerRuntime,
  ExtraLocations,
  KubeletAuthorizationMode,
  NodeFactsInput,
  NodeOs,
  Policy,
} from '../policy.ts';
import { asArray, asRecord, asString, pathOf } from './json.ts';
import { labelOf } from './pod-spec.ts';
import { atLeast, gateEnabled, parseKubernetesVersion } from './versions.ts';

export type FactSource = 'given' | 'derived' | 'defaulted';

export interface Fact<T> {
  readonly value: T;
  readonly source: FactSource;
}

export interface NodeFacts {
  readonly name: string;
  readonly os: Fact<NodeOs>;
  readonly virtual: Fact<boolean>;
  readonly runtime: Fact<ContainerRuntime>;
  readonly appArmor: Fact<boolean>;
  readonly selinuxEnforcing: Fact<boolean>;
  readonly cgroupVersion: Fact<CgroupVersion>;
  readonly seccompDefault: Fact<boolean>;
  readonly ptraceScope: Fact<number>;
  readonly moduleLoadingRestricted: Fact<boolean>;
  readonly kubeletAnonymousAuth: Fact<boolean>;
  readonly kubeletAuthorizationMode: Fact<KubeletAuthorizationMode>;
  readonly kubeletReadOnlyPort: Fact<number>;
  readonly enableSystemLogHandler: Fact<boolean>;
  readonly kubeletRootDir: Fact<string>;
  readonly publicIP: Fact<boolean>;
  readonly cloud: Fact<Cloud>;
  readonly rroSupported: Fact<boolean>;
  readonly userNamespaces: Fact<boolean>;
  /** Control-plane label (catalog 5: a critical asset). */
  readonly controlPlane: boolean;
  /** Policy additions to the separate host mounts of 2.5. */
  readonly extraSeparateMounts: readonly string[];
  /** Policy additions to the location lists of 2.5. */
  readonly extraLocations: ExtraLocations;
}

export interface NodeFactsContext {
  readonly policy: Policy;
  /** Server version, for the section 8 defaults. */
  readonly serverVersion?: string | undefined;
}

// ---- Node object readers ----

const RUNTIME_PREFIXES: readonly (readonly [string, ContainerRuntime])[] = [
  ['containerd://', 'containerd'],
  ['cri-o://', 'cri-o'],
  ['docker://', 'docker'],
];

/** The runtime named by `containerRuntimeVersion` (2.3); unknown otherwise. */
export function runtimeFromVersion(
  containerRuntimeVersion: string | undefined,
): ContainerRuntime {
  if (containerRuntimeVersion === undefined) return 'unknown';
  for (const [prefix, runtime] of RUNTIME_PREFIXES) {
    if (containerRuntimeVersion.startsWith(prefix)) return runtime;
  }
  return 'unknown';
}

function nodeInfo(
  node: KubeObject | undefined,
  key: string,
): string | undefined {
  return asString(pathOf(node, 'status', 'nodeInfo', key));
}

export const CONTROL_PLANE_LABELS = [
  'node-role.kubernetes.io/control-plane',
  'node-role.kubernetes.io/master',
] as const;

export function isControlPlaneNode(node: KubeObject | undefined): boolean {
  return CONTROL_PLANE_LABELS.some(label => labelOf(node, label) !== undefined);
}

/** Fargate, virtual-kubelet (ACI, ...): no kubelet host to escape to. */
export function isVirtualNode(node: KubeObject): boolean {
  if (labelOf(node, 'eks.amazonaws.com/compute-type') === 'fargate')
    return true;
  if (node.metadata.name.startsWith('fargate-')) return true;
  if (labelOf(node, 'type') === 'virtual-kubelet') return true;
  return asArray(pathOf(node, 'spec', 'taints')).some(
    taint => asString(asRecord(taint)?.key) === 'virtual-kubelet.io/provider',
  );
}

// ---- addresses ----

function parseIPv4(text: string): readonly number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const part of parts) {
    if (part === '' || part.length > 3) return undefined;
    const n = Number(part);
    if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/**
 * Whether an address is outside the private, shared, loopback and
 * link-local ranges (10/8, 172.16/12, 192.168/16, 100.64/10, 127/8,
 * 169.254/16, fc00::/7, fe80::/10, ::1). Unparsable text is not public.
 */
export function isPublicAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4 !== undefined) {
    const [a = 0, b = 0] = v4;
    if (a === 10 || a === 127 || a === 0) return false;
    if (a === 172 && b >= 16 && b <= 31) return false;
    if (a === 192 && b === 168) return false;
    if (a === 100 && b >= 64 && b <= 127) return false;
    if (a === 169 && b === 254) return false;
    return true;
  }
  if (!address.includes(':')) return false;
  const lower = address.toLowerCase();
  if (lower === '::1' || lower === '::') return false;
  const first = lower.split(':')[0] ?? '';
  if (first === '') return true; // ::ffff:... and other compressed forms
  const head = Number.parseInt(first.padStart(4, '0'), 16);
  if (Number.isNaN(head)) return false;
  if ((head & 0xfe00) === 0xfc00) return false; // fc00::/7
  if ((head & 0xffc0) === 0xfe80) return false; // fe80::/10
  return true;
}

function publicIPOf(node: KubeObject | undefined): boolean | undefined {
  const addresses = pathOf(node, 'status', 'addresses');
  if (!Array.isArray(addresses)) return undefined;
  return asArray(addresses).some(item => {
    const record = asRecord(item);
    const address = asString(record?.address);
    return (
      asString(record?.type) === 'ExternalIP' &&
      address !== undefined &&
      isPublicAddress(address)
    );
  });
}

function cloudOf(node: KubeObject | undefined): Cloud | undefined {
  const providerID = asString(pathOf(node, 'spec', 'providerID'));
  if (providerID === undefined) return undefined;
  if (providerID.startsWith('aws://')) return 'aws';
  if (providerID.startsWith('gce://')) return 'gcp';
  if (providerID.startsWith('azure://')) return 'azure';
  return 'other';
}

// ---- OS image table ----

export interface ImageFacts {
  readonly appArmor?: boolean;
  readonly selinuxEnforcing?: boolean;
  readonly cgroupVersion?: CgroupVersion;
  readonly moduleLoadingRestricted?: boolean;
}

export interface ImageRow {
  /** Lower-case prefixes of `osImage`. More specific rows come first. */
  readonly prefixes: readonly string[];
  readonly facts: (version: readonly number[] | undefined) => ImageFacts;
}

const NUMBERS = /(\d+)(?:\.(\d+))?/;

function versionAfter(
  osImage: string,
  prefix: string,
): readonly number[] | undefined {
  const match = NUMBERS.exec(osImage.slice(prefix.length));
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0)];
}

const fromMajor =
  (major: number) =>
  (version: readonly number[] | undefined): CgroupVersion | undefined =>
    version === undefined
      ? undefined
      : (version[0] ?? 0) >= major
        ? 'v2'
        : 'v1';

const rhelLike = (version: readonly number[] | undefined): ImageFacts => ({
  appArmor: false,
  selinuxEnforcing: true,
  moduleLoadingRestricted: false,
  ...withCgroup(fromMajor(9)(version)),
});

function withCgroup(cgroupVersion: CgroupVersion | undefined): ImageFacts {
  return cgroupVersion === undefined ? {} : { cgroupVersion };
}

export const OS_IMAGE_TABLE: readonly ImageRow[] = [
  {
    prefixes: ['ubuntu'],
    facts: version => ({
      appArmor: true,
      selinuxEnforcing: false,
      moduleLoadingRestricted: false,
      ...withCgroup(
        version === undefined
          ? undefined
          : (version[0] ?? 0) > 21 ||
              ((version[0] ?? 0) === 21 && (version[1] ?? 0) >= 10)
            ? 'v2'
            : 'v1',
      ),
    }),
  },
  {
    prefixes: ['debian'],
    facts: version => ({
      appArmor: true,
      selinuxEnforcing: false,
      moduleLoadingRestricted: false,
      ...withCgroup(fromMajor(11)(version)),
    }),
  },
  {
    // osImage carries no milestone; every COS release that runs 1.28+ is
    // past milestone 97, so an absent number reads as v2.
    prefixes: ['container-optimized os'],
    facts: version => ({
      appArmor: true,
      selinuxEnforcing: false,
      moduleLoadingRestricted: true,
      cgroupVersion:
        version === undefined ? 'v2' : (fromMajor(97)(version) ?? 'v2'),
    }),
  },
  {
    prefixes: ['red hat enterprise linux coreos', 'fedora coreos', 'fedora'],
    facts: () => ({
      appArmor: false,
      selinuxEnforcing: true,
      cgroupVersion: 'v2',
      moduleLoadingRestricted: false,
    }),
  },
  {
    prefixes: [
      'red hat enterprise linux',
      'centos stream',
      'centos linux',
      'centos',
      'rocky linux',
      'almalinux',
      'oracle linux server',
      'oracle linux',
    ],
    facts: rhelLike,
  },
  {
    prefixes: ['amazon linux 2023'],
    facts: () => ({
      appArmor: false,
      selinuxEnforcing: false,
      cgroupVersion: 'v2',
      moduleLoadingRestricted: false,
    }),
  },
  {
    prefixes: ['amazon linux 2'],
    facts: () => ({
      appArmor: false,
      selinuxEnforcing: false,
      cgroupVersion: 'v1',
      moduleLoadingRestricted: false,
    }),
  },
  {
    prefixes: ['bottlerocket'],
    facts: () => ({
      appArmor: false,
      selinuxEnforcing: true,
      cgroupVersion: 'v2',
    }),
  },
  {
    prefixes: ['flatcar container linux'],
    // "Flatcar Container Linux by Kinvolk 3602.2.0": the release number.
    facts: version => ({
      appArmor: false,
      selinuxEnforcing: false,
      moduleLoadingRestricted: false,
      ...withCgroup(fromMajor(2969)(version)),
    }),
  },
];

/** The OS image table row facts for an `osImage`, or {} when unlisted. */
export function osImageFacts(osImage: string | undefined): ImageFacts {
  if (osImage === undefined) return {};
  const lower = osImage.toLowerCase();
  for (const row of OS_IMAGE_TABLE) {
    for (const prefix of row.prefixes) {
      if (!lower.startsWith(prefix)) continue;
      return row.facts(versionAfter(osImage, prefix));
    }
  }
  return {};
}

// ---- runtime and kernel versions (rroSupported, 2.5) ----

const DOTTED = /^v?(\d+)\.(\d+)/;

function dotted(
  text: string | undefined,
): readonly [number, number] | undefined {
  if (text === undefined) return undefined;
  const match = DOTTED.exec(text);
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

function atLeastDotted(
  v: readonly [number, number],
  major: number,
  minor: number,
): boolean {
  return v[0] > major || (v[0] === major && v[1] >= minor);
}

/**
 * Recursive read-only mounts need containerd >= 2.0 or CRI-O >= 1.30 and a
 * kernel >= 5.12 (`mount_setattr` with AT_RECURSIVE); undefined when the
 * Node object does not say.
 */
export function rroSupportedOf(
  node: KubeObject | undefined,
): boolean | undefined {
  const runtimeVersion = nodeInfo(node, 'containerRuntimeVersion');
  const kernel = dotted(nodeInfo(node, 'kernelVersion'));
  if (runtimeVersion === undefined || kernel === undefined) return undefined;
  const runtime = runtimeFromVersion(runtimeVersion);
  const version = dotted(
    runtimeVersion.slice(runtimeVersion.indexOf('://') + 3),
  );
  if (version === undefined) return undefined;
  const runtimeOk =
    (runtime === 'containerd' && atLeastDotted(version, 2, 0)) ||
    (runtime === 'cri-o' && atLeastDotted(version, 1, 30));
  return runtimeOk && atLeastDotted(kernel, 5, 12);
}

// ---- assembly ----

function fact<T>(
  given: T | undefined,
  derived: T | undefined,
  fallback: T,
): Fact<T> {
  if (given !== undefined) return { value: given, source: 'given' };
  if (derived !== undefined) return { value: derived, source: 'derived' };
  return { value: fallback, source: 'defaulted' };
}

function pick<K extends keyof NodeFactsInput>(
  key: K,
  specific: NodeFactsInput | undefined,
  defaults: NodeFactsInput,
): NodeFactsInput[K] {
  return specific?.[key] ?? defaults[key];
}

function userNamespacesFact(
  given: boolean | undefined,
  kubeletVersion: string | undefined,
  context: NodeFactsContext,
): Fact<boolean> {
  if (given !== undefined) return { value: given, source: 'given' };
  const gates = context.policy.featureGates;
  const server = gateEnabled(
    'UserNamespacesSupport',
    context.serverVersion,
    gates,
  );
  if (parseKubernetesVersion(kubeletVersion) !== undefined) {
    const kubelet = gateEnabled('UserNamespacesSupport', kubeletVersion, gates);
    // Both the API server and the kubelet must honour hostUsers: false.
    return { value: kubelet === true && server !== false, source: 'derived' };
  }
  return { value: server === true, source: 'defaulted' };
}

/**
 * The facts of one node. `node` may be missing when only `spec.nodeName`
 * names it; `name` is then required.
 */
export function nodeFactsOf(
  node: KubeObject | undefined,
  context: NodeFactsContext,
  name: string = node?.metadata.name ?? '',
): NodeFacts {
  const { policy } = context;
  const specific = Object.hasOwn(policy.nodes, name)
    ? policy.nodes[name]
    : undefined;
  const defaults = policy.nodeDefaults;
  const get = <K extends keyof NodeFactsInput>(key: K): NodeFactsInput[K] =>
    pick(key, specific, defaults);

  const osLabel =
    labelOf(node, 'kubernetes.io/os') ?? nodeInfo(node, 'operatingSystem');
  const os = osLabel === 'linux' || osLabel === 'windows' ? osLabel : undefined;
  const runtimeVersion = nodeInfo(node, 'containerRuntimeVersion');
  const kubeletVersion = nodeInfo(node, 'kubeletVersion');
  const image = osImageFacts(nodeInfo(node, 'osImage'));
  const cgroupFromKubelet =
    atLeast(kubeletVersion, 35) === true ? 'v2' : undefined;
  const extraLocations: ExtraLocations = {
    ...defaults.locations,
    ...specific?.locations,
  };

  return {
    name,
    os: fact(get('os'), os, 'linux'),
    virtual: fact(
      get('virtual'),
      node === undefined ? undefined : isVirtualNode(node),
      false,
    ),
    runtime: fact(
      get('runtime'),
      runtimeVersion === undefined
        ? undefined
        : runtimeFromVersion(runtimeVersion),
      'unknown',
    ),
    appArmor: fact(get('appArmor'), image.appArmor, false),
    selinuxEnforcing: fact(
      get('selinuxEnforcing'),
      image.selinuxEnforcing,
      false,
    ),
    cgroupVersion: fact(
      get('cgroupVersion'),
      cgroupFromKubelet ?? image.cgroupVersion,
      'v2',
    ),
    seccompDefault: fact(get('seccompDefault'), undefined, false),
    ptraceScope: fact(get('ptraceScope'), undefined, 1),
    moduleLoadingRestricted: fact(
      get('moduleLoadingRestricted'),
      image.moduleLoadingRestricted,
      false,
    ),
    kubeletAnonymousAuth: fact(
      specific?.kubeletAuth?.anonymous ?? defaults.kubeletAuth?.anonymous,
      undefined,
      false,
    ),
    kubeletAuthorizationMode: fact(
      specific?.kubeletAuth?.mode ?? defaults.kubeletAuth?.mode,
      undefined,
      'Webhook',
    ),
    kubeletReadOnlyPort: fact(get('kubeletReadOnlyPort'), undefined, 0),
    enableSystemLogHandler: fact(
      get('enableSystemLogHandler'),
      undefined,
      true,
    ),
    kubeletRootDir: fact(get('kubeletRootDir'), undefined, '/var/lib/kubelet'),
    publicIP: fact(get('publicIP'), publicIPOf(node), false),
    cloud: fact(get('cloud'), cloudOf(node), 'other'),
    rroSupported: fact(get('rroSupported'), rroSupportedOf(node), false),
    userNamespaces: userNamespacesFact(
      get('userNamespaces'),
      kubeletVersion,
      context,
    ),
    controlPlane: isControlPlaneNode(node),
    extraSeparateMounts: [
      ...(defaults.separateMounts ?? []),
      ...(specific?.separateMounts ?? []),
    ],
    extraLocations,
  };
}
