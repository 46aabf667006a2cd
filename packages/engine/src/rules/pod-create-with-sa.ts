/**
 * POD_CREATE_WITH_SA (catalog 3.5): whoever can get a pod of its choosing
 * created in a namespace can run it as any ServiceAccount of that namespace
 * and read the token: no permission on the ServiceAccount itself is checked,
 * and the pod field `automountServiceAccountToken: true` overrides the
 * ServiceAccount's.
 *
 * Precondition: one of `create pods` in ns; `create` on `deployments`,
 * `replicasets`, `statefulsets`, `daemonsets` (group `apps`), `jobs`,
 * `cronjobs` (group `batch`) or `replicationcontrollers` (core) in ns;
 * `patch` (or `update` plus a read) of an existing Deployment, ReplicaSet,
 * ReplicationController, DaemonSet, StatefulSet or CronJob in ns, names
 * respected; never by patching a Job (immutable template). Target: every
 * ServiceAccount s of ns with SAExists(ns, s). Confidence high; medium for a
 * CronJob (next schedule), a DaemonSet or StatefulSet with `updateStrategy:
 * OnDelete`, and an inferred ServiceAccount.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation
 */

import type { Confidence } from '@chokepoint/model';
import { lowest } from '../predicates/confidence.ts';
import { defineRule } from './define-rule.ts';
import { POD_CREATION_READS, readsOf } from './reads.ts';
import type { RecordOf } from './define-rule.ts';
import { rbacEvidence } from './evidence.ts';
import { podCreation } from './workload-utils/pod-creation.ts';
import type { CreationWay } from './workload-utils/pod-creation.ts';
import {
  serviceAccountClusterScope,
  serviceAccountScope,
} from './workload-utils/sa-targets.ts';

const rank = (c: Confidence): number =>
  c === 'high' ? 2 : c === 'medium' ? 1 : 0;

function* edgesTo(
  from: string,
  to: string | undefined,
  ways: readonly CreationWay[],
  scope: string,
  inferred: boolean,
): Iterable<RecordOf<'POD_CREATE_WITH_SA'>> {
  if (to === undefined) return;
  for (const way of ways) {
    yield {
      from,
      to,
      confidence: inferred ? lowest(way.confidence, 'medium') : way.confidence,
      evidence: rbacEvidence(way.reason, way.permissions, {
        scope,
        via: way.object ?? `${way.verb} ${way.kind}`,
        ...(inferred
          ? {
              serviceAccounts:
                'inferred from references in manifest input (catalog 2.6)',
            }
          : {}),
      }),
    };
  }
}

export const podCreateWithSa = defineRule({
  kind: 'POD_CREATE_WITH_SA',
  reads: readsOf(POD_CREATION_READS),
  *matchHolder(ctx, holder) {
    const creation = podCreation(ctx, holder);
    const best = creation.everywhere[0];
    if (best !== undefined) {
      for (const inferred of [false, true]) {
        yield* edgesTo(
          holder.id,
          serviceAccountClusterScope(ctx, inferred),
          creation.everywhere,
          'cluster',
          inferred,
        );
      }
    }
    for (const [namespace, ways] of creation.byNamespace) {
      const better = ways.filter(
        way =>
          best === undefined || rank(way.confidence) > rank(best.confidence),
      );
      if (better.length === 0) continue;
      for (const inferred of [false, true]) {
        yield* edgesTo(
          holder.id,
          serviceAccountScope(ctx, namespace, inferred),
          better,
          `Namespace:${namespace}`,
          inferred,
        );
      }
    }
  },
});
