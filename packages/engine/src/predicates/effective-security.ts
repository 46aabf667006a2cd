/**
 * The effective security settings of one container (catalog 2.1): the
 * container's `securityContext` overrides the pod's for the fields both
 * carry; `privileged`, `capabilities`, `allowPrivilegeEscalation`,
 * `readOnlyRootFilesystem` and `procMount` exist only per container;
 * `supplementalGroups`, `fsGroup` and `sysctls` only per pod
 * (`k8s.io/api/core/v1` SecurityContext and PodSecurityContext; the kubelet's
 * `pkg/securitycontext/util.go` merges them the same way).
 */

import type {
  AppArmorProfile,
  Capabilities,
  ContainerSpec,
  PodSpec,
  SELinuxOptions,
  SeccompProfile,
  Sysctl,
  WindowsOptions,
} from './pod-spec.ts';
import { optional } from './json.ts';

export interface EffectiveSecurity {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly runAsNonRoot?: boolean;
  readonly seLinuxOptions?: SELinuxOptions;
  readonly seccompProfile?: SeccompProfile;
  readonly appArmorProfile?: AppArmorProfile;
  readonly windowsOptions?: WindowsOptions;
  /** Unset reads as false. */
  readonly privileged: boolean;
  readonly capabilities: Capabilities;
  readonly allowPrivilegeEscalation?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly procMount?: string;
  readonly supplementalGroups: readonly number[];
  readonly fsGroup?: number;
  readonly sysctls: readonly Sysctl[];
}

const NO_CAPABILITIES: Capabilities = { add: [], drop: [] };

export function effectiveSecurity(
  pod: PodSpec,
  container: ContainerSpec,
): EffectiveSecurity {
  const p = pod.securityContext;
  const c = container.securityContext;
  // windowsOptions merges per field upstream (DetermineEffectiveSecurityContext);
  // hostProcess is the only field read here.
  const hostProcess =
    c?.windowsOptions?.hostProcess ?? p?.windowsOptions?.hostProcess;
  return {
    ...optional('runAsUser', c?.runAsUser ?? p?.runAsUser),
    ...optional('runAsGroup', c?.runAsGroup ?? p?.runAsGroup),
    ...optional('runAsNonRoot', c?.runAsNonRoot ?? p?.runAsNonRoot),
    ...optional('seLinuxOptions', c?.seLinuxOptions ?? p?.seLinuxOptions),
    ...optional('seccompProfile', c?.seccompProfile ?? p?.seccompProfile),
    ...optional('appArmorProfile', c?.appArmorProfile ?? p?.appArmorProfile),
    ...optional(
      'windowsOptions',
      hostProcess === undefined ? undefined : { hostProcess },
    ),
    privileged: c?.privileged === true,
    capabilities: c?.capabilities ?? NO_CAPABILITIES,
    ...optional('allowPrivilegeEscalation', c?.allowPrivilegeEscalation),
    ...optional('readOnlyRootFilesystem', c?.readOnlyRootFilesystem),
    ...optional('procMount', c?.procMount),
    supplementalGroups: p?.supplementalGroups ?? [],
    ...optional('fsGroup', p?.fsGroup),
    sysctls: p?.sysctls ?? [],
  };
}

/** Windows pods (`os.name`) and HostProcess containers run no Linux process. */
export function isWindowsContainer(
  pod: PodSpec,
  security: EffectiveSecurity,
): boolean {
  return pod.os === 'windows' || security.windowsOptions?.hostProcess === true;
}
