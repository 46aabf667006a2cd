/**
 * ROLE_ESCALATE (catalog 3.5): the `escalate` verb lets its holder write any
 * rule into a role, including rules it does not hold (catalog 4.6). When
 * that role is already bound to the holder, the holder grants itself every
 * permission in the binding's scope.
 *
 * Precondition: a role R is bound to the holder by binding B (or R is
 * aggregated into, i.e. its labels match a `clusterRoleSelectors` entry of,
 * a ClusterRole so bound, transitively); the holder has `escalate` **and**
 * (`update` or `patch`) on R (resource `roles` in R's namespace or
 * `clusterroles` cluster-scoped; names respected); R has no
 * `aggregationRule` (the aggregation controller overwrites such rules).
 * Target: `RoleInScope:*@<S>` with S the scope of B (`cluster` for a
 * ClusterRoleBinding, `Namespace:<ns>` for a RoleBinding). Confidence high.
 * Holders with cluster-admin power already hold `RoleInScope:*@cluster`'s
 * permissions and are skipped.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-creation-or-update
 */

import type { ScopeId } from '@chokepoint/model';
import { scopeOfGrant } from '../holder.ts';
import { authorize } from '../rbac/index.ts';
import type { Allow, ResourceRequest } from '../rbac/index.ts';
import { defineRule } from './define-rule.ts';
import { IDENTITY_READS, readsOf } from './reads.ts';
import { permission, rbacEvidence } from './evidence.ts';
import { identityFacts } from './identity-utils/facts.ts';
import { roleInScopeNode } from './identity-utils/role-in-scope.ts';

const RBAC = 'rbac.authorization.k8s.io';

function requestOn(role: string, verb: string): ResourceRequest {
  if (role.startsWith('Role:')) {
    const [namespace = '', name = ''] = role.slice('Role:'.length).split('/');
    return { verb, apiGroup: RBAC, resource: 'roles', namespace, name };
  }
  return {
    verb,
    apiGroup: RBAC,
    resource: 'clusterroles',
    namespace: '',
    name: role.slice('ClusterRole:'.length),
  };
}

export const roleEscalate = defineRule({
  kind: 'ROLE_ESCALATE',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    if (holder.clusterAdmin) return;
    const facts = identityFacts(ctx);
    const checked = new Map<
      string,
      { escalate: Allow; write: Allow; writeVerb: string } | undefined
    >();
    const rights = (role: string) => {
      if (checked.has(role)) return checked.get(role);
      const escalate = authorize(holder.grants, requestOn(role, 'escalate'));
      let write: Allow | undefined;
      let writeVerb = 'update';
      if (escalate !== undefined) {
        write = authorize(holder.grants, requestOn(role, 'update'));
        if (write === undefined) {
          writeVerb = 'patch';
          write = authorize(holder.grants, requestOn(role, 'patch'));
        }
      }
      const out =
        escalate !== undefined && write !== undefined
          ? { escalate, write, writeVerb }
          : undefined;
      checked.set(role, out);
      return out;
    };
    for (const grant of holder.grants) {
      if (grant.role === '*') continue;
      const scope: ScopeId = scopeOfGrant(grant);
      const aggregated = facts.aggregatedFrom.get(grant.role);
      const roles = aggregated ?? [grant.role];
      for (const role of roles) {
        const can = rights(role);
        if (can === undefined) continue;
        const node = roleInScopeNode(ctx.rbac, '*', scope);
        if (node.id === holder.id) continue;
        const request = requestOn(role, 'escalate');
        const where = {
          namespace: request.namespace,
          name: request.name ?? '',
        };
        yield {
          from: holder.id,
          to: node.id,
          confidence: 'high',
          evidence: rbacEvidence(
            aggregated === undefined
              ? `Can escalate and ${can.writeVerb} ${role}, which ${grant.binding} binds to it: it can write any rule into it${scope === 'cluster' ? ' cluster-wide' : ` in ${scope}`}.`
              : `Can escalate and ${can.writeVerb} ${role}, which is aggregated into ${grant.role} bound by ${grant.binding}: any rule written into it flows into the bound role.`,
            [
              permission(can.escalate, requestOn(role, 'escalate'), where),
              permission(can.write, requestOn(role, can.writeVerb), where),
            ],
            {
              binding: grant.binding,
              role,
              ...(aggregated === undefined
                ? {}
                : { aggregatedInto: grant.role }),
              scope,
            },
          ),
          toNode: node,
        };
      }
    }
  },
});
