/**
 * Turns an evidence field (a JSON path into a Pod or a controller, such as
 * `spec.template.spec.containers[0].securityContext.privileged`) into the
 * change that makes it harmless, as a JSON merge patch (RFC 7386). Merge
 * patches replace arrays whole, so the patch carries the edited copy of the
 * array on the path; everything above it merges.
 */

import type { KubeObject } from '@chokepoint/model';
import { KUBE_API_ACCESS_PREFIX } from '../predicates/service-account-token.ts';

type Json = unknown;
type Segment = string | number;

export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (match === null) return [];
    out.push(match[1] ?? '');
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g))
      out.push(Number(index[1]));
  }
  return out;
}

function pathText(path: readonly Segment[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number'
        ? `[${String(segment)}]`
        : i === 0
          ? segment
          : `.${segment}`,
    )
    .join('');
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function getAt(root: Json, path: readonly Segment[]): Json {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[segment];
  }
  return node;
}

/** A merge patch that sets `root` at `path` (array segments carried whole). */
function patchFor(
  original: Json,
  path: readonly Segment[],
  edit: (parent: Record<string | number, Json>, key: Segment) => void,
): Record<string, Json> | undefined {
  const firstArray = path.findIndex(segment => typeof segment === 'number');
  const prefixLength = firstArray === -1 ? path.length - 1 : firstArray - 1;
  if (prefixLength < 0) return undefined;
  const prefix = path.slice(0, prefixLength);
  const key = path[prefixLength];
  if (typeof key !== 'string') return undefined;
  const parent = getAt(original, prefix);
  if (parent === null || typeof parent !== 'object') return undefined;
  const value = clone((parent as Record<string, Json>)[key]);
  const holder: Record<string | number, Json> = { [key]: value };
  const rest = path.slice(prefixLength);
  let node: Json = holder;
  for (const segment of rest.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[segment];
  }
  if (node === null || typeof node !== 'object') return undefined;
  edit(node as Record<string | number, Json>, rest.at(-1) ?? '');
  let patch: Record<string, Json> = { [key]: holder[key] };
  for (let i = prefix.length - 1; i >= 0; i--)
    patch = { [String(prefix[i])]: patch };
  return patch;
}

export interface FieldFix {
  readonly patch: Record<string, Json>;
  readonly description: string;
}

const TURN_OFF = new Set([
  'privileged',
  'hostPID',
  'hostIPC',
  'hostNetwork',
  'allowPrivilegeEscalation',
  'automountServiceAccountToken',
  'shareProcessNamespace',
  'stdin',
]);

const CONTAINER_LISTS = ['containers', 'initContainers'] as const;

/** The fix for one evidence field of an object, when the field has a safe value. */
export function fixForField(
  object: KubeObject,
  field: string,
): FieldFix | undefined {
  const path = parsePath(field);
  const last = path.at(-1);
  if (path.length === 0 || last === undefined) return undefined;
  if (last === 'privileged') return unprivileged(object, path, field);
  if (
    last === 'automountServiceAccountToken' &&
    object.kind === 'Pod' &&
    path.length === 2
  ) {
    const fix = tokenlessPod(object);
    if (fix !== undefined) return fix;
  }
  if (typeof last === 'string' && TURN_OFF.has(last)) {
    const patch = patchFor(object, path, (parent, key) => {
      parent[key] = false;
    });
    return patch && { patch, description: `set ${field} to false` };
  }
  if (last === 'add' && path.at(-2) === 'capabilities') {
    const patch = patchFor(object, path, (parent, key) => {
      parent[key] = [];
    });
    return (
      patch && {
        patch,
        description: `remove the added capabilities (${field})`,
      }
    );
  }
  if (last === 'runAsNonRoot' || last === 'runAsUser') {
    return nonRoot(object, path.slice(0, -1));
  }
  if (last === 'hostPort') {
    const patch = patchFor(object, path, (parent, key) => {
      Reflect.deleteProperty(parent, key);
    });
    return patch && { patch, description: `remove ${field}` };
  }
  const volume = path.findIndex(
    (segment, i) => segment === 'volumes' && typeof path[i + 1] === 'number',
  );
  if (volume !== -1 && (path.at(-1) === 'path' || path.at(-1) === 'hostPath')) {
    return removeVolume(
      object,
      path.slice(0, volume),
      Number(path[volume + 1]),
    );
  }
  return undefined;
}

