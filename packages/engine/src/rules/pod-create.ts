/**
 * POD_CREATE (catalog 3.5): a holder that can get a pod created in a
 * namespace admitting privileged pods creates a privileged root pod pinned
 * with `spec.nodeName` to any node and escapes to it (CE_PRIV_MOUNT; on
 * Windows, a HostProcess container). `nodeName` bypasses the scheduler,
 * `NoSchedule` taints and cordoning, so control-plane nodes are targets too;
 * the kubelet re-checks only `NoExecute` taints, which the pod tolerates.
 *
 * Precondition: the holder can create pods in ns as for POD_CREATE_WITH_SA
 * (any of its ways), and the pod admits a concrete escape:
 * `AdmitsPrivileged(ns, creator)` (catalog 2.7; the creator is the holder
 * for `create pods`, the controller's identity for controller-made pods), or
 * the holder also has `patch` or `update` on Namespace ns and can lower the
 * enforce label. At baseline or restricted no wave-1 escape is admitted: no
 * edge. Target: every non-virtual node (Linux; Windows through hostProcess).
 * Confidence high; low when AdmissionMayBlock(ns); a way that waits for a
 * schedule or a re-creation (CronJob, OnDelete) keeps its medium.
 *
 * Reference: https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */

import type { Confidence } from '@chokepoint/model';
import { lowest } from '../predicates/confidence.ts';
import { defineRule } from './define-rule.ts';
import { POD_CREATION_READS, readsOf } from './reads.ts';
import type { WayOf } from '@chokepoint/model';
import { rbacEvidence } from './evidence.ts';
import type { PermissionEvidence } from './evidence.ts';
import { podCreation } from './workload-utils/pod-creation.ts';
import {
  admissionFact,
  enforceFact,
} from './workload-utils/pod-security-facts.ts';
import { needs, permissionsFor } from './workload-utils/requirements.ts';
import { escapableNodeScope } from './workload-utils/sa-targets.ts';
import { workloadTables } from './workload-utils/tables.ts';

const rank = (c: Confidence): number =>
  c === 'high' ? 2 : c === 'medium' ? 1 : 0;

/** Ways beyond the best kept in the evidence (graph-writer keeps up to 16). */
const MAX_WAYS = 8;

export const podCreate = defineRule({
  kind: 'POD_CREATE',
  reads: readsOf(POD_CREATION_READS),
  *matchHolder(ctx, holder) {
    const creation = podCreation(ctx, holder);
    if (creation.namespaces.length === 0) return;
    const tables = workloadTables(ctx);
    const relabel = ['patch', 'update'].map(verb =>
      needs({ verb, apiGroup: '', resource: 'namespaces' }),
    );
    const found: { confidence: Confidence; evidence: WayOf<'POD_CREATE'> }[] =
      [];
    for (const namespace of creation.namespaces) {
      let best:
        { confidence: Confidence; evidence: WayOf<'POD_CREATE'> } | undefined;
      for (const way of creation.ways(namespace)) {
        if (best !== undefined && rank(best.confidence) >= rank(way.confidence))
          break;
        const creators =
          way.creator !== undefined
            ? [way.creator]
            : holder.users.length > 0
              ? holder.users
              : [undefined];
        const admitted = creators
          .map(creator => tables.admits(namespace, creator))
          .find(result => result.admits);
        let extra: PermissionEvidence[] | undefined =
          admitted === undefined ? undefined : [];
        let reason = `${way.reason} Namespace ${namespace} admits privileged pods (${admitted?.reason ?? ''}).`;
        if (extra === undefined) {
          for (const requirement of relabel) {
            const permissions = permissionsFor(
              holder,
              requirement,
              namespace,
              namespace,
            );
            if (permissions === undefined) continue;
            extra = permissions;
            reason = `${way.reason} The holder can also change the Pod Security labels of namespace ${namespace} to privileged.`;
            break;
          }
        }
        if (extra === undefined) continue;
        const block = tables.mayBlock(namespace);
        const confidence = lowest(
          way.confidence,
          block.mayBlock ? 'low' : 'high',
        );
        best = {
          confidence,
          evidence: rbacEvidence(reason, [...way.permissions, ...extra], {
            namespace,
            via: way.object ?? `${way.verb} ${way.kind}`,
            technique:
              'a privileged root container (hostProcess on Windows) pinned with spec.nodeName',
            facts: [
              enforceFact(namespace, tables.enforce(namespace), ctx.policy),
              admissionFact(namespace, block),
            ],
          }),
        };
      }
      if (best !== undefined) found.push(best);
    }
    if (found.length === 0) return;
    const to = escapableNodeScope(ctx);
    if (to === undefined) return;
    found.sort((a, b) => rank(b.confidence) - rank(a.confidence));
    for (const way of found.slice(0, MAX_WAYS)) {
      yield {
        from: holder.id,
        to,
        confidence: way.confidence,
        evidence: way.evidence,
      };
    }
  },
});
