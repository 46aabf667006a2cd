/**
 * MEMBER_OF (catalog 3.6): the groups an identity belongs to, so that a path
 * reaching the identity continues with every grant of its groups.
 *
 * Precondition:
 * - ServiceAccount → `system:serviceaccounts`, `system:serviceaccounts:<ns>`,
 *   `system:authenticated`;
 * - User → `system:authenticated` for every user but `system:anonymous`,
 *   which is in `system:unauthenticated`; `system:nodes` for
 *   `system:node:*`; the groups the policy's `memberships` give it. Group
 *   membership of people is never inferred.
 * - ImpersonatedUser → `system:authenticated` only (`system:unauthenticated`
 *   for `system:anonymous`): impersonation gives no real memberships.
 *   Those nodes are created later by holder rules, as are ServiceAccounts
 *   reached by impersonation; `matchNode` gives them their groups.
 * All high. Group nodes that do not exist yet are created.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects
 */

import { objectId } from '@chokepoint/model';
import { groupNode } from '../entities/node-spec.ts';
import type { RecordOf } from './define-rule.ts';
import { defineRule } from './define-rule.ts';
import { ACCOUNT_READS, RBAC_READS, readsOf } from './reads.ts';
import type { RuleContext } from '../rule-context.ts';

function membership(
  from: string,
  group: string,
  reason: string,
  extra: Record<string, unknown> = {},
): RecordOf<'MEMBER_OF'> {
  const node = groupNode(group);
  return {
    from,
    to: node.id,
    confidence: 'high',
    evidence: { reason, ...extra },
    toNode: node,
  };
}

function* serviceAccountGroups(
  id: string,
  namespace: string,
): Iterable<RecordOf<'MEMBER_OF'>> {
  const reason = `Every ServiceAccount token of namespace ${namespace} authenticates with this group.`;
  yield membership(id, 'system:serviceaccounts', reason);
  yield membership(id, `system:serviceaccounts:${namespace}`, reason);
  yield membership(id, 'system:authenticated', reason);
}

function* userGroups(
  ctx: RuleContext,
  id: string,
  name: string,
): Iterable<RecordOf<'MEMBER_OF'>> {
  if (name === 'system:anonymous') {
    yield membership(
      id,
      'system:unauthenticated',
      'Anonymous requests are in group system:unauthenticated.',
    );
  } else {
    yield membership(
      id,
      'system:authenticated',
      'Every authenticated user is in group system:authenticated.',
    );
  }
  if (name.startsWith('system:node:')) {
    yield membership(
      id,
      'system:nodes',
      'Kubelet credentials (user system:node:<name>) carry group system:nodes.',
    );
  }
  for (const group of ctx.policy.memberships[objectId('User', name)] ?? []) {
    if (!group.startsWith('Group:')) continue;
    yield membership(
      id,
      group.slice('Group:'.length),
      'The policy file states this group membership.',
      {
        facts: [{ fact: `memberships.${id}`, value: group, source: 'given' }],
      },
    );
  }
}

export const memberOf = defineRule({
  kind: 'MEMBER_OF',
  reads: readsOf(ACCOUNT_READS, RBAC_READS, ['ConfigMap', 'Node']),
  *matchIdentity(ctx, identity) {
    if (identity.kind === 'ServiceAccount')
      yield* serviceAccountGroups(identity.id, identity.namespace ?? 'default');
    else yield* userGroups(ctx, identity.id, identity.name);
  },
  *matchNode(ctx, node) {
    if (node.kind === 'ServiceAccount' && node.namespace !== undefined) {
      yield* serviceAccountGroups(node.id, node.namespace);
    } else if (node.kind === 'User') {
      yield* userGroups(ctx, node.id, node.name);
    } else if (node.kind === 'ImpersonatedUser') {
      const anonymous = node.name === 'system:anonymous';
      yield membership(
        node.id,
        anonymous ? 'system:unauthenticated' : 'system:authenticated',
        "An impersonated user carries only the group every request of its kind has, never the real user's groups.",
      );
    }
  },
});
