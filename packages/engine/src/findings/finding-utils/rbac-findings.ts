/**
 * Findings about RBAC roles and bindings (catalog 6, 4.5). The built-in
 * roles are what Kubernetes ships: a rule of `cluster-admin` or
 * `system:kubelet-api-admin` is no finding by itself, and neither are the
 * bootstrap bindings, assumed (`assumedDefault`) or present unchanged
 * (labelled `kubernetes.io/bootstrapping: rbac-defaults` with the subjects
 * the bootstrap policy gives them). So a rule check reports
 *
 * - on the role, for a role that is not a default one (primary: the role,
 *   then every binding that references it);
 * - on the binding, for each binding that is not an unchanged default and
 *   grants a default role with such a rule (primary: the binding, then the
 *   role and the subjects).
 *
 * Upstream reference for the defaults:
 * `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go`.
 */

import { BOOTSTRAP_POLICY_OBJECTS } from '../../rbac/index.ts';
import type {
  BindingEntry,
  PolicyRule,
  RbacModel,
  RoleEntry,
} from '../../rbac/index.ts';
import { parseServiceAccountUsername } from '../../rbac/index.ts';
import { readSubjects } from '../../rbac/subjects.ts';
import type { Subject } from '../../rbac/subjects.ts';
import { labelOf } from '../../predicates/pod-spec.ts';
import type { FindingContext, FindingRecord } from '../define-finding.ts';
import type { FindingMeta } from './workload-findings.ts';

export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
export const RBAC_DEFAULTS = 'rbac-defaults';

function subjectsKey(subjects: readonly Subject[]): string {
  return subjects
    .map(s => `${s.kind}|${s.name}|${s.namespace ?? ''}`)
    .sort()
    .join('\n');
}

let bootstrapSubjects: ReadonlyMap<string, string> | undefined;

/** Binding id to the subjects the bootstrap policy gives it. */
function bootstrapBindingSubjects(): ReadonlyMap<string, string> {
  if (bootstrapSubjects !== undefined) return bootstrapSubjects;
  const out = new Map<string, string>();
  for (const object of BOOTSTRAP_POLICY_OBJECTS) {
    if (object.kind === 'ClusterRoleBinding') {
      out.set(
        `ClusterRoleBinding:${object.metadata.name}`,
        subjectsKey(readSubjects(object.subjects, '')),
      );
    } else if (object.kind === 'RoleBinding') {
      const ns = object.metadata.namespace ?? 'default';
      out.set(
        `RoleBinding:${ns}/${object.metadata.name}`,
        subjectsKey(readSubjects(object.subjects, ns)),
      );
    }
  }
  bootstrapSubjects = out;
  return out;
}

/** A role Kubernetes ships: assumed, or labelled as a bootstrap default. */
export function isDefaultRole(role: RoleEntry): boolean {
  return (
    role.assumedDefault ||
    labelOf(role.object, BOOTSTRAPPING_LABEL) === RBAC_DEFAULTS
  );
}

/**
 * A bootstrap binding as Kubernetes ships it: assumed, or labelled
 * `rbac-defaults` with exactly the bootstrap subjects (catalog 4.5).
 */
export function isUnchangedDefaultBinding(binding: BindingEntry): boolean {
  if (binding.assumedDefault) return true;
  if (labelOf(binding.object, BOOTSTRAPPING_LABEL) !== RBAC_DEFAULTS)
    return false;
  const expected = bootstrapBindingSubjects().get(binding.id);
  return expected !== undefined && expected === subjectsKey(binding.subjects);
}

/** Catalog id of a subject: `User:`, `Group:`, `ServiceAccount:<ns>/<n>`. */
export function subjectId(subject: Subject): string | undefined {
  switch (subject.kind) {
    case 'User': {
      const sa = parseServiceAccountUsername(subject.name);
      return sa === undefined
        ? `User:${subject.name}`
        : `ServiceAccount:${sa.namespace}/${sa.name}`;
    }
    case 'Group':
      return `Group:${subject.name}`;
    case 'ServiceAccount':
      return subject.namespace === undefined
        ? undefined
        : `ServiceAccount:${subject.namespace}/${subject.name}`;
    default:
      return undefined;
  }
}

export function subjectIds(binding: BindingEntry): string[] {
  const out: string[] = [];
  for (const subject of binding.subjects) {
    const id = subjectId(subject);
    if (id !== undefined && !out.includes(id)) out.push(id);
  }
  return out;
}

