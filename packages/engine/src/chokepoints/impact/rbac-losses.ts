/**
 * The impact of an RBAC fix: which subjects lose which permissions, and
 * whether any workload running as them needs those. A permission another
 * binding still grants the subject is not lost. A known component is judged
 * by its needs, which list what its upstream role grants it for (a
 * permission they do not cover is one it does without); an unknown workload that loses permissions
 * granted to its ServiceAccount `degrades`; a ServiceAccount no workload
 * runs as loses nothing in use, unless a known component creates its pods
 * with it on demand.
 */

import type {
  CoverTuple,
  Identity,
  PolicyRule,
  Subject,
} from '../../rbac/index.ts';
import {
  breakdownRule,
  parseServiceAccountUsername,
  serviceAccountIdentity,
  uncoveredTuples,
} from '../../rbac/index.ts';
import type { WorkloadInfo } from '../../snapshot-index.ts';
import { clusterScopedResource } from '../kinds/namespaced-binding.ts';
import { recogniseContainers } from '../knowledge/index.ts';
import type { Component, RbacNeed } from '../knowledge/index.ts';
import type { ImpactContext } from './context.ts';
import { workloadName } from './context.ts';
import { worstOf } from './impact.ts';
import type { Impact } from './impact.ts';
import { workloadsUsing } from './subjects.ts';

export function tuplesOf(rules: readonly PolicyRule[]): CoverTuple[] {
  return rules.flatMap(breakdownRule);
}

function asRule(tuple: CoverTuple): PolicyRule {
  return 'url' in tuple
    ? { verbs: [tuple.verb], nonResourceURLs: [tuple.url] }
    : {
        verbs: [tuple.verb],
        apiGroups: [tuple.apiGroup],
        resources: [tuple.resource],
        ...(tuple.name === undefined ? {} : { resourceNames: [tuple.name] }),
      };
}

function overlaps(wanted: readonly string[], value: string): boolean {
  return value === '*' || wanted.includes('*') || wanted.includes(value);
}

function needCovers(need: RbacNeed, tuple: CoverTuple): boolean {
  if ('url' in tuple) return false;
  return (
    overlaps(need.apiGroups, tuple.apiGroup) &&
    overlaps(need.resources, tuple.resource) &&
    overlaps(need.verbs, tuple.verb)
  );
}

/**
 * `get, list secrets; get nodes/proxy`: what a person reads as the
 * permissions lost; past `max` resources, the count of the rest.
 */
export function summarise(tuples: readonly CoverTuple[], max = 3): string {
  const byResource = new Map<string, Set<string>>();
  for (const tuple of tuples) {
    const key =
      'url' in tuple
        ? tuple.url
        : `${tuple.resource}${tuple.apiGroup === '' || tuple.apiGroup === '*' ? '' : `.${tuple.apiGroup}`}${tuple.name === undefined ? '' : ` "${tuple.name}"`}`;
    let verbs = byResource.get(key);
    if (verbs === undefined) byResource.set(key, (verbs = new Set()));
    verbs.add(tuple.verb);
  }
  const parts = [...byResource].map(
    ([resource, verbs]) => `${[...verbs].join(', ')} ${resource}`,
  );
  const shown = parts.slice(0, max).join('; ');
  return parts.length > max
    ? `${shown}; and ${String(parts.length - max)} more resources`
    : shown;
}

/** What one subject loses through one binding's changed grant. */
export interface RbacLoss {
  readonly subject: Subject;
  /** What the change takes from the grant. */
  readonly tuples: readonly CoverTuple[];
  /** The binding whose grant changes; undefined when a role changes. */
  readonly binding?: string;
  /** `''`: the grant was cluster-wide; else the RoleBinding's namespace. */
  readonly namespace: string;
  /** A role whose rules change, with its new rules. */
  readonly role?: {
    readonly id: string;
    readonly rules: readonly PolicyRule[];
  };
  /** `ClusterRole:edit in namespace ci`; the tuples are summarised without it. */
  readonly what?: string;
  /** The grant goes on in these namespaces only (RoleBindings replace it). */
  readonly scope?: LossScope;
}

