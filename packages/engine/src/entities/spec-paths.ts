/**
 * JSON paths from an object's root, for edge and finding evidence
 * (rules/evidence.ts, catalog 3.0): the object a fix edits (the Pod, or the
 * controller whose template a stand-in is, catalog 1.3), the path of its pod
 * spec and the path of one of its containers, e.g.
 * `spec.template.spec.containers[0]` for a Deployment. One definition, so
 * rules and findings name the same fields.
 */

import { objectId } from '@chokepoint/model';
import type { ContainerInfo, WorkloadInfo } from '../snapshot-index.ts';

/** The object a fix edits: the Pod, or the stand-in's controller. */
export function workloadObjectId(workload: WorkloadInfo): string {
  if (workload.kind === 'Pod' || workload.controller === undefined) {
    return workload.id;
  }
  return objectId(
    workload.controller.kind,
    workload.controller.name,
    workload.namespace,
  );
}

/** The path of the pod spec inside the workload's object. */
export function podSpecPath(workload: WorkloadInfo): string {
  if (workload.kind === 'Pod') return 'spec';
  return workload.controller?.kind === 'CronJob'
    ? 'spec.jobTemplate.spec.template.spec'
    : 'spec.template.spec';
}

/** The path of one container: `spec.containers[0]`, `spec.initContainers[1]`... */
export function containerPath(container: ContainerInfo): string {
  const { spec } = container.workload;
  const [list, items] =
    container.view.kind === 'container'
      ? (['containers', spec.containers] as const)
      : container.view.kind === 'ephemeral'
        ? (['ephemeralContainers', spec.ephemeralContainers] as const)
        : (['initContainers', spec.initContainers] as const);
  const index = items.findIndex(c => c.name === container.name);
  return `${podSpecPath(container.workload)}.${list}[${index}]`;
}
