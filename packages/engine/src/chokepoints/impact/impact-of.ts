/**
 * The impact of one fix (cli-contract v1.1 `fix.impact`), from the change
 * itself: the object before and after the fix is compared, and what the
 * change takes away is judged against the knowledge base and the cluster.
 * It reads the fix as a user would apply it (delete, or merge-patch plus the
 * deletion of the pods in `replaces`), so it holds for any fix kind.
 */

import type { FixPart, KubeObject } from '@chokepoint/model';
import { isControllerKind } from '../../entities/owners.ts';
import {
  asArray,
  asInteger,
  asRecord,
  asString,
} from '../../predicates/json.ts';
import {
  checkPodSecurity,
  ENFORCE_LABEL,
} from '../../predicates/pod-security.ts';
import { LEGACY_TOKEN_TYPE } from '../../predicates/service-account-token.ts';
import { readPolicyRules, uncoveredTuples } from '../../rbac/index.ts';
import type { CoverTuple, Subject } from '../../rbac/index.ts';
import type { WorkloadInfo } from '../../snapshot-index.ts';
import { mergePatch } from '../apply-fix.ts';
import { recogniseContainers } from '../knowledge/index.ts';
import type { ImpactContext } from './context.ts';
import { workloadName } from './context.ts';
import { worstOf } from './impact.ts';
import type { Impact } from './impact.ts';
import { judgeLoss } from './judge-workload.ts';
import { fixObject, objectById, parseObjectId } from './object-ref.ts';
import { podSpecLosses, rawPodSpec } from './pod-spec-losses.ts';
import { rbacImpact, tuplesOf } from './rbac-losses.ts';
import type { RbacLoss } from './rbac-losses.ts';

export interface FixChange {
  readonly action: 'delete' | 'patch';
  readonly target: string;
  readonly patch?: Readonly<Record<string, unknown>>;
  readonly replaces?: readonly string[];
  readonly also?: readonly FixPart[];
}

const NOTHING: Impact = {
  level: 'none',
  reason: 'it takes away nothing the cluster shows in use',
};

/** The workloads an object runs: a Pod, or a controller's pods or stand-in. */
function workloadsOf(ctx: ImpactContext, object: KubeObject): WorkloadInfo[] {
  const namespace = object.metadata.namespace ?? 'default';
  const name = object.metadata.name;
  return ctx.index
    .workloadsInNamespace(namespace)
    .filter(w =>
      object.kind === 'Pod'
        ? w.kind === 'Pod' && w.name === name
        : w.controller?.kind === object.kind && w.controller.name === name,
    );
}

function componentOf(ctx: ImpactContext, workload: WorkloadInfo): string {
  const { known } = recogniseContainers(
    ctx.knowledge,
    workload.containers.map(c => c.view.spec),
    workload.labels,
  );
  return known[0]?.component.id ?? workloadName(workload);
}

function finishedJob(object: KubeObject): boolean {
  if (object.kind !== 'Job') return false;
  const status = asRecord(object.status);
  if ((asInteger(status?.active) ?? 0) > 0) return false;
  return asArray(status?.conditions).some(c => {
    const condition = asRecord(c);
    return (
      (condition?.type === 'Complete' || condition?.type === 'Failed') &&
      condition.status === 'True'
    );
  });
}

function workloadImpact(
  ctx: ImpactContext,
  fix: FixChange,
  object: KubeObject,
  after: KubeObject | undefined,
): Impact {
  const workloads = workloadsOf(ctx, object);
  if (after === undefined) {
    if (finishedJob(object))
      return {
        level: 'none',
        reason: `${fix.target} has finished; deleting it removes its record and its pods’ logs`,
      };
    const first = workloads[0];
    return {
      level: 'breaks',
      component: first === undefined ? fix.target : componentOf(ctx, first),
      reason: `deleting ${fix.target} stops what it runs`,
    };
  }
  const before = rawPodSpec(object);
  const now = rawPodSpec(after);
  if (before === undefined || now === undefined) return NOTHING;
  const namespace = object.metadata.namespace ?? 'default';
  const serviceAccount = asString(now.serviceAccountName) ?? 'default';
  const automount = ctx.index.get(
    'ServiceAccount',
    namespace,
    serviceAccount,
  )?.automountServiceAccountToken;
  const losses = podSpecLosses(
    before,
    now,
    typeof automount === 'boolean' ? automount : undefined,
  );
  const verdicts = workloads.flatMap(workload =>
    losses.map(loss => judgeLoss(ctx, loss, workload)),
  );
  return worstOf(verdicts, NOTHING, 2);
}