export interface LossScope {
  readonly namespaces: readonly string[];
  /** Controllers the fix tells to watch their namespace only (knowledge base `scope.flag`). */
  readonly told: ReadonlySet<string>;
}

const NO_LOSS: Impact = {
  level: 'none',
  reason: 'no subject loses a permission',
};

/** What the grant keeps covering nowhere: cluster-scoped resources and URLs. */
function clusterWide(tuple: CoverTuple): boolean {
  return (
    'url' in tuple ||
    tuple.resource === '*' ||
    clusterScopedResource(tuple.resource)
  );
}

/**
 * A component that serves only the namespaces it watches, and is scoped to
 * the namespace the RoleBinding keeps: what it loses elsewhere it no longer
 * reads; its verdict is the scope's, plus that of any cluster-scoped loss.
 */
function scopedVerdict(
  component: Component,
  workload: WorkloadInfo,
  label: string,
  tuples: readonly CoverTuple[],
  scope: LossScope | undefined,
): Impact | undefined {
  const how = component.scope;
  if (how === undefined || scope === undefined) return undefined;
  if (!scope.namespaces.includes(workload.namespace)) return undefined;
  if (how.flag !== undefined && !scope.told.has(label)) return undefined;
  const rest = tuples.filter(clusterWide);
  return worstOf(
    [
      {
        level: 'degrades',
        component: component.id,
        reason: `${component.name} (${label}) serves namespace ${workload.namespace} only${how.flag === undefined ? '' : ` (${how.flag})`}: ${how.why}`,
      },
      ...(rest.length === 0
        ? []
        : [componentVerdict(component, label, rest, summarise(rest))]),
    ],
    NO_LOSS,
  );
}

function identityOf(subject: Subject): Identity {
  if (subject.kind === 'ServiceAccount' && subject.namespace !== undefined)
    return serviceAccountIdentity(subject.namespace, subject.name);
  if (subject.kind === 'User') {
    const account = parseServiceAccountUsername(subject.name);
    return account === undefined
      ? { user: subject.name, groups: ['system:authenticated'] }
      : serviceAccountIdentity(account.namespace, account.name);
  }
  return { groups: [subject.name] };
}

/** The tuples the subject no longer holds through any grant left. */
function lostTuples(ctx: ImpactContext, loss: RbacLoss): CoverTuple[] {
  const remaining: PolicyRule[] = [];
  for (const grant of ctx.rbac.grantsFor(identityOf(loss.subject))) {
    if (grant.binding === loss.binding) continue;
    // A RoleBinding elsewhere does not cover what a cluster-wide grant gave.
    if (grant.namespace !== '' && grant.namespace !== loss.namespace) continue;
    remaining.push(
      ...(grant.role === loss.role?.id ? loss.role.rules : grant.rules),
    );
  }
  return uncoveredTuples(remaining, loss.tuples.map(asRule));
}

function componentVerdict(
  component: Component,
  who: string,
  tuples: readonly CoverTuple[],
  what: string,
): Impact {
  const needs = component.needs.rbac ?? [];
  let chosen: RbacNeed | undefined;
  for (const tuple of tuples) {
    const need = needs.find(n => needCovers(n, tuple));
    if (
      need !== undefined &&
      (chosen === undefined ||
        (chosen.level === 'degrades' && need.level === 'breaks'))
    )
      chosen = need;
  }
  if (chosen !== undefined) {
    const need = chosen;
    return {
      level: need.level,
      component: component.id,
      reason: `${component.name} (${who}) needs ${summarise(tuples.filter(t => needCovers(need, t)))}: ${need.why}`,
    };
  }
  return {
    level: 'none',
    reason: `${component.name} (${who}) does not need ${what}: its upstream role ${component.needs.token === undefined ? 'is not used, it does not call the API server' : 'does without it'} (${component.sources[0] ?? 'knowledge base'})`,
  };
}

