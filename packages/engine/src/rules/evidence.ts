/**
 * The shapes of edge evidence every rule uses (catalog 3.0), so that
 * explanations and fix candidates (the analysis derives "delete this binding",
 * "narrow rule 2 of this role", "set this field") read the same fields
 * whichever rule made the edge.
 *
 * - RBAC: `permissions` lists each permission the technique needs, with the
 *   binding, role and rule index that allow it.
 * - Pod spec: `object` is the Pod or controller id, `fields` the JSON paths
 *   (from the object's root) whose values make the edge true.
 * - Facts: `facts` names each node fact or policy key used, with its source
 *   (`given` by the policy file, `derived` from the input, `defaulted`).
 */

import type {
  FactEvidence,
  PermissionEvidence,
  RbacEvidence,
  SpecEvidence,
} from '@chokepoint/model';
import type { Allow, ResourceAction } from '../rbac/index.ts';

export type { FactEvidence, PermissionEvidence };

export function permission(
  allow: Allow,
  action: ResourceAction,
  where: { readonly namespace?: string; readonly name?: string } = {},
): PermissionEvidence {
  return {
    verb: action.verb,
    apiGroup: action.apiGroup,
    resource:
      action.subresource === undefined
        ? action.resource
        : `${action.resource}/${action.subresource}`,
    ...(where.namespace === undefined || where.namespace === ''
      ? {}
      : { namespace: where.namespace }),
    ...(where.name === undefined || where.name === ''
      ? {}
      : { name: where.name }),
    binding: allow.grant.binding,
    role: allow.grant.role,
    rule: allow.ruleIndex,
    ...(allow.grant.assumedDefault ? { assumedDefault: true as const } : {}),
  };
}

export function rbacEvidence<X extends object = Pick<RbacEvidence, 'facts'>>(
  reason: string,
  permissions: readonly PermissionEvidence[],
  extra: X = {} as X,
): RbacEvidence & X {
  return { reason, permissions, ...extra };
}

export function specEvidence<X extends object = Pick<SpecEvidence, 'facts'>>(
  reason: string,
  object: string,
  fields: readonly string[],
  extra: X = {} as X,
): SpecEvidence & X {
  return { reason, object, fields, ...extra };
}