function serviceAccountImpact(
  ctx: ImpactContext,
  object: KubeObject,
  after: KubeObject | undefined,
): Impact {
  const namespace = object.metadata.namespace ?? 'default';
  const users = ctx.index
    .workloadsInNamespace(namespace)
    .filter(w => w.serviceAccount === object.metadata.name);
  if (after === undefined) {
    const first = users[0];
    return first === undefined
      ? { level: 'none', reason: 'no workload runs as it' }
      : {
          level: 'breaks',
          component: componentOf(ctx, first),
          reason: `${workloadName(first)} runs as it: new pods are refused without it`,
        };
  }
  if (
    object.automountServiceAccountToken === false ||
    after.automountServiceAccountToken !== false
  )
    return NOTHING;
  // Pods that set automountServiceAccountToken themselves keep their choice.
  const losing = users.filter(
    w => w.spec.automountServiceAccountToken === undefined,
  );
  const verdicts = losing.map(workload =>
    judgeLoss(ctx, { kind: 'token' }, workload),
  );
  return worstOf(verdicts, {
    level: 'none',
    reason: 'no workload mounts its token',
  });
}

function subjectsOf(binding: KubeObject): Subject[] {
  const namespace = binding.metadata.namespace;
  return asArray(binding.subjects).flatMap(item => {
    const s = asRecord(item);
    const kind = asString(s?.kind);
    const name = asString(s?.name);
    if (kind === undefined || name === undefined) return [];
    const ns = asString(s?.namespace) ?? namespace;
    return [
      kind === 'ServiceAccount' && ns !== undefined && ns !== ''
        ? { kind, name, namespace: ns }
        : { kind, name },
    ];
  });
}

function subjectKey(s: Subject): string {
  return `${s.kind}/${s.namespace ?? ''}/${s.name}`;
}

function roleIdOf(binding: KubeObject): string {
  const ref = asRecord(binding.roleRef);
  const kind = asString(ref?.kind) ?? '';
  const name = asString(ref?.name) ?? '';
  return kind === 'Role'
    ? `Role:${binding.metadata.namespace ?? 'default'}/${name}`
    : `ClusterRole:${name}`;
}

/** Namespaces where a fix's RoleBindings keep granting what the binding granted. */
function keptIn(object: KubeObject, fix: FixChange): string[] {
  const ref = JSON.stringify(object.roleRef);
  return (fix.also ?? []).flatMap(part =>
    part.action === 'create' &&
    part.object?.kind === 'RoleBinding' &&
    JSON.stringify(part.object.roleRef) === ref
      ? [part.object.metadata.namespace ?? 'default']
      : [],
  );
}

/** Rules of the ClusterRoles a fix creates and binds cluster-wide (its cluster-scoped rules kept). */
function carriedRules(fix: FixChange): unknown[] {
  const created = fix.also ?? [];
  const bound = new Set(
    created.flatMap(part =>
      part.action === 'create' && part.object?.kind === 'ClusterRoleBinding'
        ? [asString(asRecord(part.object.roleRef)?.name) ?? '']
        : [],
    ),
  );
  return created.flatMap(part =>
    part.action === 'create' &&
    part.object?.kind === 'ClusterRole' &&
    bound.has(part.object.metadata.name)
      ? asArray(part.object.rules)
      : [],
  );
}

/** The controllers a fix's other parts patch, as the fix leaves them. */
function patchedControllers(
  ctx: ImpactContext,
  fix: FixChange,
): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  for (const part of fix.also ?? []) {
    if (part.action !== 'patch' || part.patch === undefined) continue;
    if (!isControllerKind(parseObjectId(part.target).kind)) continue;
    const object = objectById(ctx.index, part.target);
    if (object !== undefined)
      out.set(part.target, mergePatch(object, part.patch) as KubeObject);
  }
  return out;
}

