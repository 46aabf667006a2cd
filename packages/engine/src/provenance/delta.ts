/**
 * A fix as a delta on objects (cli-contract v1.1: delete the target, or
 * merge-patch it and delete the pods it `replaces`), and the facts (read
 * keys, keys.ts) whose values differ between the context before and the
 * context after. Every key an anchor may have read is compared where it
 * can change, so an anchor that read an unchanged key keeps its outputs.
 */

import { objectId } from '@chokepoint/model';
import type { KubeObject } from '@chokepoint/model';
import { serviceAccountReferences } from '../predicates/service-account-token.ts';
import type { ServiceAccountIndex } from '../predicates/service-account-token.ts';
import {
  SA_REFERENCE_KINDS,
  serviceAccountIndexOf,
} from '../rules/escape-utils/service-account-tokens.ts';
import { rbacFactsOf } from '../rules/identity-utils/facts.ts';
import type { RbacFacts } from '../rules/identity-utils/facts.ts';
import { isPolicyEngineObject } from '../rules/workload-utils/tables.ts';
import type { RoleEntry } from '../rbac/rbac-model.ts';
import { subjectKey } from '../rbac/subjects.ts';
import type { NodeInfo, WorkloadInfo } from '../snapshot-index.ts';
import type { ContextParts } from './derive.ts';
import { KEY } from './keys.ts';

export function objectIdOf(object: KubeObject): string {
  return objectId(object.kind, object.metadata.name, object.metadata.namespace);
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function objectKeys(
  out: Set<string>,
  kind: string,
  namespace: string,
  name: string,
): void {
  out.add(KEY.object(kind, namespace, name));
  out.add(KEY.inNamespace(kind, namespace));
  out.add(KEY.ofKind(kind));
  out.add(KEY.snapshot);
}

const SA_VIEW_KINDS: ReadonlySet<string> = new Set(SA_REFERENCE_KINDS);

/**
 * Keys of facts derived from single objects, which a changed object (`was`
 * before the fix, `now` after it) changes: the Kyverno/Gatekeeper set and
 * namespaces whose SAExists' view may change (`maybe`): the object's
 * ServiceAccount's, or those of the ServiceAccounts it references.
 */
function derivedObjectKeys(
  out: Set<string>,
  maybe: Set<string>,
  was: KubeObject | undefined,
  now: KubeObject | undefined,
): void {
  const refs = (o: KubeObject | undefined): Set<string> =>
    new Set(
      o === undefined || !SA_VIEW_KINDS.has(o.kind)
        ? []
        : serviceAccountReferences([o]).map(r => `${r.namespace}\n${r.name}`),
    );
  const before = refs(was);
  const after = refs(now);
  const namespaces = new Set<string>();
  for (const ref of before) if (!after.has(ref)) namespaces.add(ref);
  for (const ref of after) if (!before.has(ref)) namespaces.add(ref);
  for (const o of [was, now]) {
    if (o === undefined) continue;
    if (isPolicyEngineObject(o)) out.add(KEY.policyEngines);
    if (o.kind === 'ServiceAccount')
      namespaces.add(`${o.metadata.namespace ?? 'default'}\n`);
  }
  for (const ref of namespaces) maybe.add(ref.slice(0, ref.indexOf('\n')));
}

function sameWorkload(a: WorkloadInfo, b: WorkloadInfo): boolean {
  if (a === b) return true;
  return (
    a.object === b.object &&
    a.running === b.running &&
    a.placement === b.placement &&
    a.serviceAccount === b.serviceAccount &&
    sameJson(a.nodes, b.nodes) &&
    sameJson(a.controller, b.controller) &&
    sameJson(a.labels, b.labels) &&
    a.containers.length === b.containers.length &&
    a.containers.every((c, i) => {
      const d = b.containers[i];
      return d?.id === c.id && d.running === c.running;
    })
  );
}

function sameRole(a: RoleEntry, b: RoleEntry): boolean {
  return (
    a.object === b.object &&
    a.assumedDefault === b.assumedDefault &&
    (a.rules === b.rules || sameJson(a.rules, b.rules))
  );
}

function sameNode(a: NodeInfo, b: NodeInfo): boolean {
  return a.object === b.object && sameJson(a.facts, b.facts);
}

function sameAccountView(
  before: ServiceAccountIndex,
  after: ServiceAccountIndex,
  ns: string,
): boolean {
  const a = before.byNamespace.get(ns);
  const b = after.byNamespace.get(ns);
  const ra = before.referenced.get(ns);
  const rb = after.referenced.get(ns);
  return (
    (a?.size ?? 0) === (b?.size ?? 0) &&
    [...(a ?? [])].every(([name, o]) => b?.get(name) === o) &&
    (ra?.size ?? 0) === (rb?.size ?? 0) &&
    [...(ra ?? [])].every(name => rb?.has(name) === true)
  );
}

function accountIndexKeys(
  out: Set<string>,
  before: ServiceAccountIndex,
  after: ServiceAccountIndex,
): void {
  const namespaces = new Set([
    ...before.byNamespace.keys(),
    ...after.byNamespace.keys(),
    ...before.referenced.keys(),
    ...after.referenced.keys(),
  ]);
  let any = false;
  for (const ns of namespaces) {
    if (!sameAccountView(before, after, ns)) {
      out.add(KEY.accountIndexIn(ns));
      any = true;
    }
  }
  if (any) out.add(KEY.accountIndex);
}

const rbacFactsBefore = new WeakMap<object, RbacFacts>();

/** JSON of maps and sets as their entries, in order (a different order counts as a change). */
function entriesJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Map ? [...v] : v instanceof Set ? [...v] : v,
  );
}

