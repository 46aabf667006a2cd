/**
 * AppArmor, SELinux and seccomp confinement of a container (catalog 2.4).
 * The runtime applies its default AppArmor profile when the host has
 * AppArmor and skips it for privileged containers unless a Localhost profile
 * is named (containerd CRI `GenerateApparmorSpecOpts`). SELinux hosts run
 * privileged containers as `spc_t` and others as `container_t`. Privileged
 * containers always run seccomp-unconfined (website
 * `content/en/docs/reference/node/seccomp.md`). When node AppArmor is unknown
 * it is treated as absent, and an edge that holds only because of that is at
 * most `medium`: `confidenceCap` carries that.
 */

import type { Confidence, KubeObject } from '@chokepoint/model';
import type { EffectiveSecurity } from './effective-security.ts';
import type { Fact, NodeFacts } from './node-facts.ts';
import { annotationOf } from './pod-spec.ts';
import type { ContainerSpec, PodSpec } from './pod-spec.ts';

export type ProfileType = 'RuntimeDefault' | 'Localhost' | 'Unconfined';

export const APPARMOR_ANNOTATION_PREFIX =
  'container.apparmor.security.beta.kubernetes.io/';

export interface AppArmorProfileResult {
  /** Undefined: no profile named (the runtime default applies, if any). */
  readonly type: ProfileType | undefined;
  readonly source: 'container field' | 'annotation' | 'pod field' | 'unset';
  /** The raw value when it is not one of the three types. */
  readonly invalid?: string;
}

function profileType(value: string | undefined): ProfileType | undefined {
  return value === 'RuntimeDefault' ||
    value === 'Localhost' ||
    value === 'Unconfined'
    ? value
    : undefined;
}

function annotationType(value: string): ProfileType | undefined {
  if (value === 'runtime/default') return 'RuntimeDefault';
  if (value === 'unconfined') return 'Unconfined';
  if (value.startsWith('localhost/')) return 'Localhost';
  return undefined;
}

/**
 * The AppArmor profile: container field, then the deprecated annotation,
 * then the pod field (the API rejects a field and annotation that disagree).
 */
export function appArmorProfileOf(
  pod: PodSpec,
  container: ContainerSpec,
  podObject?: KubeObject,
): AppArmorProfileResult {
  const field = container.securityContext?.appArmorProfile?.type;
  if (field !== undefined) {
    const type = profileType(field);
    return type === undefined
      ? { type, source: 'container field', invalid: field }
      : { type, source: 'container field' };
  }
  const annotation = annotationOf(
    podObject,
    APPARMOR_ANNOTATION_PREFIX + container.name,
  );
  if (annotation !== undefined) {
    const type = annotationType(annotation);
    return type === undefined
      ? { type, source: 'annotation', invalid: annotation }
      : { type, source: 'annotation' };
  }
  const podField = pod.securityContext?.appArmorProfile?.type;
  if (podField !== undefined) {
    const type = profileType(podField);
    return type === undefined
      ? { type, source: 'pod field', invalid: podField }
      : { type, source: 'pod field' };
  }
  return { type: undefined, source: 'unset' };
}

export interface ConfinementVerdict {
  readonly holds: boolean;
  /** Highest confidence an edge relying on `holds` may have. */
  readonly confidenceCap: Confidence;
  readonly reason: string;
}

export function appArmorUnconfined(input: {
  readonly profile: AppArmorProfileResult;
  readonly privileged: boolean;
  readonly nodeAppArmor: Fact<boolean>;
}): ConfinementVerdict {
  const { profile, privileged, nodeAppArmor } = input;
  if (profile.type === 'Unconfined') {
    return {
      holds: true,
      confidenceCap: 'high',
      reason: `AppArmor Unconfined (${profile.source})`,
    };
  }
  if (privileged && profile.type !== 'Localhost') {
    return {
      holds: true,
      confidenceCap: 'high',
      reason: 'privileged: no AppArmor profile applied',
    };
  }
  if (!nodeAppArmor.value) {
    return nodeAppArmor.source === 'defaulted'
      ? {
          holds: true,
          confidenceCap: 'medium',
          reason: 'node AppArmor unknown (treated as absent)',
        }
      : {
          holds: true,
          confidenceCap: 'high',
          reason: `node has no AppArmor (${nodeAppArmor.source})`,
        };
  }
  return {
    holds: false,
    confidenceCap: 'high',
    reason:
      profile.type === 'Localhost'
        ? 'AppArmor Localhost profile'
        : 'AppArmor runtime default',
  };
}

const UNCONFINED_SELINUX_TYPES: ReadonlySet<string> = new Set([
  'spc_t',
  'unconfined_t',
]);

export function selinuxConfined(input: {
  readonly security: Pick<EffectiveSecurity, 'privileged' | 'seLinuxOptions'>;
  readonly nodeSelinuxEnforcing: Fact<boolean>;
}): boolean {
  const { security, nodeSelinuxEnforcing } = input;
  if (!nodeSelinuxEnforcing.value || security.privileged) return false;
  const type = security.seLinuxOptions?.type;
  return type === undefined || !UNCONFINED_SELINUX_TYPES.has(type);
}

export interface ConfinementInput {
  readonly pod: PodSpec;
  readonly container: ContainerSpec;
  readonly podObject?: KubeObject;
  readonly security: EffectiveSecurity;
  readonly node: Pick<
    NodeFacts,
    'appArmor' | 'selinuxEnforcing' | 'seccompDefault'
  >;
}

/** MacUnconfined(c) ⇔ AppArmorUnconfined(c) ∧ ¬SELinuxConfined(c). */
export function macUnconfined(input: ConfinementInput): ConfinementVerdict {
  const apparmor = appArmorUnconfined({
    profile: appArmorProfileOf(input.pod, input.container, input.podObject),
    privileged: input.security.privileged,
    nodeAppArmor: input.node.appArmor,
  });
  if (!apparmor.holds) return apparmor;
  if (
    selinuxConfined({
      security: input.security,
      nodeSelinuxEnforcing: input.node.selinuxEnforcing,
    })
  ) {
    return {
      holds: false,
      confidenceCap: 'high',
      reason: 'SELinux confined (container_t)',
    };
  }
  return apparmor;
}

export interface SeccompProfileResult {
  readonly type: ProfileType | undefined;
  readonly source: 'container field' | 'pod field' | 'unset';
}

export function seccompProfileOf(
  pod: PodSpec,
  container: ContainerSpec,
): SeccompProfileResult {
  const field = container.securityContext?.seccompProfile?.type;
  if (field !== undefined)
    return { type: profileType(field), source: 'container field' };
  const podField = pod.securityContext?.seccompProfile?.type;
  if (podField !== undefined)
    return { type: profileType(podField), source: 'pod field' };
  return { type: undefined, source: 'unset' };
}

/** SeccompUnconfined(c): privileged, Unconfined, or unset without kubelet seccompDefault. */
export function seccompUnconfined(input: {
  readonly profile: SeccompProfileResult;
  readonly privileged: boolean;
  readonly nodeSeccompDefault: Fact<boolean>;
}): boolean {
  const { profile, privileged, nodeSeccompDefault } = input;
  if (privileged || profile.type === 'Unconfined') return true;
  return profile.source === 'unset' && !nodeSeccompDefault.value;
}
