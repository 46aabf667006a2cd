/**
 * Applies fixes to a snapshot: the what-if of the analysis issue. A fix is a
 * real change to a real object (cli-contract `chokepoints[].fix`): `delete`
 * removes the object; `patch` applies a JSON merge patch (RFC 7386) to it. A
 * fix on a controller's pod template also lists the pods it `replaces`: the
 * rollout the change causes, modelled by dropping them so the controller's
 * stand-in (catalog 1.3) shows the pods it will run from then on. A patch
 * of a Namespace the input's objects live in but the input does not hold
 * creates it, as the cluster has it, with the patch applied. A
 * multi-object fix's `also` parts are made with it: objects created whole,
 * patched or deleted.
 */

import { objectId } from '@chokepoint/model';
import type {
  FixPart,
  FixRecord,
  KubeObject,
  Snapshot,
} from '@chokepoint/model';

/** A fix as the contract states it (cli-contract `chokepoints[].fix`). */
export type Fix = FixRecord;

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    return patch;
  const base: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) Reflect.deleteProperty(base, key);
    else base[key] = mergePatch(base[key], value);
  }
  return base;
}

function idOf(object: KubeObject): string {
  return objectId(object.kind, object.metadata.name, object.metadata.namespace);
}

/** The snapshot with every fix applied; objects are shared, never mutated. */
export function applyFixes(
  snapshot: Snapshot,
  fixes: readonly Fix[],
): Snapshot {
  const deleted = new Set<string>();
  const patches = new Map<string, Readonly<Record<string, unknown>>[]>();
  const created = new Map<string, KubeObject>();
  for (const fix of fixes) {
    // A multi-object fix's other changes first, as its step makes them.
    const parts: readonly FixPart[] = [...(fix.also ?? []), fix];
    for (const part of parts) {
      if (part.action === 'delete') deleted.add(part.target);
      else if (part.action === 'create') {
        if (part.object !== undefined) created.set(part.target, part.object);
      } else if (part.patch !== undefined) {
        const list = patches.get(part.target) ?? [];
        list.push(part.patch);
        patches.set(part.target, list);
      }
    }
    for (const pod of fix.replaces ?? []) deleted.add(pod);
  }
  // The lists of kinds no fix touches are shared, so what compares the
  // snapshot before and after (provenance/delta.ts) skips them.
  const touched = new Set<string>();
  for (const id of [...deleted, ...patches.keys()])
    touched.add(id.slice(0, id.indexOf(':')));
  const objects: Record<string, readonly KubeObject[]> = {};
  for (const [kind, list] of Object.entries(snapshot.objects)) {
    if (!touched.has(kind)) {
      objects[kind] = list;
      continue;
    }
    const out: KubeObject[] = [];
    for (const object of list) {
      const id = idOf(object);
      if (deleted.has(id)) continue;
      const pending = patches.get(id);
      out.push(
        pending === undefined
          ? object
          : (pending.reduce<unknown>(mergePatch, object) as KubeObject),
      );
    }
    objects[kind] = out;
  }
  for (const [id, object] of created) {
    if (deleted.has(id)) continue;
    const list = objects[object.kind] ?? [];
    if (list.some(o => idOf(o) === id)) continue;
    objects[object.kind] = [...list, object];
  }
  // A label on a namespace the input's objects live in but do not hold:
  // the patch creates the Namespace as the cluster has it (kinds/pod-security-label.ts).
  for (const [id, pending] of patches) {
    const [kind, name] = [
      id.slice(0, id.indexOf(':')),
      id.slice(id.indexOf(':') + 1),
    ];
    if (kind !== 'Namespace' || deleted.has(id)) continue;
    const list = objects.Namespace ?? [];
    if (list.some(o => o.metadata.name === name)) continue;
    objects.Namespace = [
      ...list,
      pending.reduce<unknown>(mergePatch, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      }) as KubeObject,
    ];
  }
  return { ...snapshot, objects };
}
