/**
 * JSON paths from an object's root for evidence (rules/evidence.ts): the
 * object a fix changes (the Pod, or the controller whose template a stand-in
 * is, catalog 1.3) and the path of one of its containers, e.g.
 * `spec.template.spec.containers[0]` for a Deployment.
 */

import { objectId } from '@chokepoint/model';
import type { ContainerInfo, WorkloadInfo } from '../../snapshot-index.ts';

/** The Pod, or the controller that owns a stand-in's template. */
export function workloadObjectId(workload: WorkloadInfo): string {
  if (workload.kind === 'Pod' || workload.controller === undefined)
    return workload.id;
  return objectId(
    workload.controller.kind,
    workload.controller.name,
    workload.namespace,
  );
}

/** The path of the pod spec inside the workload's object. */
export function podSpecPath(workload: WorkloadInfo): string {
  if (workload.kind === 'Pod') return 'spec';
  return workload.object.kind === 'CronJob'
    ? 'spec.jobTemplate.spec.template.spec'
    : 'spec.template.spec';
}

const LISTS = {
  container: 'containers',
  sidecar: 'initContainers',
  init: 'initContainers',
  ephemeral: 'ephemeralContainers',
} as const;

/** The path of a container inside its workload's object. */
export function containerPath(container: ContainerInfo): string {
  const spec = container.workload.spec;
  const list = LISTS[container.view.kind];
  const entries =
    list === 'containers'
      ? spec.containers
      : list === 'initContainers'
        ? spec.initContainers
        : spec.ephemeralContainers;
  const at = entries.findIndex(entry => entry.name === container.name);
  return `${podSpecPath(container.workload)}.${list}[${String(Math.max(at, 0))}]`;
}
