/**
 * POD_EXEC (catalog 3.5): run commands in a running pod through the
 * `pods/exec` subresource, with the pod's ServiceAccount token, volumes and
 * network position.
 *
 * Precondition: `create pods/exec` on P, any version; or `get pods/exec` on
 * P when the server is older than 1.35 or runs with
 * AuthorizePodWebsocketUpgradeCreatePermission=false (WebSocket upgrades are
 * GET requests; from 1.35 they also need `create`). Namespaced request; P
 * running; the stand-ins of controllers without pods at medium (their pods
 * exist at runtime, issue #17). Confidence high; medium when only `get` is
 * granted and the server version is unknown.
 *
 * Reference: https://github.com/kubernetes/kubernetes/pull/134577 (KEP-4006)
 */

import { defineRule } from './define-rule.ts';
import { POD_CREATION_READS, readsOf } from './reads.ts';
import { getAloneVerdict } from './workload-utils/exec-version.ts';
import { runningPodFamily } from './workload-utils/pod-targets.ts';
import { needs } from './workload-utils/requirements.ts';
import { emitPlaces } from './workload-utils/targets.ts';
import type { Way } from './workload-utils/targets.ts';

export const podExec = defineRule({
  kind: 'POD_EXEC',
  reads: readsOf(POD_CREATION_READS),
  *matchHolder(ctx, holder) {
    const ways: Way[] = [
      {
        requirement: needs({
          verb: 'create',
          apiGroup: '',
          resource: 'pods',
          subresource: 'exec',
        }),
        confidence: 'high',
        reason: 'The holder can create pods/exec and run commands in the pod.',
      },
    ];
    const getAlone = getAloneVerdict(ctx);
    if (getAlone.confidence !== undefined) {
      ways.push({
        requirement: needs({
          verb: 'get',
          apiGroup: '',
          resource: 'pods',
          subresource: 'exec',
        }),
        confidence: getAlone.confidence,
        reason:
          'The holder can get pods/exec, which opens an exec WebSocket on servers older than 1.35 or with AuthorizePodWebsocketUpgradeCreatePermission off.',
        facts: getAlone.facts,
      });
    }
    yield* emitPlaces(holder, ways, runningPodFamily(ctx));
  },
});
