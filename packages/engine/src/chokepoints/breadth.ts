/**
 * How narrow a fix is (the ranking's third key): the class of change, from
 * an edit inside one RBAC object (a subject, a verb, a resource) to deleting
 * a whole object, then how much it touches within that class: permissions
 * times subjects for RBAC, pods rolled out for a workload. Smaller is
 * narrower.
 */

import { readPolicyRules, uncoveredTuples } from '../rbac/index.ts';
import { asArray } from '../predicates/json.ts';
import { mergePatch } from './apply-fix.ts';
import type { ImpactContext } from './impact/context.ts';
import type { FixChange } from './impact/impact-of.ts';
import { fixObject, parseObjectId } from './impact/object-ref.ts';
import { tuplesOf } from './impact/rbac-losses.ts';
import type { KubeObject } from '@chokepoint/model';

export interface Breadth {
  /** 0: an edit inside an RBAC object; 1: one field of an object; 2: deleting an RBAC object; 3: deleting anything else. */
  readonly class: 0 | 1 | 2 | 3;
  /** How much the change touches within its class. */
  readonly amount: number;
}

const RBAC = new Set([
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
]);

function roleTuples(ctx: ImpactContext, binding: KubeObject): number {
  const ref = binding.roleRef as { kind?: string; name?: string } | undefined;
  const role =
    ref?.kind === 'Role'
      ? `Role:${binding.metadata.namespace ?? 'default'}/${ref.name ?? ''}`
      : `ClusterRole:${ref?.name ?? ''}`;
  return tuplesOf(ctx.rbac.effectiveRules(role) ?? []).length;
}

function subjectsOfRole(ctx: ImpactContext, role: string): number {
  let count = 0;
  for (const binding of ctx.rbac.bindings())
    if (binding.role === role) count += binding.subjects.length;
  return count;
}

export function breadthOf(ctx: ImpactContext, fix: FixChange): Breadth {
  const { kind } = parseObjectId(fix.target);
  const object = fixObject(ctx.index, fix);
  const pods = Math.max(1, fix.replaces?.length ?? 0);
  if (object === undefined) return { class: 3, amount: 1 };
  // A binding made narrower by RoleBindings that keep part of its grant.
  if (fix.also?.some(part => part.action === 'create') === true)
    return {
      class: 1,
      amount: asArray(object.subjects).length * roleTuples(ctx, object),
    };
  if (fix.action === 'delete') {
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding')
      return {
        class: 2,
        amount: asArray(object.subjects).length * roleTuples(ctx, object),
      };
    if (kind === 'Role' || kind === 'ClusterRole')
      return {
        class: 2,
        amount:
          subjectsOfRole(ctx, fix.target) *
          tuplesOf(readPolicyRules(object.rules)).length,
      };
    return { class: 3, amount: pods };
  }
  if (!RBAC.has(kind)) return { class: 1, amount: pods };
  const after = mergePatch(object, fix.patch ?? {}) as KubeObject;
  if (kind === 'Role' || kind === 'ClusterRole') {
    const removed = uncoveredTuples(
      readPolicyRules(after.rules),
      readPolicyRules(object.rules),
    ).length;
    return {
      class: 0,
      amount:
        Math.max(1, removed) * Math.max(1, subjectsOfRole(ctx, fix.target)),
    };
  }
  const lost = Math.max(
    1,
    asArray(object.subjects).length - asArray(after.subjects).length,
  );
  return { class: 0, amount: lost * roleTuples(ctx, object) };
}
