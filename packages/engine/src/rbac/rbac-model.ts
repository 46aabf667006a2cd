/**
 * The RBAC policy of one input, indexed for the rules: roles resolved by
 * (kind, namespace, name) with aggregation applied (catalog 4.5), bindings
 * turned into grants with their scope (4.3), and an index from usernames and
 * groups to bindings so that `grantsFor` costs the identity's matches, not
 * the number of bindings (4.4). Built once per analysis; every query after
 * that is a map lookup. Upstream reference: `plugin/pkg/auth/authorizer/rbac/rbac.go`
 * and `pkg/registry/rbac/validation/rule.go` (`GetRoleReferenceRules`).
 */

import type { KubeObject } from '@chokepoint/model';
import { resolveAggregation } from './aggregation.ts';
import type { AggregationInput } from './aggregation.ts';
import { BOOTSTRAP_POLICY_OBJECTS } from './bootstrap-policy.ts';
import { isWholeCluster } from './built-in-rbac.ts';
import { readPolicyRules } from './policy-rules.ts';
import {
  groupKey,
  parseServiceAccountUsername,
  readSubjects,
  subjectKey,
  userKey,
} from './subjects.ts';
import type { Subject } from './subjects.ts';
import type { Grant, Identity, PolicyRule } from './types.ts';

export interface RbacInput {
  readonly roles: readonly KubeObject[];
  readonly clusterRoles: readonly KubeObject[];
  readonly roleBindings: readonly KubeObject[];
  readonly clusterRoleBindings: readonly KubeObject[];
}

export interface RbacModelOptions {
  /**
   * Add the bootstrap policy's objects the input lacks (an input object wins
   * over the default with the same id); `auto`: unless the input is a whole
   * cluster (isWholeCluster).
   */
  readonly assumeDefaults: boolean | 'auto';
  /** Input collected live: keep aggregated ClusterRoles' `rules` as collected. */
  readonly trustCollectedAggregation?: boolean;
}

export interface RoleEntry {
  readonly id: string;
  readonly object: KubeObject;
  /** Effective rules: aggregation resolved. */
  readonly rules: readonly PolicyRule[];
  readonly assumedDefault: boolean;
}

export interface BindingEntry {
  readonly id: string;
  readonly object: KubeObject;
  /** `ClusterRole:<name>` or `Role:<binding namespace>/<name>`. */
  readonly role: string;
  readonly roleExists: boolean;
  /** `''` for a ClusterRoleBinding. */
  readonly namespace: string;
  /** As written, a ServiceAccount's empty namespace filled from a RoleBinding's. */
  readonly subjects: readonly Subject[];
  readonly assumedDefault: boolean;
}

export interface NamedSubject {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly name: string;
  readonly namespace?: string;
}

export type GrantScope = 'cluster' | `Namespace:${string}`;

