/**
 * Every ServiceAccount the graph has a node for, and whether each exists
 * (catalog 1 and 2.6), computed once per analysis: ServiceAccount objects,
 * the `default` of every namespace (the ServiceAccount controller creates
 * it), and every name a workload, a token Secret or a binding subject refers
 * to, the assumed bootstrap bindings included. Entity building, MEMBER_OF and
 * every rule that targets "the ServiceAccounts of a namespace" read this one
 * table, so they cannot disagree.
 */

import { objectId } from '@chokepoint/model';
import type { KubeObject } from '@chokepoint/model';
import type { RbacModel } from '../rbac/index.ts';
import { annotationOf } from '../predicates/pod-spec.ts';
import {
  SA_NAME_ANNOTATION,
  buildServiceAccountIndex,
  saExists,
  serviceAccountReferences,
} from '../predicates/service-account-token.ts';
import type {
  ServiceAccountIndex,
  ServiceAccountRef,
} from '../predicates/service-account-token.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';
import { CONTROLLER_KINDS } from './owners.ts';

export interface AccountInfo {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** SAExists (catalog 2.6). */
  readonly exists: boolean;
  /** Existence inferred from references in manifest input: edges relying on it are at most medium. */
  readonly inferred: boolean;
}

export interface ServiceAccountTable {
  readonly index: ServiceAccountIndex;
  /** Every ServiceAccount node, by namespace, sorted by name. */
  readonly byNamespace: ReadonlyMap<string, readonly AccountInfo[]>;
  readonly all: readonly AccountInfo[];
}

// Per list of objects: a what-if shares the lists of the kinds its fix
// leaves alone (chokepoints/apply-fix.ts), so their references are read once.
const listReferences = new WeakMap<
  readonly KubeObject[],
  readonly ServiceAccountRef[]
>();

function referencesOf(
  list: readonly KubeObject[],
): readonly ServiceAccountRef[] {
  let references = listReferences.get(list);
  if (references === undefined)
    listReferences.set(list, (references = serviceAccountReferences(list)));
  return references;
}

/** What a ServiceAccount table is computed from, compared by identity. */
interface TableInputs {
  readonly lists: readonly (readonly KubeObject[])[];
  readonly workloads: SnapshotIndex['workloads'];
  readonly namespaces: readonly string[];
  /** `namespace/name` of the model's ServiceAccount subjects, in order. */
  readonly subjects: readonly string[];
  readonly live: boolean;
}

/** The kinds whose objects refer to ServiceAccounts by name. */
const REFERENCE_KINDS = [
  'Pod',
  'RoleBinding',
  'ClusterRoleBinding',
  ...CONTROLLER_KINDS,
] as const;

const TABLE_KINDS = [...REFERENCE_KINDS, 'ServiceAccount', 'Secret'] as const;

function sameInputs(a: TableInputs, b: TableInputs): boolean {
  const same = <T>(x: readonly T[], y: readonly T[]): boolean =>
    x.length === y.length && x.every((item, i) => item === y[i]);
  return (
    a.live === b.live &&
    a.workloads === b.workloads &&
    same(a.lists, b.lists) &&
    same(a.namespaces, b.namespaces) &&
    same(a.subjects, b.subjects)
  );
}

// Per workload list (a what-if's index shares the analysed one's while its
// fix keeps every pod): the first table made from it, reused by an index
// whose inputs are the same (a role, label or policy fix).
const tables = new WeakMap<
  SnapshotIndex['workloads'],
  { readonly inputs: TableInputs; readonly table: ServiceAccountTable }
>();

export function serviceAccountTable(
  index: SnapshotIndex,
  rbac: RbacModel,
): ServiceAccountTable {
  const subjects: ServiceAccountRef[] = [];
  for (const subject of rbac.subjectsNamed()) {
    if (subject.kind === 'ServiceAccount' && subject.namespace !== undefined) {
      subjects.push({ namespace: subject.namespace, name: subject.name });
    }
  }
  const inputs: TableInputs = {
    lists: TABLE_KINDS.map(kind => index.objects(kind)),
    workloads: index.workloads,
    namespaces: [...index.namespaces.keys()],
    subjects: subjects.map(s => `${s.namespace}/${s.name}`),
    live: index.live,
  };
  const known = tables.get(index.workloads);
  if (known !== undefined && sameInputs(known.inputs, inputs))
    return known.table;
  const table =
    known !== undefined && bindingsAlone(known.inputs, inputs)
      ? withBindingsOf(known, index, subjects, inputs)
      : computeTable(index, subjects);
  if (known === undefined) tables.set(index.workloads, { inputs, table });
  return table;
}

