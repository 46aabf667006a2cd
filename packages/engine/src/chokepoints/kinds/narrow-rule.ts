/**
 * Narrowing one rule of the input's own Role or ClusterRole (fixes issue,
 * point 3): remove the one verb, resource or resourceName an attack path
 * uses, and keep the rest of what the role grants. Removing the last verb
 * drops the rule (as before: same fix id). Removing the last resource or the
 * last name would too (an empty `resources` is refused by the API server, an
 * empty `resourceNames` widens the rule to every object), so those offer
 * dropping the rule only when no verb fix already does it.
 */

import type { KubeObject } from '@chokepoint/model';
import { asRecord, asStringArray } from '../../predicates/json.ts';
import type { Fix } from '../apply-fix.ts';

export interface UsedPermission {
  readonly verb?: string;
  /** As in the rule: `nodes/proxy` with its subresource. */
  readonly resource?: string;
  readonly name?: string;
}

type Field = 'verbs' | 'resources' | 'resourceNames';

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
    // A wildcard cannot lose one member; only a listed value can go.
    if (!list.includes(value) || list.includes('*')) continue;
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
