/**
 * IMPERSONATE_USER (catalog 3.5): the `Impersonate-User: u` header makes the
 * request run as user u. The result carries only the groups the requester
 * also impersonates, plus `system:authenticated` (`system:unauthenticated`
 * for `system:anonymous`), never u's real groups.
 *
 * Precondition: `impersonate users` (core group) name u, a cluster-scoped
 * check (only ClusterRoleBindings apply, catalog 4.3/4.7); u not of the form
 * `system:serviceaccount:…` (that header is checked as IMPERSONATE_SA).
 * Target: `User:u` when the holder can also impersonate every group User:u is
 * MEMBER_OF besides system:authenticated/unauthenticated (its memberships from
 * the policy file and catalog 3.6); otherwise `ImpersonatedUser:u`, whose
 * permissions are those of bindings naming u plus system:authenticated.
 * Unrestricted grants reach every User node. Confidence high.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */

import { defineRule } from './define-rule.ts';
import { IDENTITY_READS, readsOf } from './reads.ts';
import {
  impersonateUserEdges,
  impersonationOf,
} from './identity-utils/impersonation.ts';

export const impersonateUser = defineRule({
  kind: 'IMPERSONATE_USER',
  reads: readsOf(IDENTITY_READS),
  matchHolder(ctx, holder) {
    const imp = impersonationOf(holder);
    return imp.users.any ? impersonateUserEdges(ctx, holder, imp) : [];
  },
});