/** Positions of the binding kinds in TABLE_KINDS. */
const BINDING_LISTS: ReadonlySet<number> = new Set([
  TABLE_KINDS.indexOf('RoleBinding'),
  TABLE_KINDS.indexOf('ClusterRoleBinding'),
]);

/** The inputs differ at most in their bindings and binding subjects (a binding fix). */
function bindingsAlone(a: TableInputs, b: TableInputs): boolean {
  return (
    a.live === b.live &&
    a.workloads === b.workloads &&
    a.lists.length === b.lists.length &&
    a.lists.every((list, i) => BINDING_LISTS.has(i) || list === b.lists[i]) &&
    a.namespaces.length === b.namespaces.length &&
    a.namespaces.every((ns, i) => ns === b.namespaces[i])
  );
}

const bindingNamesOf = new WeakMap<
  TableInputs,
  ReadonlyMap<string, ReadonlySet<string>>
>();

/** The names the bindings and subjects of `inputs` refer to, by namespace. */
function bindingNames(
  inputs: TableInputs,
): ReadonlyMap<string, ReadonlySet<string>> {
  const known = bindingNamesOf.get(inputs);
  if (known !== undefined) return known;
  const out = new Map<string, Set<string>>();
  const add = (namespace: string, name: string): void => {
    let set = out.get(namespace);
    if (set === undefined) out.set(namespace, (set = new Set()));
    set.add(name);
  };
  for (const i of BINDING_LISTS)
    for (const ref of referencesOf(inputs.lists[i] ?? []))
      add(ref.namespace, ref.name);
  for (const subject of inputs.subjects) {
    const at = subject.indexOf('/');
    add(subject.slice(0, at), subject.slice(at + 1));
  }
  bindingNamesOf.set(inputs, out);
  return out;
}

// Per list: its references by namespace (a what-if shares the lists its
// fixes keep).
const listReferencesByNamespace = new WeakMap<
  readonly KubeObject[],
  ReadonlyMap<string, readonly ServiceAccountRef[]>
>();

function referencesIn(
  list: readonly KubeObject[],
  namespace: string,
): readonly ServiceAccountRef[] {
  let byNamespace = listReferencesByNamespace.get(list);
  if (byNamespace === undefined) {
    const built = new Map<string, ServiceAccountRef[]>();
    for (const ref of referencesOf(list)) {
      const refs = built.get(ref.namespace);
      if (refs === undefined) built.set(ref.namespace, [ref]);
      else refs.push(ref);
    }
    listReferencesByNamespace.set(list, (byNamespace = built));
  }
  return byNamespace.get(namespace) ?? [];
}

function sameSet(
  a: ReadonlySet<string> | undefined,
  b: ReadonlySet<string> | undefined,
): boolean {
  if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
  for (const x of a ?? []) if (b?.has(x) !== true) return false;
  return true;
}

/**
 * The table of `known` with other bindings (every other input the same):
 * only the namespaces whose binding references differ are computed again,
 * the others keep `known`'s lists (the same arrays: compared by identity
 * in provenance/delta.ts).
 */
function withBindingsOf(
  known: { readonly inputs: TableInputs; readonly table: ServiceAccountTable },
  index: SnapshotIndex,
  subjects: readonly ServiceAccountRef[],
  inputs: TableInputs,
): ServiceAccountTable {
  const before = bindingNames(known.inputs);
  const after = bindingNames(inputs);
  const dirty = new Set<string>();
  for (const ns of new Set([...before.keys(), ...after.keys()]))
    if (!sameSet(before.get(ns), after.get(ns))) dirty.add(ns);
  if (dirty.size === 0) return known.table;

  const refs = [
    ...[...dirty].flatMap(namespace =>
      REFERENCE_KINDS.flatMap(kind =>
        referencesIn(index.objects(kind), namespace),
      ),
    ),
    ...subjects.filter(s => dirty.has(s.namespace)),
  ];
  const references = new Map<string, Set<string>>();
  for (const ref of refs) {
    const set = references.get(ref.namespace);
    if (set === undefined) references.set(ref.namespace, new Set([ref.name]));
    else set.add(ref.name);
  }
  const names = accountNames(index, refs, dirty);

  const referenced = new Map<string, ReadonlySet<string>>();
  for (const [ns, set] of known.table.index.referenced)
    if (!dirty.has(ns)) referenced.set(ns, set);
  for (const [ns, set] of references) referenced.set(ns, set);
  const accounts: ServiceAccountIndex = {
    live: known.table.index.live,
    byNamespace: known.table.index.byNamespace,
    referenced,
  };
  const byNamespace = new Map<string, readonly AccountInfo[]>();
  const all: AccountInfo[] = [];
  for (const namespace of [
    ...new Set([...known.table.byNamespace.keys(), ...names.keys()]),
  ].sort()) {
    const list = dirty.has(namespace)
      ? accountsOf(accounts, namespace, names.get(namespace))
      : known.table.byNamespace.get(namespace);
    if (list === undefined || list.length === 0) continue;
    byNamespace.set(namespace, list);
    all.push(...list);
  }
  return { index: accounts, byNamespace, all };
}

