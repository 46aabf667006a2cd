/**
 * The impact of each thing a workload fix takes away: from the knowledge
 * base when a container is a known component (it needs it, and why; or it
 * does not), else from what the cluster shows about the workload.
 */

import type { ContainerInfo, WorkloadInfo } from '../../snapshot-index.ts';
import { recogniseContainers } from '../knowledge/index.ts';
import type { Component, ComponentNeeds, Need } from '../knowledge/index.ts';
import type { ImpactContext } from './context.ts';
import { workloadName } from './context.ts';
import { worstOf } from './impact.ts';
import type { Impact } from './impact.ts';
import type { Loss } from './pod-spec-losses.ts';
import { tokenUse } from './token-use.ts';

function describe(loss: Loss): string {
  switch (loss.kind) {
    case 'privileged':
      return 'privileged mode';
    case 'capability':
      return `the ${loss.capability} capability`;
    case 'hostNetwork':
      return 'the host network';
    case 'hostPID':
      return 'the host PID namespace';
    case 'hostIPC':
      return 'the host IPC namespace';
    case 'hostPath':
      return `the host path ${loss.path}`;
    case 'hostPort':
      return `host port ${String(loss.port)}`;
    case 'root':
      return 'running as root';
    case 'privilegeEscalation':
      return 'privilege escalation';
    case 'token':
      return 'its ServiceAccount token';
    case 'placement':
      return 'its node placement';
  }
}

function normalise(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

function within(path: string, parent: string): boolean {
  return parent === '/'
    ? true
    : path === parent || path.startsWith(`${parent}/`);
}

/** The need a loss takes away, if the component has it. */
function needFor(needs: ComponentNeeds, loss: Loss): Need | undefined {
  switch (loss.kind) {
    case 'privileged':
      return needs.privileged;
    case 'capability':
      return needs.capabilities?.find(c => c.capability === loss.capability);
    case 'hostNetwork':
    case 'hostPID':
    case 'hostIPC':
      return needs[loss.kind];
    case 'hostPort':
      return needs.hostPorts;
    case 'root':
      return needs.root;
    case 'token':
      return needs.token;
    case 'hostPath': {
      const path = normalise(loss.path);
      // The path removed is the one needed, below one it owns, or holds a needed one.
      return needs.hostPaths?.find(h => {
        const need = normalise(h.path);
        return (
          need === path ||
          (h.below === true && within(path, need)) ||
          (path !== '/' && within(need, path))
        );
      });
    }
    case 'privilegeEscalation':
    case 'placement':
      return undefined;
  }
}

/** The containers a loss concerns: one, those that mounted a path, or all. */
function containersOf(loss: Loss, workload: WorkloadInfo): ContainerInfo[] {
  switch (loss.kind) {
    case 'privileged':
    case 'capability':
    case 'hostPort':
    case 'root':
    case 'privilegeEscalation':
      return workload.containers.filter(c => c.name === loss.container);
    case 'hostPath': {
      const names = new Set(loss.mounts.map(m => m.container));
      return workload.containers.filter(c => names.has(c.name));
    }
    case 'token':
      return loss.containers === undefined
        ? [...workload.containers]
        : workload.containers.filter(c => loss.containers?.includes(c.name));
    default:
      return [...workload.containers];
  }
}

function unknownVerdict(
  ctx: ImpactContext,
  loss: Loss,
  workload: WorkloadInfo,
): Impact {
  const name = workloadName(workload);
  const degrades = (reason: string): Impact => ({
    level: 'degrades',
    component: name,
    reason,
  });
  switch (loss.kind) {
    case 'token':
      return tokenUse(ctx, workload);
    case 'privilegeEscalation':
      return {
        level: 'none',
        reason: `allowPrivilegeEscalation: false only stops set-uid programs in ${name} from gaining privileges`,
      };
    case 'placement':
      return {
        level: 'none',
        reason: `${name} is rescheduled onto other nodes`,
      };
    case 'hostPath': {
      const where = loss.mounts
        .map(m => `${m.container} at ${m.mountPath}`)
        .join(', ');
      return degrades(
        `${name} mounts the host path ${loss.path}${where === '' ? '' : ` (${where})`}: what it reads or writes there is gone`,
      );
    }
    case 'hostNetwork':
      return degrades(
        `${name} listens on its node’s network; its ports move to the pod’s address`,
      );
    case 'hostPort':
      return degrades(
        `${name} is no longer reachable at port ${String(loss.port)} of its node`,
      );
    case 'root':
      return degrades(
        `${name} runs as root; its image may expect to (files it owns, ports below 1024)`,
      );
    default:
      return degrades(
        `${name} asks for ${describe(loss)}; nothing in the cluster shows what it uses it for: check before applying`,
      );
  }
}

function knownVerdict(
  component: Component,
  loss: Loss,
  workload: WorkloadInfo,
): Impact | undefined {
  const need = needFor(component.needs, loss);
  if (need === undefined) return undefined;
  return {
    level: need.level,
    component: component.id,
    reason: `${component.name} (${workloadName(workload)}) needs ${describe(loss)}: ${need.why}`,
  };
}

/**
 * A token taken from some containers only: when the knowledge base names the
 * containers of the component that use it and none of them loses it, the
 * component keeps doing its job.
 */
function keptToken(
  ctx: ImpactContext,
  loss: Loss,
  workload: WorkloadInfo,
): Impact | undefined {
  if (loss.kind !== 'token' || loss.containers === undefined) return undefined;
  const { known } = recogniseContainers(
    ctx.knowledge,
    workload.containers.map(c => c.view.spec),
    workload.labels,
  );
  for (const { component } of known) {
    const users = component.needs.token?.containers;
    if (users === undefined) continue;
    if (users.some(u => loss.containers?.includes(u))) return undefined;
    return {
      level: 'none',
      reason: `${component.name} (${workloadName(workload)}) calls the API server from ${users.join(', ')} only, which keep${users.length === 1 ? 's' : ''} the token; ${loss.containers.join(', ')} never use${loss.containers.length === 1 ? 's' : ''} it (${component.sources[0] ?? 'knowledge base'})`,
    };
  }
  return undefined;
}

/**
 * The verdict for one loss: each recognised container's from the knowledge
 * base, and the verdict from cluster evidence when a concerned container is
 * no known component (a sidecar beside a known agent counts too); the worst
 * wins.
 */
export function judgeLoss(
  ctx: ImpactContext,
  loss: Loss,
  workload: WorkloadInfo,
): Impact {
  const kept = keptToken(ctx, loss, workload);
  if (kept !== undefined) return kept;
  const { known, unknown } = recogniseContainers(
    ctx.knowledge,
    containersOf(loss, workload).map(c => c.view.spec),
    workload.labels,
  );
  const verdicts: Impact[] = known.map(
    ({ component }) =>
      knownVerdict(component, loss, workload) ?? {
        level: 'none',
        reason: `${component.name} (${workloadName(workload)}) does not need ${describe(loss)} (${component.sources[0] ?? 'knowledge base'})`,
      },
  );
  const evidence = unknownVerdict(ctx, loss, workload);
  if (unknown.length > 0 || verdicts.length === 0) verdicts.push(evidence);
  return worstOf(verdicts, evidence, 1);
}
