/**
 * A ClusterRoleBinding turned into RoleBindings (fixes issue, point 3): the
 * ClusterRole keeps being granted to the binding's ServiceAccounts, but only
 * in the namespaces they run in, not in every namespace. One fix with
 * several objects (cli-contract `fix.also`): the new objects are made first,
 * then the ClusterRoleBinding is deleted, so the workloads never lose what
 * they use in their own namespace.
 *
 * - The ClusterRole's rules on cluster-scoped resources (nodes,
 *   IngressClasses...), which no RoleBinding grants, stay cluster-wide in a
 *   ClusterRole of their own, bound to the same subjects.
 * - A known component that watches every namespace unless told otherwise
 *   (knowledge base `scope`) is told to watch its own namespace only
 *   (`--watch-namespace`), as the component's own scoped install does: the
 *   expert's first fix for a controller whose path uses exactly the
 *   cluster-wide permission it needs. Without that flag it would fail on
 *   the namespaces it no longer may read.
 *
 * Offered only when every subject is a ServiceAccount (a person or a group
 * runs nowhere the input says) and the new objects' names are free. What the
 * subjects lose (the ClusterRole outside their namespaces) is the fix's
 * impact.
 */

import { objectId } from '@chokepoint/model';
import type { FixPart, KubeObject } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../../predicates/json.ts';
import { CLUSTER_SCOPED } from '../../rbac/index.ts';
import type { SnapshotIndex } from '../../snapshot-index.ts';
import type { Fix } from '../apply-fix.ts';
import { KNOWLEDGE, recogniseContainer } from '../knowledge/index.ts';
import { podsOf } from '../controller-pods.ts';
import { TEMPLATE_KINDS } from './template-kinds.ts';

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

/** A resource no RoleBinding grants (a namespace only its own). */
export function clusterScopedResource(resource: string): boolean {
  const base = resource.split('/')[0] ?? resource;
  return base === 'namespaces' || CLUSTER_SCOPED.has(base);
}

/** The rules, cut down to their cluster-scoped resources and URLs. */
export function clusterScopedRules(rules: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const item of asArray(rules)) {
    const rule = asRecord(item);
    if (rule === undefined) continue;
    if (asArray(rule.nonResourceURLs).length > 0) {
      out.push({ ...rule });
      continue;
    }
    const resources = asArray(rule.resources).filter(
      (r): r is string => typeof r === 'string' && clusterScopedResource(r),
    );
    if (resources.length > 0) out.push({ ...rule, resources });
  }
  return out;
}

/** The value a container's args give a flag, or undefined when unset. */
export function flagValue(
  args: readonly unknown[],
  flag: string,
): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = asString(args[i]);
    if (arg === undefined) continue;
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    if (arg === flag) return asString(args[i + 1]) ?? '';
  }
  return undefined;
}

interface Scoping {
  readonly parts: FixPart[];
  readonly replaces: string[];
  readonly told: string[];
}

/**
 * The controllers of the subjects' known components that must be told to
 * watch one namespace; undefined when one cannot be (a bare pod, or a
 * component already watching another namespace).
 */