/** The accounts of one namespace, sorted by name. */
function accountsOf(
  accounts: ServiceAccountIndex,
  namespace: string,
  names: ReadonlySet<string> | undefined,
): AccountInfo[] {
  return [...(names ?? [])].sort().map(name => {
    const found = saExists(accounts, namespace, name);
    return {
      id: objectId('ServiceAccount', name, namespace),
      namespace,
      name,
      exists: found.exists,
      inferred: found.inferred,
    };
  });
}

function computeTable(
  index: SnapshotIndex,
  subjects: readonly ServiceAccountRef[],
): ServiceAccountTable {
  const references: ServiceAccountRef[] = [
    ...REFERENCE_KINDS.flatMap(kind => referencesOf(index.objects(kind))),
    ...subjects,
  ];
  const accounts = buildServiceAccountIndex({
    serviceAccounts: index.objects('ServiceAccount'),
    referenced: references,
    live: index.live,
  });
  const names = accountNames(index, references);
  const byNamespace = new Map<string, AccountInfo[]>();
  const all: AccountInfo[] = [];
  for (const namespace of [...names.keys()].sort()) {
    const list = accountsOf(accounts, namespace, names.get(namespace));
    byNamespace.set(namespace, list);
    all.push(...list);
  }
  return { index: accounts, byNamespace, all };
}

/**
 * The ServiceAccount names of each namespace (of `only`'s, when given: a
 * binding fix's namespaces), from every source of the table: the `default`
 * of every namespace that has any, ServiceAccount objects, workloads, token
 * Secrets' owner annotation and `references`. One gathering for the whole
 * table and for a binding fix's namespaces, so the two cannot drift.
 */
function accountNames(
  index: SnapshotIndex,
  references: readonly ServiceAccountRef[],
  only?: ReadonlySet<string>,
): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const add = (namespace: string, name: string): void => {
    if (only !== undefined && !only.has(namespace)) return;
    let set = names.get(namespace);
    if (set === undefined) names.set(namespace, (set = new Set()));
    set.add(name);
  };
  for (const namespace of index.namespaces.keys()) add(namespace, 'default');
  for (const sa of index.objects('ServiceAccount'))
    add(sa.metadata.namespace ?? 'default', sa.metadata.name);
  const workloads =
    only === undefined
      ? index.workloads
      : [...only].flatMap(ns => index.workloadsInNamespace(ns));
  for (const workload of workloads)
    add(workload.namespace, workload.serviceAccount);
  for (const secret of index.objects('Secret')) {
    const owner = annotationOf(secret, SA_NAME_ANNOTATION);
    if (owner !== undefined) add(secret.metadata.namespace ?? 'default', owner);
  }
  for (const reference of references) add(reference.namespace, reference.name);
  for (const namespace of names.keys()) add(namespace, 'default');
  return names;
}

/** The kinds whose pod spec or pod template names a ServiceAccount. */
export const POD_SPEC_KINDS = [
  'Pod',
  'PodTemplate',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;

/**
 * SAExists' view (catalog 2.6) over the ServiceAccount objects and the names
 * the objects of `kinds` reference, without the model's binding subjects:
 * for checks that must not count what `serviceAccountTable` adds.
 */
export function referencedAccountsIndex(
  index: SnapshotIndex,
  kinds: readonly string[],
): ServiceAccountIndex {
  const serviceAccounts = index.objects('ServiceAccount');
  const lists = kinds.map(kind => index.objects(kind));
  // Shared, like the table, by an index of the same lists.
  let byAccounts = referencedIndexes.get(kinds);
  if (byAccounts === undefined)
    referencedIndexes.set(kinds, (byAccounts = new WeakMap()));
  const known = byAccounts.get(serviceAccounts);
  if (
    known?.live === index.live &&
    known.lists.every((list, i) => list === lists[i])
  )
    return known.index;
  const built = buildServiceAccountIndex({
    serviceAccounts,
    referenced: lists.flatMap(referencesOf),
    live: index.live,
  });
  if (known === undefined)
    byAccounts.set(serviceAccounts, { lists, live: index.live, index: built });
  return built;
}

/** By the kinds asked for (a constant list), then by ServiceAccount list. */
const referencedIndexes = new WeakMap<
  readonly string[],
  WeakMap<
    readonly KubeObject[],
    {
      readonly lists: readonly (readonly KubeObject[])[];
      readonly live: boolean;
      readonly index: ServiceAccountIndex;
    }
  >
>();
