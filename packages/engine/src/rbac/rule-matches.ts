/**
 * Does one policy rule allow one request (catalog 4.2)? The same four checks,
 * and only those, as the RBAC authorizer's `RuleAllows` in
 * `pkg/apis/rbac/v1/evaluation_helpers.go`. Every RBAC-driven rule of the
 * engine goes through here, so peer bugs (per-rule group checks, ignored or
 * globbed resourceNames, `*\/*` treated as a wildcard) cannot creep back in.
 */

import type { PolicyRule, ResourceAction, ResourceRequest } from './types.ts';

const ALL = '*';

/** `*` covers every verb, `bind`, `escalate`, `impersonate` and the like included. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.includes(ALL) || rule.verbs.includes(verb);
}

/** Exact group or `*`; the core group is `''`, so an entry `core` matches nothing. */
export function apiGroupMatches(rule: PolicyRule, apiGroup: string): boolean {
  const groups = rule.apiGroups ?? [];
  return groups.includes(ALL) || groups.includes(apiGroup);
}

/**
 * `*`, the combined `resource/subresource`, or exactly `*\/<subresource>`.
 * `pods` never matches `pods/exec`; `pods/*` and `*\/*` match no request
 * (kubernetes/enhancements#4961).
 */
export function resourceMatches(
  rule: PolicyRule,
  resource: string,
  subresource?: string,
): boolean {
  const combined =
    subresource === undefined || subresource === ''
      ? resource
      : `${resource}/${subresource}`;
  const starSub = combined === resource ? undefined : `*/${subresource}`;
  for (const entry of rule.resources ?? []) {
    if (entry === ALL || entry === combined || entry === starSub) return true;
  }
  return false;
}

/**
 * Literal names only (`*` is a name like any other); a request without a name
 * never matches a rule that lists names, so such rules never allow `create`,
 * `deletecollection` or an unfiltered `list`.
 */
export function resourceNameMatches(rule: PolicyRule, name?: string): boolean {
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  return name !== undefined && name !== '' && names.includes(name);
}

/** Verb, group and resource: everything but the name (used by reach()). */
export function actionMatches(
  rule: PolicyRule,
  action: ResourceAction,
): boolean {
  return (
    verbMatches(rule, action.verb) &&
    apiGroupMatches(rule, action.apiGroup) &&
    resourceMatches(rule, action.resource, action.subresource)
  );
}

/** Catalog 4.2: a resource request is allowed iff all four checks pass. */
export function ruleMatches(
  rule: PolicyRule,
  request: ResourceRequest,
): boolean {
  return (
    actionMatches(rule, request) && resourceNameMatches(rule, request.name)
  );
}

/** `*`, the exact path, or a prefix entry ending in `*` (`/healthz/*`). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const entry of rule.nonResourceURLs ?? []) {
    if (entry === ALL || entry === path) return true;
    // Upstream trims every trailing `*` (strings.TrimRight), not just one.
    if (entry.endsWith(ALL) && path.startsWith(entry.replace(/\*+$/, '')))
      return true;
  }
  return false;
}

/** Catalog 4.2, last paragraph: verb and URL. */
export function nonResourceRuleMatches(
  rule: PolicyRule,
  verb: string,
  path: string,
): boolean {
  return verbMatches(rule, verb) && nonResourceURLMatches(rule, path);
}
