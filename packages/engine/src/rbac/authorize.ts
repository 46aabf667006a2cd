/**
 * Is a request allowed by a set of grants (catalog 4.3)? A cluster-wide grant
 * applies everywhere; a RoleBinding's grant only to requests in its own
 * namespace, never to cluster-scoped (`''`) or non-resource requests. Mirrors
 * `VisitRulesFor` + `RuleAllows` in `plugin/pkg/auth/authorizer/rbac/rbac.go`.
 * The answer is the first allowing grant and rule in the order given, so the
 * evidence is deterministic when grants come from RbacModel.grantsFor.
 */

import { nonResourceRuleMatches, ruleMatches } from './rule-matches.ts';
import type { Allow, Grant, ResourceRequest } from './types.ts';

/** Whether a grant's binding applies to a request in `namespace`. */
export function grantApplies(grant: Grant, namespace: string): boolean {
  return grant.namespace === '' || grant.namespace === namespace;
}

export function authorize(
  grants: readonly Grant[],
  request: ResourceRequest,
): Allow | undefined {
  for (const grant of grants) {
    if (!grantApplies(grant, request.namespace)) continue;
    const index = grant.rules.findIndex(rule => ruleMatches(rule, request));
    if (index !== -1) return { grant, ruleIndex: index };
  }
  return undefined;
}

/** Non-resource URLs (`/healthz`, `/metrics`): ClusterRoleBindings only. */
export function authorizeNonResource(
  grants: readonly Grant[],
  verb: string,
  path: string,
): Allow | undefined {
  for (const grant of grants) {
    if (grant.namespace !== '') continue;
    const index = grant.rules.findIndex(rule =>
      nonResourceRuleMatches(rule, verb, path),
    );
    if (index !== -1) return { grant, ruleIndex: index };
  }
  return undefined;
}
