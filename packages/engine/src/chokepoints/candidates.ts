/**
 * Candidate fixes derived from edge evidence (analysis issue, point 3): each
 * a real change to a real object of the input.
 *
 * - an RBAC permission: delete the binding that grants it (or, for a
 *   ClusterRoleBinding of ServiceAccounts, replace it by RoleBindings in
 *   their namespaces), or narrow the role's rule (remove the verb, the
 *   resource or the resourceName) when the role is the input's own;
 * - a known component's own Secret (its CA), which its Role lets it create
 *   in its namespace: the Secret, the Role and its binding moved to a
 *   namespace of their own, the component told so by its flag;
 * - pod creation in a namespace that admits privileged pods: a Pod Security
 *   enforce label on it;
 * - an identity's GRANTS edge: delete one of the bindings it names, or remove
 *   that subject from a shared binding;
 * - a pod-spec field: set it to its safe value on the Pod, or on the pod
 *   template of its controller (listing the pods the rollout replaces); a
 *   Job, whose template cannot change, is deleted;
 * - a mounted token: `automountServiceAccountToken: false` on the ServiceAccount
 *   (re-creating its controllers' pods that admission gave the token), or on
 *   an admitted pod (its template, or the pod re-created without the
 *   injected volume);
 * - an exposure: make the Service a ClusterIP, or delete the Ingress or Gateway.
 *
 * Bootstrap defaults the analysis assumed are never fix targets: a fix must
 * be something the user can change in their cluster's own objects.
 */

import { objectId } from '@chokepoint/model';
import { KUBE_API_ACCESS_PREFIX } from '../predicates/service-account-token.ts';
import type { RbacModel } from '../rbac/index.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';
import type { Fix } from './apply-fix.ts';
import { podsOf } from './controller-pods.ts';
import { fixForField } from './field-fix.ts';
import { jobFix } from './kinds/job.ts';
import { namespacedBindingFix } from './kinds/namespaced-binding.ts';
import { narrowRuleFixes } from './kinds/narrow-rule.ts';
import {
  labelledNamespace,
  podSecurityLabelFix,
} from './kinds/pod-security-label.ts';
import { ownSecretNamespaceFix } from './kinds/secret-namespace.ts';
import { tokenContainersFix } from './kinds/token-containers.ts';
import { objectById, parseObjectId } from './impact/object-ref.ts';
import { clusterIpPatch } from './service-fix.ts';