/**
 * `privileged: false` on a container. The API server allows Bidirectional
 * mount propagation only to privileged containers (`validateMountPropagation`
 * in pkg/apis/core/validation), so the container's Bidirectional mounts
 * become HostToContainer: the host's mounts still reach the container, the
 * container's no longer reach the host (a CSI node plugin needs that: its
 * impact says so).
 */
function unprivileged(
  object: KubeObject,
  path: readonly Segment[],
  field: string,
): FieldFix | undefined {
  const downgraded: string[] = [];
  const patch = patchFor(object, path, (parent, key) => {
    parent[key] = false;
  });
  // The patch carries the container list whole: edit the same container in it.
  const container = patch && getAt(patch, path.slice(0, -2));
  if (container !== null && typeof container === 'object') {
    const mounts = (container as Record<string, Json>).volumeMounts;
    if (Array.isArray(mounts))
      (container as Record<string, Json>).volumeMounts = mounts.map(
        (mount: Record<string, Json>) => {
          if (mount.mountPropagation !== 'Bidirectional') return mount;
          downgraded.push(String(mount.mountPath));
          return { ...mount, mountPropagation: 'HostToContainer' };
        },
      );
  }
  if (patch === undefined) return undefined;
  return {
    patch,
    description:
      downgraded.length === 0
        ? `set ${field} to false`
        : `set ${field} to false, and the mount propagation of ${downgraded.join(', ')} from Bidirectional to HostToContainer (only privileged containers may use Bidirectional)`,
  };
}

/**
 * `automountServiceAccountToken: false` on a Pod the API server already
 * admitted. The ServiceAccount admission plugin wrote the token volume
 * (`kube-api-access-*`) and its mounts into the pod when it was created, so
 * the flag alone takes nothing away: the fix also drops that volume and its
 * mounts, which is the pod the plugin makes once the flag is false. A pod's
 * spec cannot change in place: the pod is re-created (the patches output
 * replaces it).
 */
function tokenlessPod(object: KubeObject): FieldFix | undefined {
  const spec = object.spec as Record<string, Json> | undefined;
  const volumes = Array.isArray(spec?.volumes)
    ? (spec.volumes as { name?: unknown }[])
    : [];
  const injected = new Set(
    volumes
      .map(v => v.name)
      .filter(
        (name): name is string =>
          typeof name === 'string' && name.startsWith(KUBE_API_ACCESS_PREFIX),
      ),
  );
  if (spec === undefined || injected.size === 0) return undefined;
  return {
    patch: {
      spec: {
        automountServiceAccountToken: false,
        ...withoutVolumes(spec, injected),
      },
    },
    description: `set spec.automountServiceAccountToken to false and drop the token volume the API server injected (${[...injected].join(', ')}) with its mounts`,
  };
}

/**
 * The UID a non-root fix gives a container that has none, or has 0: the
 * `nonroot` user of distroless images. An explicit non-zero UID is what makes
 * `runAsNonRoot: true` start: with UID 0, or none and an image whose user
 * cannot be verified, the kubelet refuses the container (admission.ts).
 */
export const NON_ROOT_UID = 65532;

/**
 * Runs the pod (context `…spec.securityContext`) or one container (context
 * `…spec.containers[i].securityContext`) as non-root: `runAsNonRoot: true`
 * and a non-zero UID wherever the effective UID would be 0 or unset.
 */
