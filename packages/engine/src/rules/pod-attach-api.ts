/**
 * POD_ATTACH_API (catalog 3.5): attach to the main process of a running
 * container through the `pods/attach` subresource and drive its stdin.
 * Without `stdin: true` there is nothing to drive, so only such containers
 * are targets.
 *
 * Precondition: `create pods/attach` on P, or `get pods/attach` under the
 * POD_EXEC version rule (before 1.35, or with
 * AuthorizePodWebsocketUpgradeCreatePermission off); target: each running
 * container `c` of a running pod P with `c.stdin: true`. Namespaced request.
 * Confidence medium (what the process does with its input is unknown).
 *
 * Reference: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_attach/
 */

import { defineRule } from './define-rule.ts';
import { POD_CREATION_READS, readsOf } from './reads.ts';
import { getAloneVerdict } from './workload-utils/exec-version.ts';
import { stdinContainerFamily } from './workload-utils/pod-targets.ts';
import { needs } from './workload-utils/requirements.ts';
import { emitPlaces } from './workload-utils/targets.ts';
import type { Way } from './workload-utils/targets.ts';

export const podAttachApi = defineRule({
  kind: 'POD_ATTACH_API',
  reads: readsOf(POD_CREATION_READS),
  *matchHolder(ctx, holder) {
    const ways: Way[] = [
      {
        requirement: needs({
          verb: 'create',
          apiGroup: '',
          resource: 'pods',
          subresource: 'attach',
        }),
        confidence: 'medium',
        reason:
          'The holder can create pods/attach and write to the stdin of the container process.',
      },
    ];
    const getAlone = getAloneVerdict(ctx);
    if (getAlone.confidence !== undefined) {
      ways.push({
        requirement: needs({
          verb: 'get',
          apiGroup: '',
          resource: 'pods',
          subresource: 'attach',
        }),
        confidence: 'medium',
        reason:
          'The holder can get pods/attach, which opens an attach WebSocket on servers older than 1.35 or with AuthorizePodWebsocketUpgradeCreatePermission off.',
        facts: getAlone.facts,
      });
    }
    yield* emitPlaces(holder, ways, stdinContainerFamily(ctx));
  },
});
