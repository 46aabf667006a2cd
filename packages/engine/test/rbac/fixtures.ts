/**
 * Builders for the RBAC tests: real-shaped Role, ClusterRole and binding
 * objects (as a manifest or `kubectl get -o json` holds them), and bare
 * grants for the matcher-level tests.
 */

import type { KubeObject } from '@chokepoint/model';
import { RbacModel } from '../../src/rbac/index.ts';
import type {
  Grant,
  PolicyRule,
  RbacInput,
  RbacModelOptions,
} from '../../src/rbac/index.ts';

export const RBAC_API = 'rbac.authorization.k8s.io/v1';

export interface SubjectSpec {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly name: string;
  readonly namespace?: string;
}

export function clusterRole(
  name: string,
  rules: readonly PolicyRule[] | null,
  extra: { labels?: Record<string, string>; aggregationRule?: unknown } = {},
): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: 'ClusterRole',
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
    rules,
    ...(extra.aggregationRule === undefined
      ? {}
      : { aggregationRule: extra.aggregationRule }),
  };
}

export function role(
  namespace: string,
  name: string,
  rules: readonly PolicyRule[],
): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: 'Role',
    metadata: { name, namespace },
    rules,
  };
}

export function clusterRoleBinding(
  name: string,
  roleName: string,
  subjects: readonly SubjectSpec[],
  roleKind: 'ClusterRole' | 'Role' = 'ClusterRole',
): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: roleKind,
      name: roleName,
    },
    subjects,
  };
}

export function roleBinding(
  namespace: string,
  name: string,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  subjects: readonly SubjectSpec[],
): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  };
}

/** Sorts a flat list of objects into the four lists RbacModel takes. */
export function rbacInput(objects: readonly KubeObject[]): RbacInput {
  const of = (kind: string) => objects.filter(o => o.kind === kind);
  return {
    roles: of('Role'),
    clusterRoles: of('ClusterRole'),
    roleBindings: of('RoleBinding'),
    clusterRoleBindings: of('ClusterRoleBinding'),
  };
}

export function model(
  objects: readonly KubeObject[],
  options: RbacModelOptions = { assumeDefaults: false },
): RbacModel {
  return RbacModel.fromObjects(rbacInput(objects), options);
}

/** A bare grant: `namespace` `''` = a ClusterRoleBinding. */
export function grant(
  rules: readonly PolicyRule[],
  namespace = '',
  name = 'b',
): Grant {
  return {
    binding:
      namespace === ''
        ? `ClusterRoleBinding:${name}`
        : `RoleBinding:${namespace}/${name}`,
    role: `ClusterRole:${name}`,
    namespace,
    rules,
    assumedDefault: false,
  };
}
