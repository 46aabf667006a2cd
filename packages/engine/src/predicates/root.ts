/**
 * Root(c) and GIDs(c) (catalog 2.2): whether a container's processes run as
 * UID 0 of the host. Without ambient capabilities a non-root process loses
 * every capability at execve (kubernetes/kubernetes#56374), so every
 * capability and host-path escape of 3.3 requires Root. A pod with
 * `hostUsers: false` on a server and node with user namespaces maps
 * container root to an unprivileged host UID (KEP-127).
 */

import type { Confidence } from '@chokepoint/model';
import type { Policy } from '../policy.ts';
import { effectiveSecurity, isWindowsContainer } from './effective-security.ts';
import type { EffectiveSecurity } from './effective-security.ts';
import type { NodeFacts } from './node-facts.ts';
import type { ContainerSpec, PodSpec } from './pod-spec.ts';

export interface RootInput {
  readonly pod: PodSpec;
  readonly container: ContainerSpec;
  /** Computed from pod and container when absent. */
  readonly security?: EffectiveSecurity;
  readonly node: Pick<NodeFacts, 'os' | 'userNamespaces'>;
  readonly policy: Pick<Policy, 'imageUsers' | 'assumeSetuidRoot'>;
}

export interface RootResult {
  /** Processes run as host UID 0. False for a container that never starts. */
  readonly root: boolean;
  /**
   * `runAsUser: 0` (or an image user 0) with `runAsNonRoot: true`: the
   * kubelet refuses to start it, so no edge may leave it.
   */
  readonly neverStarts: boolean;
  readonly confidence: Confidence;
  /** Short evidence text. */
  readonly reason: string;
  /** The container UID, when the spec or `imageUsers` says. */
  readonly uid?: number;
}

/**
 * The UID an image runs as per `imageUsers`: the exact reference first, then
 * the reference without its digest and tag (`nginx` matches `nginx:1.27`).
 */
export function imageUser(
  image: string | undefined,
  imageUsers: Readonly<Record<string, number>>,
): number | undefined {
  if (image === undefined) return undefined;
  if (Object.hasOwn(imageUsers, image)) return imageUsers[image];
  const at = image.indexOf('@');
  let repository = at === -1 ? image : image.slice(0, at);
  // A tag follows the last ':' after the last '/' (a registry port does not).
  const colon = repository.lastIndexOf(':');
  if (colon > repository.lastIndexOf('/'))
    repository = repository.slice(0, colon);
  return Object.hasOwn(imageUsers, repository)
    ? imageUsers[repository]
    : undefined;
}

function result(
  root: boolean,
  confidence: Confidence,
  reason: string,
  uid?: number,
  neverStarts = false,
): RootResult {
  return {
    root,
    neverStarts,
    confidence,
    reason,
    ...(uid === undefined ? {} : { uid }),
  };
}

export function rootOf(input: RootInput): RootResult {
  const { pod, container, node, policy } = input;
  const security = input.security ?? effectiveSecurity(pod, container);
  if (node.os.value === 'windows' || isWindowsContainer(pod, security)) {
    return result(false, 'high', 'Windows container');
  }

  // Rule 1: hostUsers false inside a user namespace.
  let confidence: Confidence = 'high';
  let caveat = '';
  if (pod.hostUsers === false) {
    if (node.userNamespaces.value) {
      return result(
        false,
        'high',
        'hostUsers: false with user namespaces enabled',
      );
    }
    if (node.userNamespaces.source === 'defaulted') {
      // Support unknown: assume the field is ignored, but say so.
      confidence = 'medium';
      caveat = '; hostUsers: false ignored (user namespace support unknown)';
    }
  }

  // Rule 2: runAsUser / runAsNonRoot / image user.
  const nonRoot = security.runAsNonRoot === true;
  const specUid = security.runAsUser;
  const uid = specUid ?? imageUser(container.image, policy.imageUsers);
  const origin = specUid !== undefined ? 'runAsUser' : 'imageUsers';
  if (uid === 0 && nonRoot) {
    return result(
      false,
      'high',
      `${origin} 0 with runAsNonRoot: true: never starts`,
      0,
      true,
    );
  }
  if (uid !== undefined) {
    if (uid === 0) return result(true, confidence, `${origin} 0${caveat}`, 0);
  } else if (!nonRoot) {
    return result(
      true,
      confidence,
      `no runAsUser and runAsNonRoot not true: image user assumed root${caveat}`,
    );
  }

  // Rule 3: a set-uid-root binary in the image restores root.
  if (policy.assumeSetuidRoot && security.allowPrivilegeEscalation !== false) {
    return result(
      true,
      'low',
      'assumeSetuidRoot: non-root with privilege escalation allowed',
      uid,
    );
  }
  return result(
    false,
    confidence,
    uid !== undefined ? `${origin} ${uid}` : 'runAsNonRoot: true',
    uid,
  );
}

/** GIDs(c): effective runAsGroup (if set), supplementalGroups and fsGroup. */
export function gidsOf(security: EffectiveSecurity): readonly number[] {
  const out: number[] = [];
  if (security.runAsGroup !== undefined) out.push(security.runAsGroup);
  out.push(...security.supplementalGroups);
  if (security.fsGroup !== undefined) out.push(security.fsGroup);
  return out;
}
