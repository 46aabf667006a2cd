/**
 * What impact judgements read: the indexed snapshot, the RBAC model and the
 * knowledge base. All of it is the analysed (unfixed) state.
 */

import type { RbacModel } from '../../rbac/index.ts';
import type { SnapshotIndex, WorkloadInfo } from '../../snapshot-index.ts';
import type { ComponentFamily } from '../knowledge/index.ts';

export interface ImpactContext {
  readonly index: SnapshotIndex;
  readonly rbac: RbacModel;
  readonly knowledge: readonly ComponentFamily[];
}

/** The id a person knows a workload by: its controller, else the pod. */
export function workloadName(workload: WorkloadInfo): string {
  const { controller, namespace } = workload;
  return controller === undefined
    ? workload.id
    : `${controller.kind}:${namespace}/${controller.name}`;
}