/** `ClusterRole:edit` -> `ClusterRole edit`, `Role:ci/x` -> `Role ci/x`. */
export function display(id: string): string {
  const colon = id.indexOf(':');
  return colon === -1 ? id : `${id.slice(0, colon)} ${id.slice(colon + 1)}`;
}

const byRoleCache = new WeakMap<
  RbacModel,
  ReadonlyMap<string, BindingEntry[]>
>();

/** Bindings by the role they reference, sorted by binding id. */
export function bindingsByRole(
  rbac: RbacModel,
): ReadonlyMap<string, readonly BindingEntry[]> {
  const cached = byRoleCache.get(rbac);
  if (cached !== undefined) return cached;
  const out = new Map<string, BindingEntry[]>();
  for (const binding of rbac.bindings()) {
    let list = out.get(binding.role);
    if (list === undefined) out.set(binding.role, (list = []));
    list.push(binding);
  }
  byRoleCache.set(rbac, out);
  return out;
}

/** What one rule of a role shows: `undefined`, or the problems found. */
export type RuleProblem = (
  rule: PolicyRule,
  role: RoleEntry,
) => readonly string[] | undefined;

/** `rules[i]` paths of a role, unless aggregation replaced its rules. */
function ruleFields(role: RoleEntry, indexes: readonly number[]): string[] {
  if (role.object.aggregationRule !== undefined) return ['aggregationRule'];
  return indexes.map(i => `rules[${i}]`);
}

export interface RoleFindingOptions {
  /** Also report non-default bindings of default roles (default true). */
  readonly viaDefaultRoles?: boolean;
  /** Whether a role should be looked at at all. */
  readonly roleFilter?: (role: RoleEntry) => boolean;
}

/** One record per non-default role, or per non-default binding of a default role, whose rules show a problem. */
export function roleRuleFindings(
  ctx: FindingContext,
  meta: FindingMeta,
  problem: RuleProblem,
  options: RoleFindingOptions = {},
): FindingRecord[] {
  const out: FindingRecord[] = [];
  const byRole = bindingsByRole(ctx.rbac);
  for (const role of ctx.rbac.roles()) {
    if (options.roleFilter !== undefined && !options.roleFilter(role)) continue;
    const defaultRole = isDefaultRole(role);
    if (defaultRole && options.viaDefaultRoles === false) continue;
    const bindings = byRole.get(role.id) ?? [];
    const reporting = defaultRole
      ? bindings.filter(b => !isUnchangedDefaultBinding(b))
      : bindings;
    if (defaultRole && reporting.length === 0) continue;
    const problems: string[] = [];
    const indexes: number[] = [];
    role.rules.forEach((rule, i) => {
      const found = problem(rule, role);
      if (found === undefined || found.length === 0) return;
      indexes.push(i);
      for (const p of found) if (!problems.includes(p)) problems.push(p);
    });
    if (problems.length === 0) continue;
    const what = problems.join('; ');
    const base = {
      check: meta.check,
      severity: meta.severity,
      title: meta.title,
      remediation: meta.remediation,
      ...(meta.checklist === undefined ? {} : { checklist: meta.checklist }),
    };
    if (!defaultRole) {
      out.push({
        ...base,
        id: `${meta.check}:${role.id}`,
        message: `${display(role.id)} ${what}.`,
        objects: [role.id, ...bindings.map(b => b.id)],
        fields: ruleFields(role, indexes),
      });
      continue;
    }
    for (const binding of reporting) {
      out.push({
        ...base,
        id: `${meta.check}:${binding.id}`,
        message: `${display(binding.id)} grants the built-in ${display(role.id)}, which ${what}.`,
        objects: [...new Set([binding.id, role.id, ...subjectIds(binding)])],
        fields: ['roleRef', 'subjects'],
      });
    }
  }
  return out;
}

const byIdCache = new WeakMap<RbacModel, ReadonlyMap<string, BindingEntry>>();

/** Bindings by id. */
export function bindingsById(
  rbac: RbacModel,
): ReadonlyMap<string, BindingEntry> {
  const cached = byIdCache.get(rbac);
  if (cached !== undefined) return cached;
  const out = new Map<string, BindingEntry>();
  for (const binding of rbac.bindings()) out.set(binding.id, binding);
  byIdCache.set(rbac, out);
  return out;
}
