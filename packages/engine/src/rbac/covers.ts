/**
 * Covers(owner, servant) of catalog 4.6: does holding `owner` already give
 * every permission of `servant`? Syntactic, as upstream's
 * `staging/src/k8s.io/component-helpers/auth/rbac/validation/policy_comparator.go`
 * (`Covers`, `BreakdownRule`, `ruleCovers`): each single servant tuple must be
 * covered by one owner rule, and a servant `*` only by an owner `*`. It is not
 * request matching (a servant `pods/*` is covered by an owner `*\/*`), so it has
 * its own tests.
 */

import type { PolicyRule } from './types.ts';

const ALL = '*';

/** One servant permission: a resource tuple or a non-resource tuple. */
export type CoverTuple =
  | {
      readonly verb: string;
      readonly apiGroup: string;
      readonly resource: string;
      readonly name?: string;
    }
  | { readonly verb: string; readonly url: string };

/** Upstream BreakdownRule: group × resource × verb (× name), then URL × verb. */
export function breakdownRule(rule: PolicyRule): CoverTuple[] {
  const out: CoverTuple[] = [];
  const names = rule.resourceNames ?? [];
  for (const apiGroup of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        if (names.length === 0) out.push({ verb, apiGroup, resource });
        for (const name of names) out.push({ verb, apiGroup, resource, name });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) out.push({ verb, url });
  }
  return out;
}

function resourceCovered(owner: readonly string[], resource: string): boolean {
  if (owner.includes(ALL) || owner.includes(resource)) return true;
  const slash = resource.indexOf('/');
  return slash !== -1 && owner.includes(`*/${resource.slice(slash + 1)}`);
}

function urlCovered(owner: readonly string[], url: string): boolean {
  return owner.some(
    entry =>
      entry === url ||
      (entry.endsWith(ALL) && url.startsWith(entry.replace(/\*+$/, ''))),
  );
}

/** Upstream ruleCovers for one tuple. */
function ruleCovers(owner: PolicyRule, tuple: CoverTuple): boolean {
  if (!owner.verbs.includes(ALL) && !owner.verbs.includes(tuple.verb)) {
    return false;
  }
  const ownerNames = owner.resourceNames ?? [];
  if ('url' in tuple) {
    // A URL tuple has no group, resource or name: only verb and URL count.
    return (
      ownerNames.length === 0 &&
      urlCovered(owner.nonResourceURLs ?? [], tuple.url)
    );
  }
  const groups = owner.apiGroups ?? [];
  if (!groups.includes(ALL) && !groups.includes(tuple.apiGroup)) return false;
  if (!resourceCovered(owner.resources ?? [], tuple.resource)) return false;
  if (ownerNames.length === 0) return true;
  return tuple.name !== undefined && ownerNames.includes(tuple.name);
}

/** The servant tuples no single owner rule covers, in servant order. */
export function uncoveredTuples(
  owner: readonly PolicyRule[],
  servant: readonly PolicyRule[],
): CoverTuple[] {
  const out: CoverTuple[] = [];
  for (const rule of servant) {
    for (const tuple of breakdownRule(rule)) {
      if (!owner.some(ownerRule => ruleCovers(ownerRule, tuple))) {
        out.push(tuple);
      }
    }
  }
  return out;
}

export function covers(
  owner: readonly PolicyRule[],
  servant: readonly PolicyRule[],
): boolean {
  for (const rule of servant) {
    for (const tuple of breakdownRule(rule)) {
      if (!owner.some(ownerRule => ruleCovers(ownerRule, tuple))) return false;
    }
  }
  return true;
}
