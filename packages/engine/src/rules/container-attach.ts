/**
 * CONTAINER_ATTACH (catalog 3.2): control of a pod (or of a stand-in for a
 * controller's pods) gives control of each container that runs in it.
 *
 * Precondition: every regular container, every sidecar (an init container
 * with `restartPolicy: Always`) and every ephemeral container; never an
 * ordinary init container, which has exited once the pod runs. Pods in phase
 * Succeeded or Failed run nothing (catalog 1.4).
 *
 * Reference: https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 */

import { defineRule } from './define-rule.ts';
import { NODE_READS, WORKLOAD_READS, readsOf } from './reads.ts';

export const containerAttach = defineRule({
  kind: 'CONTAINER_ATTACH',
  // Nodes: a stand-in placed on several nodes is one per node.
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload(_ctx, workload) {
    for (const container of workload.containers) {
      if (!container.running) continue;
      yield {
        from: container.workload.id,
        to: container.id,
        confidence: 'high',
        evidence: {
          container: container.name,
          containerKind: container.view.kind,
        },
      };
    }
  },
});
