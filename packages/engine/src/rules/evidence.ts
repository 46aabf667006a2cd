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

import type { Allow, ResourceAction } from '../rbac/index.ts';
import type { Evidence } from './define-rule.ts';

export interface PermissionEvidence {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly binding: string;
  readonly role: string;
  readonly rule: number;
  readonly assumedDefault?: true;
}

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

export interface FactEvidence {
  readonly fact: string;
  readonly value: unknown;
  readonly source: 'given' | 'derived' | 'defaulted';
}

export function rbacEvidence(
  reason: string,
  permissions: readonly PermissionEvidence[],
  extra: Evidence = {},
): Evidence {
  return { reason, permissions, ...extra };
}

export function specEvidence(
  reason: string,
  object: string,
  fields: readonly string[],
  extra: Evidence = {},
): Evidence {
  return { reason, object, fields, ...extra };
}
