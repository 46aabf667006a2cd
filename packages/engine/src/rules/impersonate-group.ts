/**
 * IMPERSONATE_GROUP (catalog 3.5): the `Impersonate-Group: g` header adds
 * group g to an impersonated user, so the request gets every permission
 * bound to g (`system:masters` included).
 *
 * Precondition: `impersonate groups` (core group) name g, a cluster-scoped
 * check (only ClusterRoleBindings apply), **and** the holder has at least
 * one IMPERSONATE_USER or IMPERSONATE_SA edge: a group header without a user
 * header is rejected ("requested … without impersonating a user"). Targets:
 * Group:g for a named grant (created when absent); every Group node, with
 * Group:system:masters, when resourceNames are empty. Confidence high.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */

import { defineRule } from './define-rule.ts';
import { IDENTITY_READS, readsOf } from './reads.ts';
import { rbacEvidence } from './evidence.ts';
import { wayEvidence } from './identity-utils/access.ts';
import {
  impersonatesSomeUser,
  impersonationOf,
} from './identity-utils/impersonation.ts';
import { groupsScope } from './identity-utils/scopes.ts';

export const impersonateGroup = defineRule({
  kind: 'IMPERSONATE_GROUP',
  reads: readsOf(IDENTITY_READS),
  *matchHolder(ctx, holder) {
    const imp = impersonationOf(holder);
    if (
      imp.groups.everywhere === undefined &&
      [...imp.groups.names('')].length === 0
    )
      return;
    if (!impersonatesSomeUser(ctx, holder, imp)) return;
    const userNote =
      'with a user or ServiceAccount it can impersonate (a group header needs a user header)';
    const { everywhere } = imp.groups;
    if (everywhere !== undefined) {
      const to = groupsScope(ctx, true);
      if (to !== undefined) {
        yield {
          from: holder.id,
          to,
          confidence: 'high',
          evidence: rbacEvidence(
            `Can impersonate any group, ${userNote}.`,
            [wayEvidence(everywhere)],
            { targets: 'every group' },
          ),
        };
      }
      return;
    }
    for (const [group, way] of imp.groups.names('')) {
      yield {
        from: holder.id,
        to: `Group:${group}`,
        confidence: 'high',
        evidence: rbacEvidence(`Can impersonate group ${group}, ${userNote}.`, [
          wayEvidence(way, { name: group }),
        ]),
        toNode: { id: `Group:${group}`, kind: 'Group', name: group },
      };
    }
  },
});