function nonRoot(
  object: KubeObject,
  context: readonly Segment[],
): FieldFix | undefined {
  const containerAt = context.findIndex(
    (segment, i) =>
      (segment === 'containers' || segment === 'initContainers') &&
      typeof context[i + 1] === 'number',
  );
  const specPath = context.slice(
    0,
    containerAt === -1 ? context.length - 1 : containerAt,
  );
  const spec = clone(getAt(object, specPath)) as
    Record<string, Json> | undefined;
  if (spec === undefined || context.at(-1) !== 'securityContext')
    return undefined;
  const podContext = (spec.securityContext ?? {}) as Record<string, Json>;
  const podUid = podContext.runAsUser;
  const edited: Record<string, Json> = {};
  const fixContainer = (
    container: Record<string, Json>,
    inheritedUid: Json,
  ): Record<string, Json> => {
    const own = {
      ...((container.securityContext ?? {}) as Record<string, Json>),
    };
    own.runAsNonRoot = true;
    const uid = own.runAsUser ?? inheritedUid;
    if (uid === undefined || uid === 0) own.runAsUser = NON_ROOT_UID;
    return { ...container, securityContext: own };
  };
  let where: string;
  if (containerAt === -1) {
    const fixedPod: Record<string, Json> = {
      ...podContext,
      runAsNonRoot: true,
    };
    if (podUid === undefined || podUid === 0) fixedPod.runAsUser = NON_ROOT_UID;
    edited.securityContext = fixedPod;
    // A container's own UID 0 or runAsNonRoot: false would override the pod's.
    for (const list of CONTAINER_LISTS) {
      const containers = spec[list];
      if (!Array.isArray(containers)) continue;
      const fixed = (containers as Record<string, Json>[]).map(c => {
        const own = (c.securityContext ?? {}) as Record<string, Json>;
        return own.runAsUser === 0 || own.runAsNonRoot === false
          ? fixContainer(c, fixedPod.runAsUser)
          : c;
      });
      if (JSON.stringify(fixed) !== JSON.stringify(containers))
        edited[list] = fixed;
    }
    where = pathText([...specPath, 'securityContext']);
  } else {
    const list = context[containerAt] as string;
    const index = Number(context[containerAt + 1]);
    const containers = spec[list];
    if (!Array.isArray(containers)) return undefined;
    const target = containers[index] as Record<string, Json> | undefined;
    if (target === undefined) return undefined;
    edited[list] = (containers as Record<string, Json>[]).map((c, i) =>
      i === index ? fixContainer(c, podUid) : c,
    );
    where = pathText(context);
  }
  let patch: Record<string, Json> = edited;
  for (let i = specPath.length - 1; i >= 0; i--)
    patch = { [String(specPath[i])]: patch };
  return {
    patch,
    description: `run as a non-root user (${where}.runAsNonRoot: true, with UID ${String(NON_ROOT_UID)} where none or 0 was set)`,
  };
}

/** The volumes and container lists of a pod spec without these volumes and their mounts. */
function withoutVolumes(
  spec: Record<string, Json>,
  names: ReadonlySet<string>,
): Record<string, Json> {
  const volumes = Array.isArray(spec.volumes)
    ? (spec.volumes as { name?: unknown }[])
    : [];
  const edited: Record<string, Json> = {
    volumes: volumes.filter(v => !names.has(String(v.name))),
  };
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    edited[list] = containers.map((container: Record<string, Json>) => {
      const mounts = container.volumeMounts;
      if (!Array.isArray(mounts)) return container;
      return {
        ...container,
        volumeMounts: mounts.filter(
          (m: { name?: unknown }) => !names.has(String(m.name)),
        ),
      };
    });
  }
  return edited;
}

/** Removes volume `index` of the pod spec at `specPath`, and every mount of it. */
function removeVolume(
  object: KubeObject,
  specPath: readonly Segment[],
  index: number,
): FieldFix | undefined {
  const spec = clone(getAt(object, specPath)) as
    Record<string, Json> | undefined;
  if (spec === undefined || !Array.isArray(spec.volumes)) return undefined;
  const volume = spec.volumes[index] as
    { name?: string; hostPath?: { path?: string } } | undefined;
  if (volume?.name === undefined) return undefined;
  const name = volume.name;
  let patch: Record<string, Json> = withoutVolumes(spec, new Set([name]));
  for (let i = specPath.length - 1; i >= 0; i--)
    patch = { [String(specPath[i])]: patch };
  return {
    patch,
    description: `remove the hostPath volume "${name}" (${volume.hostPath?.path ?? ''}) and its mounts`,
  };
}