function bindingImpact(
  ctx: ImpactContext,
  fix: FixChange,
  object: KubeObject,
  after: KubeObject | undefined,
): Impact {
  const role = roleIdOf(object);
  const rules = ctx.rbac.effectiveRules(role) ?? [];
  const carried = carriedRules(fix);
  const tuples =
    carried.length === 0
      ? tuplesOf(rules)
      : uncoveredTuples(readPolicyRules(carried), rules);
  const namespace = object.metadata.namespace;
  const kept = keptIn(object, fix);
  const scope =
    kept.length === 0
      ? undefined
      : {
          namespaces: kept,
          told: new Set(
            (fix.also ?? []).flatMap(part =>
              part.action === 'patch' ? [part.target] : [],
            ),
          ),
        };
  const what = `${role} ${
    namespace !== undefined
      ? `in namespace ${namespace}`
      : kept.length > 0
        ? `outside namespace${kept.length === 1 ? '' : 's'} ${kept.join(', ')} (and its cluster-scoped resources)`
        : 'cluster-wide'
  }`;
  const stay = new Set((after ? subjectsOf(after) : []).map(subjectKey));
  const lost = subjectsOf(object).filter(s => !stay.has(subjectKey(s)));
  const binding = `${object.kind}:${namespace === undefined ? '' : `${namespace}/`}${object.metadata.name}`;
  const patched = patchedControllers(ctx, fix);
  return rbacImpact(
    ctx,
    lost.map(subject => ({
      subject,
      tuples,
      what,
      binding,
      namespace: namespace ?? '',
      ...(scope === undefined ? {} : { scope }),
      ...(carried.length === 0 ? {} : { kept: readPolicyRules(carried) }),
      ...(patched.size === 0 ? {} : { patched }),
    })),
  );
}

function roleImpact(
  ctx: ImpactContext,
  fix: FixChange,
  object: KubeObject,
  after: KubeObject | undefined,
): Impact {
  const before =
    ctx.rbac.effectiveRules(fix.target) ?? readPolicyRules(object.rules);
  const now = after === undefined ? [] : readPolicyRules(after.rules);
  const removed: CoverTuple[] = uncoveredTuples(now, before);
  const losses: RbacLoss[] = [];
  for (const binding of ctx.rbac.bindings()) {
    if (binding.role !== fix.target) continue;
    for (const subject of binding.subjects)
      losses.push({
        subject,
        tuples: removed,
        namespace: binding.namespace,
        role: { id: fix.target, rules: now },
      });
  }
  return rbacImpact(ctx, losses);
}

/** Ingresses and HTTPRoutes of the namespace that send traffic to the Service. */
function routesTo(ctx: ImpactContext, service: KubeObject): string[] {
  const namespace = service.metadata.namespace ?? 'default';
  const name = service.metadata.name;
  const out: string[] = [];
  for (const ingress of ctx.index.inNamespace('Ingress', namespace)) {
    const text = JSON.stringify(ingress.spec ?? {});
    if (text.includes(`"service":{"name":"${name}"`))
      out.push(`Ingress:${namespace}/${ingress.metadata.name}`);
  }
  for (const route of ctx.index.objects('HTTPRoute')) {
    const refs = JSON.stringify(asRecord(route.spec)?.rules ?? []);
    const routeNs = route.metadata.namespace ?? 'default';
    if (routeNs === namespace && refs.includes(`"name":"${name}"`))
      out.push(`HTTPRoute:${routeNs}/${route.metadata.name}`);
  }
  return out;
}

function selected(ctx: ImpactContext, service: KubeObject): WorkloadInfo[] {
  const selector = asRecord(asRecord(service.spec)?.selector);
  if (selector === undefined) return [];
  const namespace = service.metadata.namespace ?? 'default';
  return ctx.index
    .workloadsInNamespace(namespace)
    .filter(w => Object.entries(selector).every(([k, v]) => w.labels[k] === v));
}

function serviceImpact(
  ctx: ImpactContext,
  fix: FixChange,
  object: KubeObject,
  after: KubeObject | undefined,
): Impact {
  const type = asString(asRecord(object.spec)?.type) ?? 'ClusterIP';
  const newType =
    after && (asString(asRecord(after.spec)?.type) ?? 'ClusterIP');
  if (after !== undefined && newType === type) return NOTHING;
  const backends = selected(ctx, object);
  const known = backends
    .map(w => componentOf(ctx, w))
    .find(id => !id.includes(':'));
  const how =
    type === 'NodePort'
      ? 'node port'
      : type === 'LoadBalancer'
        ? 'load balancer'
        : 'address';
  if (known !== undefined)
    return {
      level: 'breaks',
      component: known,
      reason: `${fix.target} is how traffic reaches ${known}; clients outside the cluster lose its ${how}`,
    };
  const routes = after === undefined ? [] : routesTo(ctx, object);
  if (routes.length > 0)
    return {
      level: 'degrades',
      component: fix.target,
      reason: `clients that reach ${fix.target} at its ${how} lose it; ${routes.join(', ')} still route${routes.length === 1 ? 's' : ''} to it`,
    };
  return {
    level: 'breaks',
    component: fix.target,
    reason:
      after === undefined
        ? `deleting ${fix.target} stops its traffic`
        : `${fix.target} is no longer reachable from outside the cluster at its ${how}`,
  };
}

