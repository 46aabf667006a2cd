/**
 * The impact of an RBAC fix: which subjects lose which permissions, and
 * whether any workload running as them needs those. A permission another
 * binding still grants the subject is not lost. A known component is judged
 * by its needs, which list what its upstream role grants it for (a
 * permission they do not cover is one it does without), against what it
 * still holds after the fix: a wildcard rule written out without `secrets`
 * loses `*`, yet a need for webhook configurations the written-out rule
 * lists is met. An unknown workload that loses permissions
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
  covers,
  parseServiceAccountUsername,
  serviceAccountIdentity,
  uncoveredTuples,
} from '../../rbac/index.ts';
import type { KubeObject } from '@chokepoint/model';
import { asArray, asRecord } from '../../predicates/json.ts';
import type { WorkloadInfo } from '../../snapshot-index.ts';
import { clusterScopedResource } from '../kinds/namespaced-binding.ts';
import { resolvedFlag } from '../kinds/secret-namespace.ts';
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

/** The values a need asks for among those a tuple names (`*`: all it asks for). */
function narrowed(wanted: readonly string[], value: string): string[] {
  if (value === '*') return [...wanted];
  return wanted.includes('*') || wanted.includes(value) ? [value] : [];
}

/** A permission a need asks for, in any of its groups. */
interface Wanted {
  readonly verb: string;
  readonly resource: string;
  readonly name?: string;
  /** The need's groups the lost tuple covered: the resource is held if one of them grants it. */
  readonly apiGroups: readonly string[];
}

/** The objects a need asks for among those a tuple names (undefined: every object). */
function namesWanted(
  need: RbacNeed,
  name: string | undefined,
): (string | undefined)[] {
  const names = need.resourceNames;
  if (names === undefined) return [name];
  if (name === undefined) return [...names];
  return names.includes(name) ? [name] : [];
}

/** What of a lost tuple the need asks for: its own values where the tuple has `*`. */
function wantedPart(need: RbacNeed, tuple: CoverTuple): Wanted[] {
  if ('url' in tuple) return [];
  const apiGroups = narrowed(need.apiGroups, tuple.apiGroup);
  if (apiGroups.length === 0) return [];
  const out: Wanted[] = [];
  for (const resource of narrowed(need.resources, tuple.resource))
    for (const verb of narrowed(need.verbs, tuple.verb))
      for (const name of namesWanted(need, tuple.name))
        out.push({
          verb,
          resource,
          apiGroups,
          ...(name === undefined ? {} : { name }),
        });
  return out;
}

/**
 * `get, list secrets; get nodes/proxy`: what a person reads as the
 * permissions lost; past `max` resources, the count of the rest.
 */
export function summarise(tuples: readonly CoverTuple[], max = 3): string {
  const byResource = new Map<string, Set<string>>();
  for (const tuple of tuples) {
    const key = resourceText(tuple);
    let verbs = byResource.get(key);
    if (verbs === undefined) byResource.set(key, (verbs = new Set()));
    verbs.add(tuple.verb === '*' ? 'every verb on' : tuple.verb);
  }
  const parts = [...byResource].map(
    ([resource, verbs]) => `${[...verbs].join(', ')} ${resource}`,
  );
  const shown = parts.slice(0, max).join('; ');
  return parts.length > max
    ? `${shown}; and ${String(parts.length - max)} more resources`
    : shown;
}