function scopeComponents(
  index: SnapshotIndex,
  subjects: readonly ServiceAccountSubject[],
): Scoping | undefined {
  const parts: FixPart[] = [];
  const replaces: string[] = [];
  const told: string[] = [];
  const done = new Set<string>();
  for (const subject of subjects) {
    for (const workload of index.workloadsInNamespace(subject.namespace)) {
      if (workload.serviceAccount !== subject.name) continue;
      const flags = workload.spec.containers.map(
        c => recogniseContainer(KNOWLEDGE, c, workload.labels)?.component,
      );
      if (!flags.some(c => c?.scope?.flag !== undefined)) continue;
      const ref = workload.controller;
      if (ref === undefined || !TEMPLATE_KINDS.has(ref.kind)) return undefined;
      const id = objectId(ref.kind, ref.name, subject.namespace);
      if (done.has(id)) continue;
      done.add(id);
      const controller = index.get(ref.kind, subject.namespace, ref.name);
      if (controller === undefined) return undefined;
      const template = asRecord(asRecord(controller.spec)?.template);
      const raw = asArray(asRecord(template?.spec)?.containers);
      let changed = false;
      const containers: unknown[] = [];
      for (const item of raw) {
        const container = asRecord(item);
        const name = asString(container?.name);
        const spec = workload.spec.containers.find(c => c.name === name);
        const flag =
          spec === undefined
            ? undefined
            : recogniseContainer(KNOWLEDGE, spec, workload.labels)?.component
                .scope?.flag;
        if (container === undefined || flag === undefined) {
          containers.push(item);
          continue;
        }
        const args = asArray(container.args);
        const value = flagValue(args, flag);
        if (value === subject.namespace) {
          containers.push(item);
          continue;
        }
        if (value !== undefined) return undefined;
        changed = true;
        containers.push({
          ...container,
          args: [...args, `${flag}=${subject.namespace}`],
        });
        told.push(`${flag}=${subject.namespace} on ${id}`);
      }
      if (!changed) continue;
      parts.push({
        action: 'patch',
        target: id,
        patch: { spec: { template: { spec: { containers } } } },
      });
      replaces.push(...podsOf(index, id));
    }
  }
  return { parts, replaces: replaces.sort(), told };
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
  // The component's own RoleBinding often has the binding's name already.
  const free = (candidate: string) =>
    namespaces.every(
      ns => index.get('RoleBinding', ns, candidate) === undefined,
    );
  const bindingName = [name, `${name}-namespaced`].find(free);
  if (bindingName === undefined) return undefined;
  const target = `ClusterRoleBinding:${name}`;
  const role = asString(roleRef?.name) ?? '';
  const roleObject = index.get('ClusterRole', '', role);
  const kept =
    roleObject === undefined || roleObject.aggregationRule !== undefined
      ? []
      : clusterScopedRules(roleObject.rules);
  const keptName = `${role}-cluster-scoped`;
  const keptBinding = `${name}-cluster-scoped`;
  if (
    kept.length > 0 &&
    (index.get('ClusterRole', '', keptName) !== undefined ||
      index.get('ClusterRoleBinding', '', keptBinding) !== undefined)
  )
    return undefined;
  const scoping = scopeComponents(index, subjects);
  if (scoping === undefined) return undefined;
  const labels =
    binding.metadata.labels === undefined
      ? {}
      : { labels: binding.metadata.labels };
  const clusterParts: FixPart[] =
    kept.length === 0
      ? []
      : [
          {
            action: 'create',
            target: `ClusterRole:${keptName}`,
            object: {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRole',
              metadata: { name: keptName, ...labels },
              rules: kept,
            },
          },
          {
            action: 'create',
            target: `ClusterRoleBinding:${keptBinding}`,
            object: {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRoleBinding',
              metadata: { name: keptBinding, ...labels },
              roleRef: {
                apiGroup: 'rbac.authorization.k8s.io',
                kind: 'ClusterRole',
                name: keptName,
              },
              subjects,
            },
          },
        ];
  const roleBindings: FixPart[] = namespaces.map(namespace => ({
    action: 'create' as const,
    target: `RoleBinding:${namespace}/${bindingName}`,
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: bindingName, namespace, ...labels },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role,
      },
      subjects: subjects.filter(s => s.namespace === namespace),
    },
  }));
  const where = `${namespaces.length === 1 ? 'namespace' : 'namespaces'} ${namespaces.join(', ')}`;
  const scope =
    scoping.told.length > 0
      ? `scope the controller to ${where} (${scoping.told.join('; ')}), then `
      : '';
  const carriedNote =
    kept.length > 0
      ? `its cluster-scoped rules stay cluster-wide in ClusterRole:${keptName}; `
      : '';
  return {
    id: `delete:${target}#to-rolebindings`,
    action: 'delete',
    target,
    also: [...scoping.parts, ...clusterParts, ...roleBindings],
    ...(scoping.replaces.length > 0 ? { replaces: scoping.replaces } : {}),
    description: `${scope}replace ${target} by RoleBinding${namespaces.length === 1 ? '' : 's'} of ClusterRole:${role} in ${where}, where its ServiceAccounts run (${carriedNote}the new objects first, then ${target} is deleted)`,
  };
}