/** The keys of the identity facts' roles and bindings (RbacFacts) that differ. */
function rbacFactsKeys(
  out: Set<string>,
  before: ContextParts['rbac'],
  after: ContextParts['rbac'],
): void {
  let a = rbacFactsBefore.get(before);
  if (a === undefined) rbacFactsBefore.set(before, (a = rbacFactsOf(before)));
  const b = rbacFactsOf(after);
  const ofNamespace = (facts: RbacFacts, ns: string): string =>
    entriesJson([
      facts.roleBindings.get(ns),
      facts.roleBindingsByRole.get(ns),
      facts.rolesByNamespace.get(ns),
    ]);
  let changed = false;
  for (const ns of new Set([
    ...a.roleBindings.keys(),
    ...b.roleBindings.keys(),
    ...a.rolesByNamespace.keys(),
    ...b.rolesByNamespace.keys(),
  ])) {
    if (ofNamespace(a, ns) !== ofNamespace(b, ns)) {
      out.add(KEY.rbacFactsIn(ns));
      changed = true;
    }
  }
  const cluster = (facts: RbacFacts): string =>
    entriesJson([
      facts.clusterRoleBindings,
      facts.clusterRoleBindingsByRole,
      facts.boundRoles,
    ]);
  if (cluster(a) !== cluster(b)) {
    out.add(KEY.rbacFactsCluster);
    changed = true;
  }
  if (entriesJson(a.aggregatedFrom) !== entriesJson(b.aggregatedFrom)) {
    out.add(KEY.rbacFactsAggregation);
    changed = true;
  }
  if (changed) out.add(KEY.rbacFacts);
}

function workloadChanges(
  out: Set<string>,
  a: ContextParts['index'],
  b: ContextParts['index'],
): void {
  const workloadsBefore = new Map(a.workloads.map(w => [w.id, w]));
  const workloadsAfter = new Map(b.workloads.map(w => [w.id, w]));
  const workloadKeys = (w: WorkloadInfo): void => {
    out.add(KEY.workload(w.id));
    out.add(KEY.workloadsIn(w.namespace));
    for (const node of w.nodes) out.add(KEY.workloadsOn(node));
    out.add(KEY.workloads);
    if (w.kind === 'Pod') out.add(KEY.podsNamed(w.name));
  };
  for (const [id, w] of workloadsBefore) {
    const now = workloadsAfter.get(id);
    if (now === undefined || !sameWorkload(w, now)) {
      workloadKeys(w);
      if (now !== undefined) workloadKeys(now);
    }
  }
  for (const [id, w] of workloadsAfter)
    if (!workloadsBefore.has(id)) workloadKeys(w);
}

