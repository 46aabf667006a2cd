/**
 * F-RBAC-WILDCARD (catalog 6, 4.2): a rule with `*` in verbs, resources or
 * apiGroups. A wildcard grants every verb (`bind`, `escalate` and
 * `impersonate` included), every resource and subresource (`pods/exec`,
 * `secrets`, `nodes/proxy`) or every API group, now and whatever CRDs appear
 * later; with all three and no resourceNames it is cluster-admin (catalog
 * 5). `*\/<sub>` resources count too. Per role (or binding of a built-in role
 * such as cluster-admin, see rbac-findings.ts).
 *
 * Reference: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
 */

import { isClusterAdminRule } from '../rbac/index.ts';
import { defineFinding } from './define-finding.ts';
import { roleRuleFindings } from './finding-utils/rbac-findings.ts';

export const rbacWildcard = defineFinding({
  id: 'F-RBAC-WILDCARD',
  title: 'Wildcard in RBAC rule',
  severity: 'medium',
  description: 'A rule has * in verbs, resources or apiGroups.',
  check: ctx =>
    roleRuleFindings(
      ctx,
      {
        check: 'F-RBAC-WILDCARD',
        title: 'Wildcard in RBAC rule',
        severity: 'medium',
        remediation:
          'List the verbs, API groups and resources the subject needs instead of *.',
        checklist: [
          'Rights need to be assigned within the project namespace based on least privilege and separation of duties.',
          'Regularly review and update RBAC policies to ensure least privilege access.',
        ],
      },
      rule => {
        if (isClusterAdminRule(rule))
          return [
            "grants '*' verbs on '*' resources in '*' groups (cluster-admin)",
          ];
        const where: string[] = [];
        if ((rule.nonResourceURLs ?? []).length > 0)
          return rule.verbs.includes('*')
            ? ["has '*' in verbs on non-resource URLs"]
            : undefined;
        if (rule.verbs.includes('*')) where.push('verbs');
        if ((rule.apiGroups ?? []).includes('*')) where.push('apiGroups');
        if ((rule.resources ?? []).some(r => r === '*' || r.startsWith('*/')))
          where.push('resources');
        return where.length === 0
          ? undefined
          : [`has '*' in ${where.join(', ')}`];
      },
    ),
});
