/**
 * ClusterRole aggregation (catalog 4.5): a ClusterRole with
 * `aggregationRule.clusterRoleSelectors` gets, instead of its own `rules`, the
 * union of the rules of every other ClusterRole a selector matches, to a
 * fixpoint (admin ⊇ edit ⊇ view). Same order and de-duplication as the
 * controller, `pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go`:
 * selectors in order, matched roles by name, a rule added once. Cycles resolve
 * to the least fixpoint, as the controller reaches from freshly created roles.
 */

import { labelSelectorMatches } from './label-selector.ts';
import type { PolicyRule } from './types.ts';

export interface AggregationInput {
  /** `ClusterRole:<name>`; entries sorted by id give the controller's by-name order. */
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly PolicyRule[];
  /** Present (non-empty) when the role aggregates. */
  readonly selectors?: readonly unknown[];
  /** Keep `rules` even when aggregating (rules collected live are trusted). */
  readonly fixed: boolean;
}

/** Semantic equality of rules, nil and empty lists alike (ruleExists upstream). */
function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([
    rule.verbs,
    rule.apiGroups ?? [],
    rule.resources ?? [],
    rule.resourceNames ?? [],
    rule.nonResourceURLs ?? [],
  ]);
}

/** Effective rules of every input role, by id. */
export function resolveAggregation(
  roles: readonly AggregationInput[],
): Map<string, readonly PolicyRule[]> {
  const sorted = [...roles].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const effective = new Map<string, readonly PolicyRule[]>();
  const sources = new Map<string, string[]>();
  for (const role of sorted) {
    const selectors = role.fixed ? undefined : role.selectors;
    if (selectors === undefined || selectors.length === 0) {
      effective.set(role.id, role.rules);
      continue;
    }
    effective.set(role.id, []);
    const selected: string[] = [];
    for (const selector of selectors) {
      for (const other of sorted) {
        if (
          other.id !== role.id &&
          labelSelectorMatches(selector, other.labels)
        ) {
          selected.push(other.id);
        }
      }
    }
    sources.set(role.id, selected);
  }
  // Monotone from empty: each pass only adds rules, so sizes settle.
  for (let changed = true; changed;) {
    changed = false;
    for (const [id, selected] of sources) {
      const seen = new Set<string>();
      const union: PolicyRule[] = [];
      for (const source of selected) {
        for (const rule of effective.get(source) ?? []) {
          const key = ruleKey(rule);
          if (seen.has(key)) continue;
          seen.add(key);
          union.push(rule);
        }
      }
      if (union.length !== (effective.get(id) ?? []).length) changed = true;
      effective.set(id, union);
    }
  }
  return effective;
}