function serviceAccountVerdict(
  ctx: ImpactContext,
  namespace: string,
  name: string,
  tuples: readonly CoverTuple[],
  what: string,
  scope?: LossScope,
): Impact {
  const account = `ServiceAccount:${namespace}/${name}`;
  const workloads = workloadsUsing(ctx.index, namespace, name);
  if (workloads.length === 0) {
    for (const workload of ctx.index.workloadsInNamespace(namespace)) {
      const { known } = recogniseContainers(
        ctx.knowledge,
        workload.containers.map(c => c.view.spec),
        workload.labels,
      );
      for (const { component } of known) {
        const created = component.createsPodsAs?.find(
          c => c.serviceAccount === name,
        );
        if (created !== undefined)
          return {
            level: created.level,
            component: component.id,
            reason: `${component.name} creates pods as ${account} on demand: ${created.why}`,
          };
      }
    }
    return {
      level: 'none',
      reason:
        ctx.index.get('ServiceAccount', namespace, name) === undefined &&
        ctx.index.live
          ? `${account} does not exist`
          : `no workload runs as ${account} with its token mounted`,
    };
  }
  const verdicts: Impact[] = [];
  for (const workload of workloads) {
    const label = workloadName(workload);
    const { known } = recogniseContainers(
      ctx.knowledge,
      workload.containers.map(c => c.view.spec),
      workload.labels,
    );
    for (const { component } of known)
      verdicts.push(
        scopedVerdict(component, workload, label, tuples, scope) ??
          componentVerdict(component, label, tuples, what),
      );
    if (known.length === 0)
      verdicts.push({
        level: 'degrades',
        component: label,
        reason: `${label} runs as ${account} and loses ${what}`,
      });
  }
  return worstOf(verdicts, {
    level: 'none',
    reason: `no workload running as ${account} uses ${what}`,
  });
}

const EVERYONE: Readonly<Record<string, string>> = {
  'system:authenticated': 'every authenticated user',
  'system:unauthenticated': 'anonymous users',
  'system:serviceaccounts': 'every ServiceAccount',
};

/** One subject's verdict on what a change takes from it. */
export function subjectVerdict(ctx: ImpactContext, loss: RbacLoss): Impact {
  const { subject } = loss;
  const tuples = lostTuples(ctx, loss);
  const who =
    subject.kind === 'Group'
      ? (EVERYONE[subject.name] ?? `members of group ${subject.name}`)
      : subject.kind === 'User'
        ? `user ${subject.name}`
        : `ServiceAccount:${subject.namespace ?? ''}/${subject.name}`;
  if (tuples.length === 0)
    return {
      level: 'none',
      reason: `${who} keep${subject.kind === 'Group' ? '' : 's'} ${loss.what ?? summarise(loss.tuples)} through other bindings`,
    };
  const what =
    tuples.length === loss.tuples.length
      ? (loss.what ?? summarise(tuples))
      : summarise(tuples);
  if (subject.kind === 'ServiceAccount' && subject.namespace !== undefined)
    return serviceAccountVerdict(
      ctx,
      subject.namespace,
      subject.name,
      tuples,
      what,
      loss.scope,
    );
  if (subject.kind === 'User') {
    const account = parseServiceAccountUsername(subject.name);
    if (account !== undefined)
      return serviceAccountVerdict(
        ctx,
        account.namespace,
        account.name,
        tuples,
        what,
      );
  }
  return {
    level: 'degrades',
    component: `${subject.kind}:${subject.name}`,
    reason: `${who} lose${subject.kind === 'User' ? 's' : ''} ${what}`,
  };
}

export function rbacImpact(
  ctx: ImpactContext,
  losses: readonly RbacLoss[],
): Impact {
  const verdicts = losses
    .filter(l => l.tuples.length > 0)
    .map(l => subjectVerdict(ctx, l));
  return worstOf(verdicts, NO_LOSS);
}
