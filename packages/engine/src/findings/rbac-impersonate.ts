/**
 * F-RBAC-IMPERSONATE (catalog 6, 4.7): a rule grants `impersonate` on users,
 * groups, ServiceAccounts, UIDs or user extras (IMPERSONATE_USER,
 * IMPERSONATE_GROUP, IMPERSONATE_SA, catalog 3.5). Reported even when inert:
 * impersonating users, groups, UIDs and extras is cluster-scoped, so in a
 * namespaced Role (or a RoleBinding) only `serviceaccounts` works, but the
 * rule shows an intent worth reviewing. Per role (or binding of a built-in
 * role, see rbac-findings.ts).
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */

import type { PolicyRule } from '../rbac/index.ts';
import { actionMatches } from '../rbac/index.ts';
import { apiGroupMatches, verbMatches } from '../rbac/rule-matches.ts';
import { defineFinding } from './define-finding.ts';
import { roleRuleFindings } from './finding-utils/rbac-findings.ts';

const CORE_TARGETS = ['users', 'groups', 'serviceaccounts'] as const;

function impersonated(rule: PolicyRule): string[] {
  const out: string[] = [];
  for (const resource of CORE_TARGETS) {
    if (actionMatches(rule, { verb: 'impersonate', apiGroup: '', resource }))
      out.push(resource);
  }
  if (
    actionMatches(rule, {
      verb: 'impersonate',
      apiGroup: 'authentication.k8s.io',
      resource: 'uids',
    })
  )
    out.push('uids');
  if (
    verbMatches(rule, 'impersonate') &&
    apiGroupMatches(rule, 'authentication.k8s.io') &&
    (rule.resources ?? []).some(r => r === '*' || r.startsWith('userextras'))
  )
    out.push('userextras');
  return out;
}

export const rbacImpersonate = defineFinding({
  id: 'F-RBAC-IMPERSONATE',
  title: 'Impersonation granted',
  severity: 'high',
  description:
    'A role grants impersonate on users, groups, serviceaccounts, uids or userextras.',
  check: ctx =>
    roleRuleFindings(
      ctx,
      {
        check: 'F-RBAC-IMPERSONATE',
        title: 'Impersonation granted',
        severity: 'high',
        remediation:
          'Remove the impersonate verb; if a proxy needs it, restrict it with resourceNames to the exact users or groups.',
        checklist: [
          'It is forbidden to use user impersonation (the ability to perform actions under other accounts).',
        ],
      },
      (rule, role) => {
        const targets = impersonated(rule);
        if (targets.length === 0) return undefined;
        const namespaced = role.id.startsWith('Role:');
        const inert = targets.filter(t => t !== 'serviceaccounts');
        const names =
          (rule.resourceNames ?? []).length === 0
            ? ''
            : ` named ${(rule.resourceNames ?? []).join(', ')}`;
        const text = `grants impersonate on ${targets.join(', ')}${names}`;
        return [
          namespaced && inert.length > 0
            ? `${text} (${inert.join(', ')} inert in a namespaced Role: that impersonation is cluster-scoped)`
            : text,
        ];
      },
    ),
});
