/**
 * A ClusterRoleBinding turned into RoleBindings (fixes issue, point 3): the
 * ClusterRole keeps being granted to the binding's ServiceAccounts, but only
 * in the namespaces they run in, not in every namespace. One fix with
 * several objects (cli-contract `fix.also`): the RoleBindings are created,
 * then the ClusterRoleBinding is deleted, so the workloads never lose what
 * they use in their own namespace.
 *
 * Offered only when every subject is a ServiceAccount (a person or a group
 * runs nowhere the input says) and no RoleBinding of that name is in the
 * way. What the subjects lose (the ClusterRole outside their namespaces,
 * and its cluster-scoped resources everywhere) is the fix's impact.
 */

import type { KubeObject } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../../predicates/json.ts';
import type { SnapshotIndex } from '../../snapshot-index.ts';
import type { Fix } from '../apply-fix.ts';

interface ServiceAccountSubject {
  readonly kind: 'ServiceAccount';
  readonly name: string;
  readonly namespace: string;
}

function serviceAccountSubjects(
  binding: KubeObject,
): ServiceAccountSubject[] | undefined {
  const out: ServiceAccountSubject[] = [];
  for (const item of asArray(binding.subjects)) {
    const subject = asRecord(item);
    const name = asString(subject?.name);
    const namespace = asString(subject?.namespace);
    if (
      asString(subject?.kind) !== 'ServiceAccount' ||
      name === undefined ||
      namespace === undefined ||
      namespace === ''
    )
      return undefined;
    out.push({ kind: 'ServiceAccount', name, namespace });
  }
  return out.length === 0 ? undefined : out;
}

/**
 * `usedIn`: where the path uses the binding's permission; a use inside the
 * RoleBindings' namespaces is one they keep, so no fix for it.
 */
export function namespacedBindingFix(
  index: SnapshotIndex,
  binding: KubeObject,
  usedIn?: string,
): Fix | undefined {
  if (binding.kind !== 'ClusterRoleBinding') return undefined;
  const roleRef = asRecord(binding.roleRef);
  if (asString(roleRef?.kind) !== 'ClusterRole') return undefined;
  const subjects = serviceAccountSubjects(binding);
  if (subjects === undefined) return undefined;
  const name = binding.metadata.name;
  const namespaces = [...new Set(subjects.map(s => s.namespace))].sort();
  if (usedIn !== undefined && namespaces.includes(usedIn)) return undefined;
  if (namespaces.some(ns => index.get('RoleBinding', ns, name) !== undefined))
    return undefined;
  const target = `ClusterRoleBinding:${name}`;
  const role = asString(roleRef?.name) ?? '';
  return {
    id: `delete:${target}#to-rolebindings`,
    action: 'delete',
    target,
    also: namespaces.map(namespace => ({
      action: 'create' as const,
      target: `RoleBinding:${namespace}/${name}`,
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: {
          name,
          namespace,
          ...(binding.metadata.labels === undefined
            ? {}
            : { labels: binding.metadata.labels }),
        },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: role,
        },
        subjects: subjects.filter(s => s.namespace === namespace),
      },
    })),
    description: `replace ${target} by RoleBinding${namespaces.length === 1 ? '' : 's'} of ClusterRole:${role} in ${namespaces.length === 1 ? 'namespace' : 'namespaces'} ${namespaces.join(', ')}, where its ServiceAccounts run (created first, then ${target} is deleted)`,
  };
}