/** Every permission: the rules of `RoleInScope:*@<scope>` (catalog 1.2). */
const ALL_RULES: readonly PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareIds(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** kubectl puts a namespaced object without a namespace into `default`. */
function namespaceOf(object: KubeObject): string {
  const { namespace } = object.metadata;
  return namespace === undefined || namespace === '' ? 'default' : namespace;
}

function aggregationSelectors(object: KubeObject): unknown[] | undefined {
  const rule = object.aggregationRule;
  if (!isRecord(rule) || !Array.isArray(rule.clusterRoleSelectors)) {
    return undefined;
  }
  return rule.clusterRoleSelectors.length > 0
    ? rule.clusterRoleSelectors
    : undefined;
}

/** Catalog 4.5: a Role ref names a Role of the binding's own namespace. */
function roleRefId(binding: KubeObject, namespace: string): string {
  const ref = isRecord(binding.roleRef) ? binding.roleRef : {};
  const kind = typeof ref.kind === 'string' ? ref.kind : '';
  const name = typeof ref.name === 'string' ? ref.name : '';
  if (kind === 'Role') {
    // A ClusterRoleBinding cannot name a Role; this id never resolves.
    return namespace === '' ? `Role:${name}` : `Role:${namespace}/${name}`;
  }
  return `${kind}:${name}`;
}

// Per object: a what-if builds the model again from the analysed objects
// but the few its fixes change, so an unchanged role keeps the very same
// rules array (compared by identity before and after: provenance/delta.ts)
// and nothing is parsed twice.
const parsedRules = new WeakMap<KubeObject, readonly PolicyRule[]>();
const parsedSubjects = new WeakMap<KubeObject, readonly Subject[]>();

function rulesOf(object: KubeObject): readonly PolicyRule[] {
  let rules = parsedRules.get(object);
  if (rules === undefined)
    parsedRules.set(object, (rules = readPolicyRules(object.rules)));
  return rules;
}

/** A binding's subjects; `namespace` is the binding's own (`''` for a ClusterRoleBinding). */
function subjectsOf(object: KubeObject, namespace: string): readonly Subject[] {
  let subjects = parsedSubjects.get(object);
  if (subjects === undefined)
    parsedSubjects.set(
      object,
      (subjects = readSubjects(object.subjects, namespace)),
    );
  return subjects;
}

interface Built {
  readonly assumedDefaults: boolean;
  readonly assumedCount: number;
  readonly roles: ReadonlyMap<string, RoleEntry>;
  readonly bindings: readonly BindingEntry[];
  /** Parallel to `bindings`; undefined when the role is missing. */
  readonly grants: readonly (Grant | undefined)[];
  /** Subject key (subjects.ts) to ascending binding indexes. */
  readonly index: ReadonlyMap<string, readonly number[]>;
}

function build(input: RbacInput, options: RbacModelOptions): Built {
  const assumeDefaults =
    options.assumeDefaults === 'auto'
      ? !isWholeCluster(input)
      : options.assumeDefaults;
  const trust = options.trustCollectedAggregation ?? false;

  // Input first: an input object replaces the default with the same id.
  const roleObjects = new Map<
    string,
    { object: KubeObject; assumed: boolean }
  >();
  const bindingObjects = new Map<
    string,
    { object: KubeObject; namespace: string; assumed: boolean }
  >();
  const addRole = (id: string, object: KubeObject, assumed: boolean) => {
    if (!roleObjects.has(id)) roleObjects.set(id, { object, assumed });
  };
  const addBinding = (
    id: string,
    object: KubeObject,
    namespace: string,
    assumed: boolean,
  ) => {
    if (!bindingObjects.has(id)) {
      bindingObjects.set(id, { object, namespace, assumed });
    }
  };
  const addAll = (objects: RbacInput, assumed: boolean) => {
    for (const o of objects.roles) {
      addRole(`Role:${namespaceOf(o)}/${o.metadata.name}`, o, assumed);
    }
    for (const o of objects.clusterRoles) {
      addRole(`ClusterRole:${o.metadata.name}`, o, assumed);
    }
    for (const o of objects.roleBindings) {
      const namespace = namespaceOf(o);
      addBinding(
        `RoleBinding:${namespace}/${o.metadata.name}`,
        o,
        namespace,
        assumed,
      );
    }
    for (const o of objects.clusterRoleBindings) {
      addBinding(`ClusterRoleBinding:${o.metadata.name}`, o, '', assumed);
    }
  };
  addAll(input, false);
  if (assumeDefaults) addAll(splitByKind(BOOTSTRAP_POLICY_OBJECTS), true);
  let assumedCount = 0;
  for (const { assumed } of roleObjects.values()) if (assumed) assumedCount++;
  for (const { assumed } of bindingObjects.values())
    if (assumed) assumedCount++;

  const aggregationInput: AggregationInput[] = [];
  for (const [id, { object, assumed }] of roleObjects) {
    if (!id.startsWith('ClusterRole:')) continue;
    const selectors = aggregationSelectors(object);
    aggregationInput.push({
      id,
      labels: object.metadata.labels ?? {},
      rules: rulesOf(object),
      ...(selectors === undefined ? {} : { selectors }),
      fixed: trust && !assumed,
    });
  }
  const clusterRoleRules = resolveAggregation(aggregationInput);

  const roles = new Map<string, RoleEntry>();
  for (const [id, { object, assumed }] of [...roleObjects].sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
  )) {
    const rules = clusterRoleRules.get(id) ?? rulesOf(object);
    roles.set(id, { id, object, rules, assumedDefault: assumed });
  }

  const bindings: BindingEntry[] = [];
  for (const [id, { object, namespace, assumed }] of bindingObjects) {
    const role = roleRefId(object, namespace);
    bindings.push({
      id,
      object,
      role,
      roleExists: roles.has(role),
      namespace,
      subjects: subjectsOf(object, namespace),
      assumedDefault: assumed,
    });
  }
  // ClusterRoleBindings sort before RoleBindings: the deterministic order of
  // grantsFor, and so of authorize()'s evidence.
  bindings.sort(compareIds);

  const grants = bindings.map((binding): Grant | undefined => {
    const role = roles.get(binding.role);
    if (role === undefined) return undefined;
    return {
      binding: binding.id,
      role: binding.role,
      namespace: binding.namespace,
      rules: role.rules,
      assumedDefault: binding.assumedDefault,
    };
  });

  const index = new Map<string, number[]>();
  bindings.forEach((binding, i) => {
    if (grants[i] === undefined) return;
    for (const subject of binding.subjects) {
      const key = subjectKey(subject);
      if (key === undefined) continue;
      const list = index.get(key);
      if (list === undefined) index.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });

  return {
    assumedDefaults: assumedCount > 0,
    assumedCount,
    roles,
    bindings,
    grants,
    index,
  };
}

function splitByKind(objects: readonly KubeObject[]): RbacInput {
  const of = (kind: string) => objects.filter(o => o.kind === kind);
  return {
    roles: of('Role'),
    clusterRoles: of('ClusterRole'),
    roleBindings: of('RoleBinding'),
    clusterRoleBindings: of('ClusterRoleBinding'),
  };
}

export class RbacModel {
  /** Whether built-in roles or bindings the input lacks were assumed. */
  readonly assumedDefaults: boolean;
  /** How many of them (of BOOTSTRAP_POLICY_OBJECTS). */
  readonly assumedCount: number;
  readonly #built: Built;
  readonly #grantsCache = new Map<string, readonly Grant[]>();
  readonly #grantOfCache = new Map<string, Grant | undefined>();

  private constructor(built: Built) {
    this.#built = built;
    this.assumedDefaults = built.assumedDefaults;
    this.assumedCount = built.assumedCount;
  }

  static fromObjects(input: RbacInput, options: RbacModelOptions): RbacModel {
    return new RbacModel(build(input, options));
  }

  /**
   * Grants of every binding with a subject matching the identity, in binding
   * id order (ClusterRoleBindings first). Bindings to missing roles grant
   * nothing and are left out.
   */
  grantsFor(identity: Identity): readonly Grant[] {
    const cacheKey = [identity.user ?? '', ...identity.groups].join('\u0000');
    const cached = this.#grantsCache.get(cacheKey);
    if (cached !== undefined) return cached;
    const keys = identity.groups.map(groupKey);
    if (identity.user !== undefined) keys.push(userKey(identity.user));
    const matched = new Set<number>();
    for (const key of keys) {
      for (const i of this.#built.index.get(key) ?? []) matched.add(i);
    }
    const grants: Grant[] = [];
    for (const i of [...matched].sort((a, b) => a - b)) {
      const grant = this.#built.grants[i];
      if (grant !== undefined) grants.push(grant);
    }
    this.#grantsCache.set(cacheKey, grants);
    return grants;
  }

  /**
   * "Role R granted in scope S" for RoleInScope nodes (catalog 1.2): `role` is
   * a role id or `*` (every permission). Undefined when the role does not
   * exist or cannot be granted in that scope (a Role outside its namespace).
   */
  grantOf(role: string, scope: GrantScope): Grant | undefined {
    const binding = `RoleInScope:${role}@${scope}`;
    if (this.#grantOfCache.has(binding)) return this.#grantOfCache.get(binding);
    const namespace =
      scope === 'cluster' ? '' : scope.slice('Namespace:'.length);
    let grant: Grant | undefined;
    if (role === '*') {
      grant = {
        binding,
        role,
        namespace,
        rules: ALL_RULES,
        assumedDefault: false,
      };
    } else {
      const entry = this.#built.roles.get(role);
      const fits =
        entry !== undefined &&
        (role.startsWith('ClusterRole:') ||
          (namespace !== '' && role.startsWith(`Role:${namespace}/`)));
      if (entry !== undefined && fits) {
        grant = {
          binding,
          role,
          namespace,
          rules: entry.rules,
          assumedDefault: entry.assumedDefault,
        };
      }
    }
    this.#grantOfCache.set(binding, grant);
    return grant;
  }

  /** Effective rules of `ClusterRole:<name>` or `Role:<ns>/<name>`. */
  effectiveRules(role: string): readonly PolicyRule[] | undefined {
    return this.#built.roles.get(role)?.rules;
  }

  /** Every role, by id. */
  roles(): Iterable<RoleEntry> {
    return this.#built.roles.values();
  }

  /** Every binding by id, those to missing roles included (`roleExists: false`). */
  bindings(): Iterable<BindingEntry> {
    return this.#built.bindings;
  }

  /**
   * Every identity some binding names, de-duplicated and sorted by catalog
   * id. A User `system:serviceaccount:<ns>:<n>` is that ServiceAccount; a
   * ServiceAccount without a namespace (in a ClusterRoleBinding) names none.
   */
  *subjectsNamed(): Iterable<NamedSubject> {
    const found = new Map<string, NamedSubject>();
    for (const binding of this.#built.bindings) {
      for (const subject of binding.subjects) {
        const named = namedSubject(subject);
        if (named === undefined) continue;
        const id =
          named.namespace === undefined
            ? `${named.kind}:${named.name}`
            : `${named.kind}:${named.namespace}/${named.name}`;
        if (!found.has(id)) found.set(id, named);
      }
    }
    for (const id of [...found.keys()].sort()) {
      const named = found.get(id);
      if (named !== undefined) yield named;
    }
  }
}

function namedSubject(subject: Subject): NamedSubject | undefined {
  switch (subject.kind) {
    case 'User': {
      const sa = parseServiceAccountUsername(subject.name);
      return sa === undefined
        ? { kind: 'User', name: subject.name }
        : { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace };
    }
    case 'Group':
      return { kind: 'Group', name: subject.name };
    case 'ServiceAccount':
      return subject.namespace === undefined
        ? undefined
        : {
            kind: 'ServiceAccount',
            name: subject.name,
            namespace: subject.namespace,
          };
    default:
      return undefined;
  }
}
