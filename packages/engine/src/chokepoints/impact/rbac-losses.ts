/**
 * The impact of an RBAC fix: which subjects lose which permissions, and
 * whether any workload running as those subjects needs them. A known
 * component's needs come from the knowledge base; an unknown workload that
 * loses permissions granted to its ServiceAccount is degraded (someone
 * granted them for a reason); a ServiceAccount no workload runs as loses
 * nothing that is used.
 */

import type { CoverTuple, PolicyRule, Subject } from '../../rbac/index.ts';
import {
  breakdownRule,
  parseServiceAccountUsername,
} from '../../rbac/index.ts';
import { recogniseContainers } from '../knowledge/index.ts';
import type { Component, RbacNeed } from '../knowledge/index.ts';
import type { ImpactContext } from './context.ts';
import { workloadName } from './context.ts';
import { worstOf } from './impact.ts';
import type { Impact } from './impact.ts';
import { workloadsUsing } from './subjects.ts';

export type ResourceTuple = Extract<CoverTuple, { apiGroup: string }>;

export function tuplesOf(rules: readonly PolicyRule[]): CoverTuple[] {
  return rules.flatMap(breakdownRule);
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

/** What is lost: a role granted somewhere, or the tuples a narrowing removes. */
export interface RbacLoss {
  readonly subject: Subject;
  readonly tuples: readonly CoverTuple[];
  /** `ClusterRole:edit in namespace ci`; the tuples are summarised without it. */
  readonly what?: string;
}

function componentVerdict(
  component: Component,
  who: string,
  tuples: readonly CoverTuple[],
  what: string,
): Impact {
  let best: { need: RbacNeed } | undefined;
  for (const tuple of tuples) {
    const need = component.needs.rbac?.find(n => needCovers(n, tuple));
    if (
      need !== undefined &&
      (best === undefined ||
        (best.need.level === 'degrades' && need.level === 'breaks'))
    )
      best = { need };
  }
  if (best === undefined)
    return {
      level: 'none',
      reason: `${component.name} (${who}) does not use ${what}`,
    };
  const chosen = best.need;
  return {
    level: chosen.level,
    component: component.id,
    reason: `${component.name} (${who}) needs ${summarise(tuples.filter(t => needCovers(chosen, t)))}: ${chosen.why}`,
  };
}

function serviceAccountVerdict(
  ctx: ImpactContext,
  namespace: string,
  name: string,
  tuples: readonly CoverTuple[],
  what: string,
): Impact {
  const account = `ServiceAccount:${namespace}/${name}`;
  const workloads = workloadsUsing(ctx.index, namespace, name);
  if (workloads.length === 0)
    return {
      level: 'none',
      reason:
        ctx.index.get('ServiceAccount', namespace, name) === undefined &&
        ctx.index.live
          ? `${account} does not exist`
          : `no workload runs as ${account} with its token mounted`,
    };
  const verdicts: Impact[] = [];
  for (const workload of workloads) {
    const name = workloadName(workload);
    const { known } = recogniseContainers(
      ctx.knowledge,
      workload.containers.map(c => c.view.spec),
      workload.labels,
    );
    for (const { component } of known)
      verdicts.push(componentVerdict(component, name, tuples, what));
    if (known.length === 0)
      verdicts.push({
        level: 'degrades',
        component: name,
        reason: `${name} runs as ${account} and loses ${what}`,
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

/** One subject's verdict on losing `tuples`. */
export function subjectVerdict(ctx: ImpactContext, loss: RbacLoss): Impact {
  const { subject, tuples } = loss;
  const what = loss.what ?? summarise(tuples);
  if (subject.kind === 'ServiceAccount' && subject.namespace !== undefined)
    return serviceAccountVerdict(
      ctx,
      subject.namespace,
      subject.name,
      tuples,
      what,
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
  const who =
    subject.kind === 'Group'
      ? (EVERYONE[subject.name] ?? `members of group ${subject.name}`)
      : `user ${subject.name}`;
  return {
    level: 'degrades',
    component: `${subject.kind}:${subject.name}`,
    reason: `${who} lose${who.startsWith('user ') ? 's' : ''} ${what}`,
  };
}

export function rbacImpact(
  ctx: ImpactContext,
  losses: readonly RbacLoss[],
): Impact {
  const verdicts = losses
    .filter(l => l.tuples.length > 0)
    .map(l => subjectVerdict(ctx, l));
  return worstOf(verdicts, {
    level: 'none',
    reason: 'no subject loses a permission',
  });
}
