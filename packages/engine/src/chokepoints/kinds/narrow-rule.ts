/**
 * Narrowing one rule of the input's own Role or ClusterRole (fixes issue,
 * point 3): remove the one verb, resource or resourceName an attack path
 * uses, and keep the rest of what the role grants. Removing the last verb
 * drops the rule (as before: same fix id). Removing the last resource or the
 * last name would too (an empty `resources` is refused by the API server, an
 * empty `resourceNames` widens the rule to every object), so those offer
 * dropping the rule only when no verb fix already does it.
 *
 * A read-only rule on every resource (`get, list, watch` on `*`, as policy
 * engines hold to audit every kind) loses one resource by being written
 * out: the built-in resources its groups serve, but that one. Custom
 * resources are then no longer granted, which its impact and description
 * say (RBAC has no "all but").
 */

import type { KubeObject } from '@chokepoint/model';
import { asRecord, asStringArray } from '../../predicates/json.ts';
import type { Fix } from '../apply-fix.ts';
import { BUILT_IN_READABLE } from './api-resources.ts';

export interface UsedPermission {
  readonly verb?: string;
  /** As in the rule: `nodes/proxy` with its subresource. */
  readonly resource?: string;
  readonly name?: string;
}

type Field = 'verbs' | 'resources' | 'resourceNames';

const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch']);

/**
 * A read-only `*` rule's resources written out without `resource`; none
 * when the rule writes, names objects, or reads a group whose resources are
 * not built in (a custom group: what it serves is unknown here).
 */
function writtenOut(
  rule: Record<string, unknown>,
  resource: string,
): string[] | undefined {
  const verbs = asStringArray(rule.verbs);
  if (verbs.length === 0 || !verbs.every(v => READ_VERBS.has(v)))
    return undefined;
  if (asStringArray(rule.resourceNames).length > 0) return undefined;
  const groups = asStringArray(rule.apiGroups);
  const served = groups.includes('*')
    ? Object.values(BUILT_IN_READABLE)
    : groups.map(group => BUILT_IN_READABLE[group]);
  const names = new Set<string>();
  for (const list of served) {
    if (list === undefined) return undefined;
    for (const name of list) names.add(name);
  }
  if (!names.delete(resource) || names.size === 0) return undefined;
  return [...names].sort();
}

const LABEL: Readonly<Record<Field, string>> = {
  verbs: 'verb',
  resources: 'resource',
  resourceNames: 'resourceName',
};

export function narrowRuleFixes(
  role: KubeObject,
  roleId: string,
  ruleIndex: number,
  used: UsedPermission,
): Fix[] {
  const rules = Array.isArray(role.rules)
    ? (role.rules as Record<string, unknown>[])
    : [];
  const rule = asRecord(rules[ruleIndex]);
  if (rule === undefined) return [];
  const at = `rule ${String(ruleIndex)} of ${roleId}`;
  const prefix = `patch:${roleId}#rules[${String(ruleIndex)}]-`;
  const dropped = { rules: rules.filter((_r, i) => i !== ruleIndex) };
  const out: Fix[] = [];
  let drops = false;
  const candidates: [Field, string | undefined][] = [
    ['verbs', used.verb],
    ['resources', used.resource],
    ['resourceNames', used.name],
  ];
  for (const [field, value] of candidates) {
    if (value === undefined) continue;
    const list = asStringArray(rule[field]);
    if (list.includes('*')) {
      const written =
        field === 'resources' ? writtenOut(rule, value) : undefined;
      if (written !== undefined)
        out.push({
          id: `${prefix}resource-${value}`,
          action: 'patch',
          target: roleId,
          patch: {
            rules: rules.map((r, i) =>
              i === ruleIndex ? { ...r, resources: written } : r,
            ),
          },
          description: `remove the resource "${value}" from ${at}: its "*" written out as the ${String(written.length)} other built-in resources (custom resources are no longer granted: add those it must read)`,
        });
      continue;
    }
    if (!list.includes(value)) continue;
    const left = list.filter(v => v !== value);
    if (left.length === 0) {
      if (drops) continue;
      drops = true;
      out.push({
        id: field === 'verbs' ? `${prefix}${value}` : `${prefix}remove`,
        action: 'patch',
        target: roleId,
        patch: dropped,
        description: `remove ${at}`,
      });
      continue;
    }
    out.push({
      id: `${prefix}${field === 'verbs' ? '' : `${LABEL[field]}-`}${value}`,
      action: 'patch',
      target: roleId,
      patch: {
        rules: rules.map((r, i) =>
          i === ruleIndex ? { ...r, [field]: left } : r,
        ),
      },
      description: `remove the ${LABEL[field]} "${value}" from ${at}`,
    });
  }
  return out;
}