export interface EdgeView {
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

interface PermissionLike {
  readonly binding?: unknown;
  readonly role?: unknown;
  readonly rule?: unknown;
  readonly verb?: unknown;
  readonly resource?: unknown;
  readonly name?: unknown;
  readonly assumedDefault?: unknown;
}

export interface CandidateContext {
  readonly index: SnapshotIndex;
  readonly rbac: RbacModel;
}

function ways(
  evidence: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>>[] {
  const also = Array.isArray(evidence.alsoVia)
    ? (evidence.alsoVia as Record<string, unknown>[])
    : [];
  return [evidence, ...also];
}

const TEMPLATE_PATH: Readonly<Record<string, string>> = {
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

/** The controller of a pod the input holds; undefined for any other object. */
function podController(
  index: SnapshotIndex,
  id: string,
): { readonly id: string; readonly kind: string } | undefined {
  const workload = index
    .workloadsInNamespace(parseObjectId(id).namespace)
    .find(w => w.id === id);
  if (workload?.kind !== 'Pod' || workload.controller === undefined)
    return undefined;
  const { kind, name } = workload.controller;
  return { id: objectId(kind, name, workload.namespace), kind };
}

function fieldFixes(
  ctx: CandidateContext,
  objectIdText: string,
  fields: readonly string[],
): Fix[] {
  const out: Fix[] = [];
  let target = objectIdText;
  let replaces: string[] = [];
  let remap = (field: string): string => field;
  const controller = podController(ctx.index, objectIdText);
  if (
    controller !== undefined &&
    objectById(ctx.index, controller.id) !== undefined
  ) {
    // A pod's spec is fixed through its controller: the rollout replaces every pod of it.
    target = controller.id;
    replaces = podsOf(ctx.index, controller.id);
    const templateSpec = TEMPLATE_PATH[controller.kind] ?? 'spec.template.spec';
    remap = field =>
      field.startsWith('spec.')
        ? `${templateSpec}${field.slice('spec'.length)}`
        : field;
  }
  const object = objectById(ctx.index, target);
  if (object === undefined) return out;
  // A Job's pod template is immutable: the Job is deleted instead.
  if (object.kind === 'Job') return [jobFix(object)];
  for (const field of fields) {
    const mapped = remap(field);
    const fix = fixForField(object, mapped);
    if (fix === undefined) continue;
    out.push({
      id: `patch:${target}#${mapped}`,
      action: 'patch',
      target,
      patch: fix.patch,
      ...(replaces.length > 0 ? { replaces } : {}),
      description: `${fix.description} on ${target}${replaces.length > 0 ? ` (rolls out ${String(replaces.length)} pod${replaces.length === 1 ? '' : 's'})` : ''}`,
    });
  }
  return out;
}

/**
 * `usedIn`: the namespace the path uses the permission in, when the edge's
 * evidence names one (`*`: every namespace).
 */
function rbacFixes(
  ctx: CandidateContext,
  permission: PermissionLike,
  usedIn?: string,
): Fix[] {
  const out: Fix[] = [];
  if (permission.assumedDefault === true) return out;
  const binding =
    typeof permission.binding === 'string' ? permission.binding : undefined;
  const bindingObject =
    binding !== undefined && /^(Cluster)?RoleBinding:/.test(binding)
      ? objectById(ctx.index, binding)
      : undefined;
  if (binding !== undefined && bindingObject !== undefined) {
    out.push({
      id: `delete:${binding}`,
      action: 'delete',
      target: binding,
      description: `delete ${binding}`,
    });
    const scoped = namespacedBindingFix(ctx.index, bindingObject, usedIn);
    if (scoped !== undefined) out.push(scoped);
  }
  const role =
    typeof permission.role === 'string' ? permission.role : undefined;
  const roleObject =
    role === undefined ? undefined : objectById(ctx.index, role);
  if (
    role !== undefined &&
    roleObject !== undefined &&
    typeof permission.rule === 'number'
  ) {
    out.push(
      ...narrowRuleFixes(roleObject, role, permission.rule, {
        ...(typeof permission.verb === 'string'
          ? { verb: permission.verb }
          : {}),
        ...(typeof permission.resource === 'string'
          ? { resource: permission.resource }
          : {}),
        ...(typeof permission.name === 'string'
          ? { name: permission.name }
          : {}),
      }),
    );
    // The component's own Secret, and the Role that lets it make it, moved
    // to a namespace of its own (knowledge base `ownSecret`).
    const moved =
      bindingObject === undefined
        ? undefined
        : ownSecretNamespaceFix(ctx.index, bindingObject, roleObject);
    if (moved !== undefined) out.push(moved);
  }
  return out;
}

function subjectFixes(
  ctx: CandidateContext,
  identity: string,
  bindings: readonly string[],
): Fix[] {
  const out: Fix[] = [];
  const { kind, namespace, name } = parseObjectId(identity);
  for (const binding of bindings) {
    const object = objectById(ctx.index, binding);
    if (object === undefined || !Array.isArray(object.subjects)) continue;
    const subjects = object.subjects as {
      kind?: string;
      name?: string;
      namespace?: string;
    }[];
    if (subjects.length < 2) continue;
    const rest = subjects.filter(
      s =>
        !(
          s.kind === kind &&
          s.name === name &&
          (kind !== 'ServiceAccount' ||
            (s.namespace ?? object.metadata.namespace) === namespace)
        ),
    );
    if (rest.length === subjects.length) continue;
    out.push({
      id: `patch:${binding}#subjects-${identity}`,
      action: 'patch',
      target: binding,
      patch: { subjects: rest },
      description: `remove ${identity} from the subjects of ${binding}`,
    });
  }
  return out;
}

/** The container's token is the volume ServiceAccount admission injected. */
function injectedToken(evidence: Readonly<Record<string, unknown>>): boolean {
  return (
    Array.isArray(evidence.ways) &&
    (evidence.ways as { kind?: unknown; volume?: unknown }[]).some(
      way =>
        way.kind === 'projected' &&
        typeof way.volume === 'string' &&
        way.volume.startsWith(KUBE_API_ACCESS_PREFIX),
    )
  );
}

/**
 * `automountServiceAccountToken: false` on a ServiceAccount. Admission reads
 * it when a pod is created: a pod already admitted keeps the token volume
 * it was given. So the fix re-creates the pods controllers run as the
 * account (`replaces`: deleted, their controller makes them again without
 * the token), as a template fix rolls its pods out. A bare pod is not
 * re-created by anyone: it keeps its token, and the measure says so.
 */
function serviceAccountAutomountFix(
  ctx: CandidateContext,
  accountId: string,
): Fix | undefined {
  const account = objectById(ctx.index, accountId);
  if (account === undefined || account.automountServiceAccountToken === false)
    return undefined;
  const { namespace, name } = parseObjectId(accountId);
  const admitted = ctx.index
    .workloadsInNamespace(namespace)
    .filter(
      w =>
        w.kind === 'Pod' &&
        w.serviceAccount === name &&
        w.spec.automountServiceAccountToken === undefined &&
        w.spec.volumes.some(v => v.name.startsWith(KUBE_API_ACCESS_PREFIX)),
    );
  const replaces = admitted
    .filter(
      w =>
        w.controller !== undefined &&
        objectById(
          ctx.index,
          objectId(w.controller.kind, w.controller.name, namespace),
        ) !== undefined,
    )
    .map(w => w.id)
    .sort();
  const bare = admitted.length - replaces.length;
  const notes = [
    'pods that need its token opt in',
    ...(replaces.length > 0
      ? [
          `re-creates ${String(replaces.length)} pod${replaces.length === 1 ? '' : 's'} of its controllers without the token`,
        ]
      : []),
    ...(bare > 0
      ? [
          `${String(bare)} pod${bare === 1 ? '' : 's'} with no controller keep${bare === 1 ? 's' : ''} the token until re-created`,
        ]
      : []),
  ];
  return {
    id: `patch:${accountId}#automountServiceAccountToken`,
    action: 'patch',
    target: accountId,
    patch: { automountServiceAccountToken: false },
    ...(replaces.length > 0 ? { replaces } : {}),
    description: `set automountServiceAccountToken: false on ${accountId} (${notes.join('; ')})`,
  };
}

export function candidatesForEdge(
  ctx: CandidateContext,
  edge: EdgeView,
): Fix[] {
  const out: Fix[] = [];
  for (const way of ways(edge.evidence)) {
    if (Array.isArray(way.permissions)) {
      const usedIn =
        typeof way.namespace === 'string' ? way.namespace : undefined;
      for (const permission of way.permissions as PermissionLike[])
        out.push(...rbacFixes(ctx, permission, usedIn));
    }
    if (typeof way.object === 'string' && Array.isArray(way.fields)) {
      out.push(...fieldFixes(ctx, way.object, way.fields as string[]));
    }
    if (edge.kind === 'POD_CREATE' && typeof way.namespace === 'string') {
      const namespace = labelledNamespace(ctx.index, way.namespace);
      const fix =
        namespace === undefined
          ? undefined
          : podSecurityLabelFix(ctx.index, namespace.object, namespace.inInput);
      if (fix !== undefined) out.push(fix);
    }
  }
  if (edge.kind === 'GRANTS' && Array.isArray(edge.evidence.bindings)) {
    const bindings = edge.evidence.bindings as string[];
    // Every binding the identity holds its power through: the one that makes
    // it cluster-admin-equivalent among them (an assumed default is no fix).
    for (const binding of bindings) out.push(...rbacFixes(ctx, { binding }));
    out.push(...subjectFixes(ctx, edge.from, bindings));
  }
  if (
    edge.kind === 'IDENTITY_ASSUME' &&
    edge.to.startsWith('ServiceAccount:')
  ) {
    // A pod the API server admitted holds the token volume it injected:
    // only the pod's own automountServiceAccountToken: false, on re-creation,
    // keeps the next one out (field-fix.ts drops the injected volume).
    if (
      injectedToken(edge.evidence) &&
      typeof edge.evidence.object === 'string' &&
      edge.evidence.object.startsWith('Pod:')
    )
      out.push(
        ...fieldFixes(ctx, edge.evidence.object, [
          'spec.automountServiceAccountToken',
        ]),
      );
    const fix = serviceAccountAutomountFix(ctx, edge.to);
    if (fix !== undefined) out.push(fix);
    // The token mounted only into the containers that use it, on the
    // controller's template (an admitted pod's controller on a live cluster).
    const container = edge.from.slice(edge.from.lastIndexOf('/') + 1);
    const scoped =
      typeof edge.evidence.object === 'string' &&
      edge.from.startsWith('Container:')
        ? tokenContainersFix(
            ctx.index,
            podController(ctx.index, edge.evidence.object)?.id ??
              edge.evidence.object,
            container,
          )
        : undefined;
    if (scoped !== undefined) out.push(scoped);
  }
  if (edge.kind === 'EXPOSES') {
    const object = objectById(ctx.index, edge.to);
    if (object?.kind === 'Service') {
      out.push({
        id: `patch:${edge.to}#type-ClusterIP`,
        action: 'patch',
        target: edge.to,
        patch: clusterIpPatch(object),
        description: `make ${edge.to} a ClusterIP Service (reach it through an authenticated ingress instead)`,
      });
    } else if (object !== undefined) {
      out.push({
        id: `delete:${edge.to}`,
        action: 'delete',
        target: edge.to,
        description: `delete ${edge.to}`,
      });
    }
  }
  return out;
}
