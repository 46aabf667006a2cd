/**
 * CE_VAR_LOG_SYMLINK (catalog 3.3): the kubelet serves `/var/log` over
 * `/logs/` (nodes/log, nodes/proxy) and follows symlinks out of it. A root
 * container with a writable hostPath over `/var/log` plants a symlink to
 * `/etc/shadow` or the kubelet key and reads it back with its mounted
 * ServiceAccount token.
 *
 * Precondition: `Root(c)` ∧ a hostPath mount `m` with `covers(P, /var/log)`
 * and `m.readOnly` not true ∧ the ServiceAccount `s` with `TokenMounted(c,
 * s)` holds `get nodes/log` or `get nodes/proxy` on node `n` (cluster-scoped:
 * only ClusterRoleBindings grant it; resourceNames = node name) ∧ node
 * `enableSystemLogHandler`: high. As above, but `s` holds only `get
 * pods/log` on a pod of the same node: low (the kubelet parses CRI log lines
 * and skips lines that do not parse, `pkg/kubelet/kuberuntime/logs/logs.go`,
 * so a symlinked host file rarely comes back). At most medium on a
 * stand-in's candidate node, and when the ServiceAccount is inferred.
 *
 * Reference: https://www.aquasec.com/blog/kubernetes-security-pod-escape-log-mounts/
 */

import type { Confidence } from '@chokepoint/model';
import { bestHit, varLogHits } from '../predicates/host-paths.ts';
import { authorize, reach, reachAllows } from '../rbac/index.ts';
import type { Allow, Grant, ResourceAction } from '../rbac/index.ts';
import type { RuleContext } from '../rule-context.ts';
import { defineRule } from './define-rule.ts';
import {
  NODE_READS,
  RBAC_READS,
  TOKEN_READS,
  WORKLOAD_READS,
  readsOf,
} from './reads.ts';
import { permission } from './evidence.ts';
import type { PermissionEvidence } from './evidence.ts';
import {
  fact,
  hitEvidence,
  mountFields,
  nodeEdge,
  rootFields,
} from './escape-utils/escape-evidence.ts';
import type { EscapeSubject } from './escape-utils/escape-subjects.ts';
import { escapeSubjectsOf } from './escape-utils/escape-subjects.ts';
import {
  containerToken,
  serviceAccountGrants,
} from './escape-utils/service-account-tokens.ts';

const NODE_ACTIONS: readonly ResourceAction[] = [
  { verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'log' },
  { verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'proxy' },
];

const POD_LOG: ResourceAction = {
  verb: 'get',
  apiGroup: '',
  resource: 'pods',
  subresource: 'log',
};

interface LogAccess {
  readonly confidence: Confidence;
  readonly permission: PermissionEvidence;
}

/** get nodes/log or nodes/proxy on the node (cluster-scoped requests). */
function nodeLogAccess(
  grants: readonly Grant[],
  node: string,
): LogAccess | undefined {
  for (const action of NODE_ACTIONS) {
    const allow = authorize(grants, { ...action, namespace: '', name: node });
    if (allow !== undefined) {
      return {
        confidence: 'high',
        permission: permission(allow, action, { name: node }),
      };
    }
  }
  return undefined;
}

/** get pods/log on the subject's own pod, or on another pod of its node. */
function podLogAccess(
  ctx: RuleContext,
  grants: readonly Grant[],
  subject: EscapeSubject,
): LogAccess | undefined {
  const where = reach(grants, POD_LOG);
  const { workload } = subject;
  const found = (
    allow: Allow,
    namespace: string,
    name?: string,
  ): LogAccess => ({
    confidence: 'low',
    permission: permission(allow, POD_LOG, {
      namespace,
      ...(name === undefined ? {} : { name }),
    }),
  });
  // Its own pod runs on the node; a stand-in's pod name is not known yet.
  const own = reachAllows(
    where,
    workload.namespace,
    workload.kind === 'Pod' ? workload.name : undefined,
  );
  if (own !== undefined) {
    return found(
      own,
      workload.namespace,
      workload.kind === 'Pod' ? workload.name : undefined,
    );
  }
  if (
    where.everywhere === undefined &&
    where.namespaces.size === 0 &&
    where.names.size === 0
  ) {
    return undefined;
  }
  for (const other of ctx.index.workloadsOnNode(subject.node.name)) {
    if (other.kind !== 'Pod') continue;
    const allow = reachAllows(where, other.namespace, other.name);
    if (allow !== undefined) return found(allow, other.namespace, other.name);
  }
  return undefined;
}

export const ceVarLogSymlink = defineRule({
  kind: 'CE_VAR_LOG_SYMLINK',
  reads: readsOf(WORKLOAD_READS, NODE_READS, TOKEN_READS, RBAC_READS),
  *matchWorkload(ctx, workload) {
    for (const subject of escapeSubjectsOf(ctx, workload)) {
      if (!subject.linux || subject.mounts.length === 0) continue;
      if (!subject.root.root) continue;
      const best = bestHit(varLogHits(subject.mounts));
      if (best === undefined) continue;
      const token = containerToken(ctx, subject.container);
      if (token === undefined) continue;
      const grants = serviceAccountGrants(ctx, token.namespace, token.name);
      if (grants.length === 0) continue;
      const handler = subject.node.facts.enableSystemLogHandler;
      if (!handler.value) continue;
      const access =
        nodeLogAccess(grants, subject.node.name) ??
        podLogAccess(ctx, grants, subject);
      if (access === undefined) continue;
      yield nodeEdge(subject, {
        reason:
          access.confidence === 'high'
            ? 'A root container with a writable hostPath over /var/log can symlink host files into it and read them through the kubelet log handler with its ServiceAccount, which may get nodes/log or nodes/proxy.'
            : 'A root container with a writable hostPath over /var/log can symlink host files over a pod log and read them with its ServiceAccount, which may get pods/log; the kubelet drops lines that are not CRI log lines.',
        fields: [...mountFields(subject, best), ...rootFields(subject)],
        confidence: [
          subject.root.confidence,
          best.confidence,
          token.confidence,
          access.confidence,
        ],
        facts: [fact('enableSystemLogHandler', handler)],
        extra: {
          serviceAccount: token.serviceAccount,
          permissions: [access.permission],
          hostPaths: hitEvidence([best]),
        },
      });
    }
  },
});
