/**
 * NODE_PROXY_EXEC (catalog 3.5): through the API server's node proxy
 * (`/api/v1/nodes/N/proxy/...`) the kubelet API runs commands in any pod of
 * the node: the kubelet maps `/exec`, `/run`, `/attach` and `/portForward`
 * to `nodes/proxy` whatever KubeletFineGrainedAuthz adds, and no network
 * reach to the kubelet is needed.
 *
 * Precondition: `get` or `create` on `nodes/proxy` for node N (names
 * respected); a cluster-scoped request, so only ClusterRoleBindings grant it
 * (catalog 4.3). The 1.35 `create` check of pods/exec does not apply. Target:
 * every running pod on N. Confidence high.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
 */

import { defineRule } from './define-rule.ts';
import { POD_CREATION_READS, readsOf } from './reads.ts';
import { podsOnNodeFamily } from './workload-utils/pod-targets.ts';
import { needs } from './workload-utils/requirements.ts';
import { emitPlaces } from './workload-utils/targets.ts';

export const nodeProxyExec = defineRule({
  kind: 'NODE_PROXY_EXEC',
  reads: readsOf(POD_CREATION_READS),
  *matchHolder(ctx, holder) {
    const ways = ['get', 'create'].map(verb => ({
      requirement: needs({
        verb,
        apiGroup: '',
        resource: 'nodes',
        subresource: 'proxy',
      }),
      confidence: 'high' as const,
      reason: `The holder can ${verb} nodes/proxy and call the kubelet's exec endpoint for every pod of the node through the API server.`,
    }));
    yield* emitPlaces(holder, ways, podsOnNodeFamily(ctx));
  },
});