function namespaceImpact(
  ctx: ImpactContext,
  object: KubeObject,
  after: KubeObject | undefined,
): Impact {
  if (after === undefined)
    return {
      level: 'breaks',
      component: `Namespace:${object.metadata.name}`,
      reason: 'deleting a namespace deletes everything in it',
    };
  const level = after.metadata.labels?.[ENFORCE_LABEL];
  if (level !== 'baseline' && level !== 'restricted') return NOTHING;
  const verdicts: Impact[] = [];
  for (const workload of ctx.index.workloadsInNamespace(object.metadata.name)) {
    const check = checkPodSecurity({
      pod: workload.spec,
      ...(workload.kind === 'Pod' ? { podObject: workload.object } : {}),
      level,
    });
    if (check.satisfied) continue;
    const checks = [...new Set(check.violations.map(v => v.check))].join(', ');
    verdicts.push({
      level: 'breaks',
      component: componentOf(ctx, workload),
      reason: `${workloadName(workload)} violates Pod Security ${level} (${checks}): it keeps running, but its next pod is refused`,
    });
  }
  return worstOf(verdicts, {
    level: 'none',
    reason: `every workload in ${object.metadata.name} passes Pod Security ${level}`,
  });
}

function references(
  spec: Readonly<Record<string, unknown>>,
  secret: string,
): boolean {
  const text = JSON.stringify(spec);
  return (
    text.includes(`"secretName":"${secret}"`) ||
    text.includes(`"secretKeyRef":{"name":"${secret}"`) ||
    text.includes(`"secretRef":{"name":"${secret}"`) ||
    text.includes(`"secret":{"name":"${secret}"`)
  );
}

function secretImpact(
  ctx: ImpactContext,
  fix: FixChange,
  object: KubeObject,
): Impact {
  const namespace = object.metadata.namespace ?? 'default';
  const users = ctx.index
    .workloadsInNamespace(namespace)
    .filter(w => references(w.spec.raw, object.metadata.name));
  const first = users[0];
  if (first !== undefined)
    return {
      level: 'breaks',
      component: componentOf(ctx, first),
      reason: `${workloadName(first)} mounts or reads ${fix.target}`,
    };
  if (object.type === LEGACY_TOKEN_TYPE)
    return {
      level: 'degrades',
      component: fix.target,
      reason: `anything outside the cluster that authenticates with this long-lived token (a CI system, a kubeconfig) loses access; short-lived tokens from the TokenRequest API replace it`,
    };
  return {
    level: 'degrades',
    component: fix.target,
    reason: `no workload of the input uses ${fix.target}; something outside the cluster may`,
  };
}

/** The impact of a fix on the analysed cluster. */
export function impactOf(ctx: ImpactContext, fix: FixChange): Impact {
  const { kind } = parseObjectId(fix.target);
  const object = fixObject(ctx.index, fix);
  if (object === undefined)
    return { level: 'none', reason: `${fix.target} is not in the input` };
  const after =
    fix.action === 'delete'
      ? undefined
      : (mergePatch(object, fix.patch ?? {}) as KubeObject);
  if (kind === 'Pod' || isControllerKind(kind))
    return workloadImpact(ctx, fix, object, after);
  switch (kind) {
    case 'ServiceAccount':
      return serviceAccountImpact(ctx, object, after);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return bindingImpact(ctx, fix, object, after);
    case 'Role':
    case 'ClusterRole':
      return roleImpact(ctx, fix, object, after);
    case 'Service':
      return serviceImpact(ctx, fix, object, after);
    case 'Namespace':
      return namespaceImpact(ctx, object, after);
    case 'Secret':
      return after === undefined ? secretImpact(ctx, fix, object) : NOTHING;
    case 'Ingress':
    case 'HTTPRoute':
    case 'Gateway':
      return {
        level: 'breaks',
        component: fix.target,
        reason: `the routes of ${fix.target} stop`,
      };
    default:
      return after === undefined
        ? {
            level: 'degrades',
            component: fix.target,
            reason: `${fix.target} is removed; nothing in the knowledge base says who uses it`,
          }
        : NOTHING;
  }
}