/** The read keys whose answers differ between two contexts of the same cluster. */
export function changedKeys(
  before: ContextParts,
  after: ContextParts,
): Set<string> {
  const out = new Set<string>();
  const a = before.index;
  const b = after.index;

  // Objects, by identity: a fix shares every object it does not change.
  const changed = (was?: KubeObject, now?: KubeObject): void => {
    const o = was ?? now;
    if (o !== undefined)
      objectKeys(out, o.kind, o.metadata.namespace ?? '', o.metadata.name);
    derivedObjectKeys(out, maybeViews, was, now);
  };
  const maybeViews = new Set<string>();
  const kinds = new Set([
    ...Object.keys(a.snapshot.objects),
    ...Object.keys(b.snapshot.objects),
  ]);
  for (const kind of kinds) {
    if (a.snapshot.objects[kind] === b.snapshot.objects[kind]) continue;
    const was = new Map<string, KubeObject>();
    for (const o of a.snapshot.objects[kind] ?? [])
      was.set(`${o.metadata.namespace ?? ''}|${o.metadata.name}`, o);
    const now = new Map<string, KubeObject>();
    for (const o of b.snapshot.objects[kind] ?? [])
      now.set(`${o.metadata.namespace ?? ''}|${o.metadata.name}`, o);
    for (const [key, o] of was) {
      const after = now.get(key);
      if (after !== o) changed(o, after);
    }
    for (const [key, o] of now) if (!was.has(key)) changed(undefined, o);
    const listBefore = a.snapshot.objects[kind] ?? [];
    const listAfter = b.snapshot.objects[kind] ?? [];
    if (
      listBefore.length !== listAfter.length ||
      listBefore.some((o, i) => {
        const p = listAfter[i];
        return (
          p?.metadata.name !== o.metadata.name ||
          p.metadata.namespace !== o.metadata.namespace
        );
      })
    )
      out.add(KEY.objectNames(kind));
  }

  // SAExists' view (serviceAccountIndexOf), where a changed object may
  // change it: a fix that keeps a Deployment's ServiceAccount but replaces
  // its pods takes their references away and leaves the view as it was.
  if (maybeViews.size > 0) {
    const viewBefore = serviceAccountIndexOf(a);
    const viewAfter = serviceAccountIndexOf(b);
    for (const ns of maybeViews) {
      if (!sameAccountView(viewBefore, viewAfter, ns)) {
        out.add(KEY.referencedAccountsIn(ns));
        out.add(KEY.referencedAccounts);
      }
    }
  }

  // Workloads and their containers (the same list when the fix keeps every
  // pod and controller: snapshot-index.ts).
  if (a.workloads !== b.workloads) workloadChanges(out, a, b);

  if (a.runtimeSecrets !== b.runtimeSecrets) out.add(KEY.runtimeSecrets);

  // Nodes and namespaces.
  for (const name of a.nodes === b.nodes
    ? []
    : new Set([...a.nodes.keys(), ...b.nodes.keys()])) {
    const x = a.nodes.get(name);
    const y = b.nodes.get(name);
    if (x === undefined || y === undefined || !sameNode(x, y)) {
      out.add(KEY.node(name));
      out.add(KEY.nodes);
    }
  }
  for (const name of new Set([
    ...a.namespaces.keys(),
    ...b.namespaces.keys(),
  ])) {
    if (a.namespaces.has(name) !== b.namespaces.has(name))
      out.add(KEY.namespaceNames);
    if (
      a.namespaces.has(name) !== b.namespaces.has(name) ||
      a.namespaces.get(name) !== b.namespaces.get(name)
    ) {
      out.add(KEY.namespace(name));
      out.add(KEY.namespaces);
    }
  }

  // RBAC: bindings whose object changed name their subjects' grants; roles
  // whose effective rules changed (aggregation included) their own key.
  const bindingsBefore = new Map(
    [...before.rbac.bindings()].map(binding => [binding.id, binding]),
  );
  const bindingsAfter = new Map(
    [...after.rbac.bindings()].map(binding => [binding.id, binding]),
  );
  let rbacChanged = false;
  for (const id of new Set([
    ...bindingsBefore.keys(),
    ...bindingsAfter.keys(),
  ])) {
    const x = bindingsBefore.get(id);
    const y = bindingsAfter.get(id);
    if (x?.object === y?.object && x?.roleExists === y?.roleExists) continue;
    rbacChanged = true;
    out.add(KEY.binding(id));
    for (const binding of [x, y]) {
      for (const subject of binding?.subjects ?? []) {
        const key = subjectKey(subject);
        if (key !== undefined) out.add(KEY.subjectGrants(key));
      }
    }
  }
  const rolesBefore = new Map([...before.rbac.roles()].map(r => [r.id, r]));
  const rolesAfter = new Map([...after.rbac.roles()].map(r => [r.id, r]));
  for (const id of new Set([...rolesBefore.keys(), ...rolesAfter.keys()])) {
    const x = rolesBefore.get(id);
    const y = rolesAfter.get(id);
    if (x !== undefined && y !== undefined && sameRole(x, y)) continue;
    rbacChanged = true;
    out.add(KEY.role(id));
    // The grants of every binding to this role change with it.
    for (const binding of [
      ...bindingsBefore.values(),
      ...bindingsAfter.values(),
    ]) {
      if (binding.role !== id) continue;
      for (const subject of binding.subjects) {
        const key = subjectKey(subject);
        if (key !== undefined) out.add(KEY.subjectGrants(key));
      }
    }
  }
  if (rbacChanged || before.rbac.assumedCount !== after.rbac.assumedCount) {
    out.add(KEY.rbac);
    rbacFactsKeys(out, before.rbac, after.rbac);
  }

  // The ServiceAccount table and SAExists' index.
  const accountsBefore = before.accounts.byNamespace;
  const accountsAfter = after.accounts.byNamespace;
  let accountsChanged = false;
  for (const ns of new Set([
    ...accountsBefore.keys(),
    ...accountsAfter.keys(),
  ])) {
    if (!sameJson(accountsBefore.get(ns), accountsAfter.get(ns))) {
      out.add(KEY.accountsIn(ns));
      accountsChanged = true;
    }
  }
  if (accountsChanged) out.add(KEY.accounts);
  if (
    accountsBefore.size !== accountsAfter.size ||
    [...accountsBefore.keys()].some(ns => !accountsAfter.has(ns))
  )
    out.add(KEY.accountNamespaces);
  accountIndexKeys(out, before.accounts.index, after.accounts.index);

  // The identity table, field by field.
  for (const field of Object.keys(
    before.identities,
  ) as (keyof ContextParts['identities'])[]) {
    if (!sameJson(before.identities[field], after.identities[field]))
      out.add(KEY.identities(field));
  }
  return out;
}
