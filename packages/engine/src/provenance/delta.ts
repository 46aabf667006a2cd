/**
 * A fix as a delta on objects (cli-contract v1.1: delete the target, or
 * merge-patch it and delete the pods it `replaces`), and the facts (read
 * keys, keys.ts) whose values differ between the context before and the
 * context after. Every key an anchor may have read is compared where it
 * can change, so an anchor that read an unchanged key keeps its outputs.
 */

import { objectId } from '@chokepoint/model';
import type { KubeObject } from '@chokepoint/model';
import type { ServiceAccountIndex } from '../predicates/service-account-token.ts';
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

function sameWorkload(a: WorkloadInfo, b: WorkloadInfo): boolean {
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
    const a = before.byNamespace.get(ns);
    const b = after.byNamespace.get(ns);
    const sameObjects =
      (a?.size ?? 0) === (b?.size ?? 0) &&
      [...(a ?? [])].every(([name, o]) => b?.get(name) === o);
    const ra = before.referenced.get(ns);
    const rb = after.referenced.get(ns);
    const sameRefs =
      (ra?.size ?? 0) === (rb?.size ?? 0) &&
      [...(ra ?? [])].every(name => rb?.has(name) === true);
    if (!sameObjects || !sameRefs) {
      out.add(KEY.accountIndexIn(ns));
      any = true;
    }
  }
  if (any) out.add(KEY.accounts);
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
  const kinds = new Set([
    ...Object.keys(a.snapshot.objects),
    ...Object.keys(b.snapshot.objects),
  ]);
  for (const kind of kinds) {
    const was = new Map<string, KubeObject>();
    for (const o of a.snapshot.objects[kind] ?? [])
      was.set(`${o.metadata.namespace ?? ''}|${o.metadata.name}`, o);
    const now = new Map<string, KubeObject>();
    for (const o of b.snapshot.objects[kind] ?? [])
      now.set(`${o.metadata.namespace ?? ''}|${o.metadata.name}`, o);
    for (const [key, o] of was) {
      if (now.get(key) === o) continue;
      objectKeys(out, kind, o.metadata.namespace ?? '', o.metadata.name);
    }
    for (const [key, o] of now)
      if (!was.has(key))
        objectKeys(out, kind, o.metadata.namespace ?? '', o.metadata.name);
  }

  // Workloads and their containers.
  const workloadsBefore = new Map(a.workloads.map(w => [w.id, w]));
  const workloadsAfter = new Map(b.workloads.map(w => [w.id, w]));
  const workloadKeys = (w: WorkloadInfo): void => {
    out.add(KEY.workload(w.id));
    out.add(KEY.workloadsIn(w.namespace));
    for (const node of w.nodes) out.add(KEY.workloadsOn(node));
    out.add(KEY.workloads);
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

  if (a.runtimeSecrets !== b.runtimeSecrets) out.add(KEY.runtimeSecrets);

  // Nodes and namespaces.
  for (const name of new Set([...a.nodes.keys(), ...b.nodes.keys()])) {
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
  if (rbacChanged || before.rbac.assumedCount !== after.rbac.assumedCount)
    out.add(KEY.rbac);

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
