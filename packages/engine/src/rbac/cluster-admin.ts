/**
 * The cluster-admin rule of catalog 5: `*` verbs on `*` resources in `*`
 * groups, without resourceNames. It is the only kind of rule that Covers the
 * tuple `*`/`*`/`*`; granted cluster-wide it makes its holder a critical asset.
 */

import type { PolicyRule } from './types.ts';

export function isClusterAdminRule(rule: PolicyRule): boolean {
  return (
    rule.verbs.includes('*') &&
    (rule.apiGroups ?? []).includes('*') &&
    (rule.resources ?? []).includes('*') &&
    (rule.resourceNames ?? []).length === 0
  );
}