/** `secrets`, `deployments.apps "web"`, `every resource of argoproj.io`. */
function resourceText(tuple: CoverTuple): string {
  if ('url' in tuple) return tuple.url;
  const group =
    tuple.apiGroup === '' || tuple.apiGroup === '*' ? '' : tuple.apiGroup;
  const name = tuple.name === undefined ? '' : ` "${tuple.name}"`;
  return tuple.resource === '*'
    ? `every resource${group === '' ? '' : ` of ${group}`}${name}`
    : `${tuple.resource}${group === '' ? '' : `.${group}`}${name}`;
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
  /** Rules the fix grants the subject cluster-wide in its place (cluster-scoped rules carried). */
  readonly kept?: readonly PolicyRule[];
  /** Controllers the fix changes, by id, as it leaves them (a flag told where the component's Secret is). */
  readonly patched?: ReadonlyMap<string, KubeObject>;
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
  lost: Lost,
  scope: LossScope | undefined,
): Impact | undefined {
  const how = component.scope;
  if (how === undefined || scope === undefined) return undefined;
  if (!scope.namespaces.includes(workload.namespace)) return undefined;
  if (how.flag !== undefined && !scope.told.has(label)) return undefined;
  const rest = lost.tuples.filter(clusterWide);
  return worstOf(
    [
      {
        level: 'degrades',
        component: component.id,
        reason: `${component.name} (${label}) serves namespace ${workload.namespace} only${how.flag === undefined ? '' : ` (${how.flag})`}: ${how.why}`,
      },
      ...(rest.length === 0
        ? []
        : [
            componentVerdict(
              component,
              workload,
              label,
              { ...lost, tuples: rest },
              summarise(rest),
            ),
          ]),
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

/** What the subject still holds once the fix is made. */
interface Held {
  /** Where the loss was: cluster-wide, or in the RoleBinding's namespace. */
  readonly rules: readonly PolicyRule[];
  /** In one namespace on top of `rules`: its RoleBindings, and those the fix makes there. */
  readonly inNamespace: (namespace: string) => readonly PolicyRule[];
}

function heldAfter(ctx: ImpactContext, loss: RbacLoss): Held {
  const grants = ctx.rbac
    .grantsFor(identityOf(loss.subject))
    .filter(grant => grant.binding !== loss.binding);
  const rulesOf = (grant: (typeof grants)[number]): readonly PolicyRule[] =>
    grant.role === loss.role?.id ? loss.role.rules : grant.rules;
  return {
    // A RoleBinding elsewhere does not cover what a cluster-wide grant gave.
    rules: [
      ...grants
        .filter(g => g.namespace === '' || g.namespace === loss.namespace)
        .flatMap(rulesOf),
      ...(loss.kept ?? []),
    ],
    inNamespace: namespace => [
      ...grants.filter(g => g.namespace === namespace).flatMap(rulesOf),
      ...(loss.scope?.namespaces.includes(namespace) === true
        ? loss.tuples.map(asRule)
        : []),
    ],
  };
}

/** What the subject loses, and what it keeps to judge its needs by. */
interface Lost {
  readonly tuples: readonly CoverTuple[];
  readonly held: Held;
  readonly patched?: ReadonlyMap<string, KubeObject>;
}

/**
 * Where an own-namespace need is: the namespace its flag names on the
 * workload's containers once the fix is made (knowledge `namespaceFlag`),
 * else the workload's own.
 */
function needNamespace(
  need: RbacNeed,
  workload: WorkloadInfo,
  patched: ReadonlyMap<string, KubeObject> | undefined,
): string {
  const flag = need.namespaceFlag;
  if (flag === undefined) return workload.namespace;
  const after = patched?.get(workloadName(workload));
  const template = asRecord(asRecord(after?.spec)?.template);
  const containers =
    after === undefined
      ? workload.spec.containers.map(c => c.raw)
      : asArray(asRecord(template?.spec)?.containers).flatMap(c => {
          const record = asRecord(c);
          return record === undefined ? [] : [record];
        });
  for (const container of containers) {
    const value = resolvedFlag(container, flag, workload.namespace);
    if (value !== undefined && value !== '') return value;
  }
  return workload.namespace;
}

/** Does the subject still hold the wanted permission, in one of the need's groups? */
function stillHeld(
  wanted: Wanted,
  need: RbacNeed,
  held: Held,
  namespace: string,
): boolean {
  const local =
    need.inOwnNamespace === true && !clusterScopedResource(wanted.resource);
  return wanted.apiGroups.some(apiGroup => {
    const rule = asRule({
      verb: wanted.verb,
      apiGroup,
      resource: wanted.resource,
      ...(wanted.name === undefined ? {} : { name: wanted.name }),
    });
    return (
      covers(held.rules, [rule]) ||
      (local && covers(held.inNamespace(namespace), [rule]))
    );
  });
}

/**
 * The group a lost permission is named with: its one group; for `*`
 * resources of several groups (each group's resources are others), those
 * groups; for a named resource served in several groups (`events` in `''`
 * or `events.k8s.io`, either meets the need), none.
 */
function groupText(wanted: Wanted): string {
  const groups = wanted.apiGroups;
  if (groups.length === 1) return groups[0] ?? '';
  if (wanted.resource !== '*') return '';
  const named = groups.map(g => (g === '' ? 'the core group' : g));
  return named.length <= 3
    ? named.join(', ')
    : `${named.slice(0, 2).join(', ')} and ${String(named.length - 2)} more groups`;
}

function componentVerdict(
  component: Component,
  workload: WorkloadInfo,
  who: string,
  lost: Lost,
  what: string,
): Impact {
  const needs = component.needs.rbac ?? [];
  const unmet = new Map<RbacNeed, Wanted[]>();
  // Needs met in the namespace a flag now names instead of the workload's.
  const moved = new Map<RbacNeed, string>();
  for (const tuple of lost.tuples) {
    // A named permission is the first need's that asks for it (a narrow
    // need before a broad one is its exception); a wildcard one is split
    // among every need that asks for part of it.
    const wildcard =
      !('url' in tuple) &&
      [tuple.apiGroup, tuple.resource, tuple.verb].includes('*');
    for (const need of needs) {
      const parts = wantedPart(need, tuple);
      if (parts.length === 0) continue;
      const where = needNamespace(need, workload, lost.patched);
      const gone = parts.filter(w => !stillHeld(w, need, lost.held, where));
      if (where !== workload.namespace && gone.length < parts.length)
        moved.set(need, where);
      if (gone.length > 0)
        unmet.set(need, [...(unmet.get(need) ?? []), ...gone]);
      if (!wildcard) break;
    }
  }
  const first = (level: RbacNeed['level']): RbacNeed | undefined =>
    needs.find(n => n.level === level && unmet.has(n));
  const need = first('breaks') ?? first('degrades');
  if (need !== undefined) {
    return {
      level: need.level,
      component: component.id,
      reason: `${component.name} (${who}) needs ${summarise(
        (unmet.get(need) ?? []).map(w => ({
          verb: w.verb,
          apiGroup: groupText(w),
          resource: w.resource,
          ...(w.name === undefined ? {} : { name: w.name }),
        })),
      )}: ${need.why}`,
    };
  }
  const [kept] = moved;
  if (kept !== undefined) {
    const [need, namespace] = kept;
    return {
      level: 'none',
      reason: `${component.name} (${who}) keeps what it needs in namespace ${namespace}, where ${need.namespaceFlag ?? 'its flag'} now puts it: ${component.ownSecret?.why ?? need.why}`,
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
  lost: Lost,
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
        scopedVerdict(component, workload, label, lost, scope) ??
          componentVerdict(component, workload, label, lost, what),
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
  const held = heldAfter(ctx, loss);
  const tuples = uncoveredTuples(held.rules, loss.tuples.map(asRule));
  const lost: Lost = {
    tuples,
    held,
    ...(loss.patched === undefined ? {} : { patched: loss.patched }),
  };
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
      lost,
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
        lost,
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
