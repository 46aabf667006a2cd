/**
 * POD_DEBUG (catalog 3.5): add an ephemeral container to a running pod
 * (`kubectl debug`). It may mount any volume of the pod, the token volume
 * included, and target a container's process namespace; further powers are
 * wave 2 (catalog 7.9).
 *
 * Precondition: `patch pods/ephemeralcontainers` on P, or `update
 * pods/ephemeralcontainers` on P plus a read of P (`get pods` on P, or
 * `list`/`watch pods` in its namespace); P running. Namespaced request.
 * `pods` does not cover `pods/ephemeralcontainers` (catalog 4.2). Mirror
 * pods are left out: static pods do not support ephemeral containers.
 * Confidence high.
 *
 * Reference: https://kubernetes.io/docs/concepts/workloads/pods/ephemeral-containers/
 */

import { defineRule } from './define-rule.ts';
import { POD_CREATION_READS, readsOf } from './reads.ts';
import { apiManagedPodFamily } from './workload-utils/pod-targets.ts';
import { patchOrUpdateWithRead } from './workload-utils/requirements.ts';
import { emitPlaces } from './workload-utils/targets.ts';

export const podDebug = defineRule({
  kind: 'POD_DEBUG',
  reads: readsOf(POD_CREATION_READS),
  *matchHolder(ctx, holder) {
    const ways = patchOrUpdateWithRead('', 'pods', 'ephemeralcontainers').map(
      ({ requirement, label }) => ({
        requirement,
        confidence: 'high' as const,
        reason: `The holder can ${label} and add an ephemeral container that mounts the pod's volumes, its token included.`,
      }),
    );
    yield* emitPlaces(holder, ways, apiManagedPodFamily(ctx));
  },
});
