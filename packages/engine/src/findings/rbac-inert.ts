/**
 * F-RBAC-INERT (catalog 6, 4.2, 4.3): a rule, or part of one, that matches
 * no request, so the role does not grant what its author meant:
 * `pods/*` and `*\/*` (not wildcards, kubernetes/enhancements#4961), apiGroup
 * `core` (the core group is `""`), `extensions` for workloads (no longer
 * served), `*` in resourceNames (a literal name), cluster-scoped resources
 * or non-resource URLs in a namespaced Role. Often the sign of a copied rule
 * or of a permission someone believes is restricted. The built-in roles are
 * not checked. Per role.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
 */

import type { PolicyRule } from '../rbac/index.ts';
import { CLUSTER_SCOPED } from '../rbac/index.ts';
import { defineFinding } from './define-finding.ts';
import { roleRuleFindings } from './finding-utils/rbac-findings.ts';

const EXTENSIONS_WORKLOADS: ReadonlySet<string> = new Set([
  'daemonsets',
  'deployments',
  'replicasets',
  'statefulsets',
  'ingresses',
  'networkpolicies',
  'podsecuritypolicies',
  'replicationcontrollers',
]);

function inertParts(rule: PolicyRule, namespaced: boolean): string[] {
  const out: string[] = [];
  const resources = rule.resources ?? [];
  const groups = rule.apiGroups ?? [];
  for (const r of resources) {
    if (r.endsWith('/*'))
      out.push(
        `has resource '${r}', which matches no request (not a wildcard)`,
      );
  }
  if (groups.includes('core'))
    out.push(
      `has apiGroup 'core', which matches nothing (the core group is '')`,
    );
  if (groups.includes('extensions')) {
    const served = resources.filter(r =>
      EXTENSIONS_WORKLOADS.has(r.split('/')[0] ?? r),
    );
    if (served.length > 0)
      out.push(
        `has apiGroup 'extensions', which no longer serves ${served.join(', ')}`,
      );
  }
  if ((rule.resourceNames ?? []).includes('*'))
    out.push(`has '*' in resourceNames, a literal name rather than a wildcard`);
  if (namespaced) {
    const cluster = resources.filter(r =>
      CLUSTER_SCOPED.has(r.split('/')[0] ?? r),
    );
    if (cluster.length > 0)
      out.push(
        `has cluster-scoped ${cluster.join(', ')} in a namespaced Role, which grants nothing`,
      );
    if ((rule.nonResourceURLs ?? []).length > 0)
      out.push(
        'has non-resource URLs in a namespaced Role, which grant nothing',
      );
  }
  return out;
}

export const rbacInert = defineFinding({
  id: 'F-RBAC-INERT',
  title: 'RBAC rule that matches nothing',
  severity: 'low',
  description:
    'A rule (or part of one) matches no request: pods/*, */*, apiGroup core, extensions workloads, * in resourceNames, cluster-scoped resources in a Role.',
  check: ctx =>
    roleRuleFindings(
      ctx,
      {
        check: 'F-RBAC-INERT',
        title: 'RBAC rule that matches nothing',
        severity: 'low',
        remediation:
          "Rewrite the rule with the real names: list subresources explicitly (pods/exec), use '' for the core group and apps for workloads, drop '*' from resourceNames, move cluster-scoped permissions to a ClusterRole and ClusterRoleBinding.",
        checklist: [
          'Regularly review and update RBAC policies to ensure least privilege access.',
        ],
      },
      (rule, role) => {
        const parts = inertParts(rule, role.id.startsWith('Role:'));
        return parts.length === 0 ? undefined : parts;
      },
      { viaDefaultRoles: false },
    ),
});
