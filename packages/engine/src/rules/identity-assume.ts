/**
 * IDENTITY_ASSUME (catalog 3.2, 3.4): whoever runs code in a container uses
 * the ServiceAccount token mounted in it; whoever controls a node uses the
 * kubelet's credentials.
 *
 * Preconditions:
 * - Container → ServiceAccount: `TokenMounted(c, s)` (2.6) for the pod's
 *   ServiceAccount `s`: the admission-injected projected token, an explicit
 *   projected token with the API server's audience, or a live legacy token
 *   Secret; `automountServiceAccountToken: false` (pod, else ServiceAccount)
 *   is honoured, and a token with a foreign audience is not a Kubernetes
 *   credential. High; medium when it relies on an inferred ServiceAccount.
 *   Only running containers; none that never starts.
 * - Node → `User:system:node:<name>`: the node is not virtual (2.8). High.
 *   What the Node authorizer grants that user is wave 2 (7.20).
 * - Control-plane node → `Group:system:masters` (issue #17, point 7): root
 *   on a self-managed control-plane node reads the cluster CA key
 *   (`/etc/kubernetes/pki/ca.key` on kubeadm, `server/tls/client-ca.key` on
 *   k3s and RKE2) and signs itself a client certificate in group
 *   system:masters, which no admission plugin sees; kubeadm's
 *   `super-admin.conf` (`admin.conf` before 1.29) holds one ready-made.
 *   High; medium on an assumed control-plane node.
 *
 * Reference: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
 */

import { objectId, SYSTEM_MASTERS_ID } from '@chokepoint/model';
import { defineRule } from './define-rule.ts';
import { NODE_READS, TOKEN_READS, WORKLOAD_READS, readsOf } from './reads.ts';
import { specEvidence } from './evidence.ts';
import { containerPath, workloadObjectId } from '../entities/spec-paths.ts';
import { fact, podField } from './escape-utils/escape-evidence.ts';
import { neverStarts } from './escape-utils/escape-subjects.ts';
import { containerToken } from './escape-utils/service-account-tokens.ts';

export const identityAssume = defineRule({
  kind: 'IDENTITY_ASSUME',
  reads: readsOf(WORKLOAD_READS, NODE_READS, TOKEN_READS),
  *matchWorkload(ctx, workload) {
    for (const container of workload.containers) {
      if (!container.running || neverStarts(ctx, container)) continue;
      const token = containerToken(ctx, container);
      if (token === undefined) continue;
      const fields = token.ways.map(way =>
        way.kind === 'automount'
          ? podField(workload, 'automountServiceAccountToken')
          : `${containerPath(container)}.volumeMounts`,
      );
      yield {
        from: container.id,
        to: token.serviceAccount,
        confidence: token.confidence,
        evidence: specEvidence(
          `The container holds a token of ServiceAccount ${token.namespace}/${token.name}.`,
          workloadObjectId(workload),
          [podField(workload, 'serviceAccountName'), ...new Set(fields)],
          {
            container: container.name,
            ways: token.ways.map(way => ({
              kind: way.kind,
              ...(way.volume === undefined ? {} : { volume: way.volume }),
            })),
            detail: token.reason,
          },
        ),
      };
    }
  },
  *match(ctx) {
    for (const node of ctx.index.nodes.values()) {
      if (node.facts.virtual.value) continue;
      yield {
        from: node.id,
        to: objectId('User', `system:node:${node.name}`),
        confidence: 'high',
        evidence: {
          reason: `Root on node ${node.name} holds the kubelet's credentials, user system:node:${node.name}.`,
          object: node.id,
          facts: [fact('virtual', node.facts.virtual)],
        },
      };
      if (node.facts.controlPlane) {
        yield {
          from: node.id,
          to: SYSTEM_MASTERS_ID,
          confidence: node.assumed ? 'medium' : 'high',
          evidence: {
            reason: `Root on control-plane node ${node.name} reads the cluster CA key (/etc/kubernetes/pki/ca.key) and signs itself a client certificate in group system:masters.`,
            object: node.id,
            facts: [fact('virtual', node.facts.virtual)],
            ...(node.assumed ? { assumed: true } : {}),
          },
        };
      }
    }
  },
});
