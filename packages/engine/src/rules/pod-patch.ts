/**
 * POD_PATCH (catalog 3.5): change the image of a running pod (the one
 * mutable field that matters); the new image runs with the pod's
 * ServiceAccount, volumes and security context.
 *
 * Precondition: `patch pods` on P, or `update pods` on P plus `get pods` on
 * P or `list`/`watch pods` in its namespace; P running, not a mirror pod
 * (annotation `kubernetes.io/config.mirror`: the kubelet ignores API changes
 * to it), and P itself satisfies the namespace's current enforce level (Pod
 * Security re-evaluates image changes; a holder exempt by username, or P's
 * exempt RuntimeClass, skips that check). Namespaced request. Confidence high.
 *
 * Reference: https://kubernetes.io/docs/concepts/workloads/pods/#pod-update-and-replacement
 */

import { defineRule } from './define-rule.ts';
import { POD_CREATION_READS, readsOf } from './reads.ts';
import {
  apiManagedPodFamily,
  patchablePodFamily,
} from './workload-utils/pod-targets.ts';
import { patchOrUpdateWithRead } from './workload-utils/requirements.ts';
import { emitPlaces } from './workload-utils/targets.ts';

export const podPatch = defineRule({
  kind: 'POD_PATCH',
  reads: readsOf(POD_CREATION_READS),
  *matchHolder(ctx, holder) {
    const ways = patchOrUpdateWithRead('', 'pods').map(
      ({ requirement, label }) => ({
        requirement,
        confidence: 'high' as const,
        reason: `The holder can ${label} and replace a container image of the pod, which then runs with the pod's identity and mounts.`,
      }),
    );
    const exempt = holder.users.some(user =>
      ctx.policy.podSecurity.exemptions.usernames.includes(user),
    );
    yield* emitPlaces(
      holder,
      ways,
      exempt ? apiManagedPodFamily(ctx) : patchablePodFamily(ctx),
    );
  },
});
