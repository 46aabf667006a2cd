/**
 * IMPERSONATE_SA (catalog 3.5): the `Impersonate-User:
 * system:serviceaccount:<ns>:<n>` header makes the API server treat the
 * request as coming from that ServiceAccount, with groups
 * `system:serviceaccounts`, `system:serviceaccounts:<ns>` and
 * `system:authenticated`.
 *
 * Precondition: `impersonate serviceaccounts` (core group) name n in
 * namespace ns (catalog 4.7: the check carries namespace ns, so RoleBindings
 * of ns apply). The ServiceAccount need not exist (bindings match by name).
 * Targets: ServiceAccount:ns/n for a named grant (created when absent); every
 * ServiceAccount node of the granted namespaces when resourceNames are empty.
 * Confidence high.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */

import { defineRule } from './define-rule.ts';
import { IDENTITY_READS, readsOf } from './reads.ts';
import {
  impersonateServiceAccountEdges,
  impersonationOf,
} from './identity-utils/impersonation.ts';

export const impersonateSa = defineRule({
  kind: 'IMPERSONATE_SA',
  reads: readsOf(IDENTITY_READS),
  matchHolder(ctx, holder) {
    const imp = impersonationOf(holder);
    return imp.serviceAccounts.any
      ? impersonateServiceAccountEdges(ctx, holder, imp)
      : [];
  },
});
