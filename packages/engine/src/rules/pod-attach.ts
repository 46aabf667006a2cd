/**
 * POD_ATTACH (catalog 3.4): whoever controls a node controls the pods it
 * runs: the kubelet and the container runtime on it can exec into, read and
 * replace every container there.
 *
 * Precondition: the pod's `spec.nodeName` is the node (high); a stand-in for
 * a controller's pods is on every candidate node (catalog 1.3, medium).
 * Pods that run nothing (Succeeded, Failed) are not targets (catalog 1.4).
 *
 * Reference: https://kubernetes.io/docs/concepts/architecture/nodes/
 */

import { objectId } from '@chokepoint/model';
import { defineRule } from './define-rule.ts';
import { NODE_READS, WORKLOAD_READS, readsOf } from './reads.ts';

export const podAttach = defineRule({
  kind: 'POD_ATTACH',
  reads: readsOf(WORKLOAD_READS, NODE_READS),
  *matchWorkload(_ctx, workload) {
    if (!workload.running) return;
    for (const node of workload.nodes) {
      yield {
        from: objectId('Node', node),
        to: workload.id,
        confidence: workload.placement,
        evidence:
          workload.kind === 'Pod'
            ? { field: 'spec.nodeName', node }
            : {
                candidateNode: node,
                reason: 'the controller may place a pod on this node',
              },
      };
    }
  },
});
