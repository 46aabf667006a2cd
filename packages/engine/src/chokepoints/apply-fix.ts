/**
 * Applies fixes to a snapshot: the what-if of the analysis issue. A fix is a
 * real change to a real object (cli-contract `chokepoints[].fix`): `delete`
 * removes the object; `patch` applies a JSON merge patch (RFC 7386) to it. A
 * fix on a controller's pod template also lists the pods it `replaces`: the
 * rollout the change causes, modelled by dropping them so the controller's
 * stand-in (catalog 1.3) shows the pods it will run from then on.
 */

import { objectId } from '@chokepoint/model';
import type { FixRecord, KubeObject, Snapshot } from '@chokepoint/model';

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
  for (const fix of fixes) {
    if (fix.action === 'delete') deleted.add(fix.target);
    else if (fix.patch !== undefined) {
      const list = patches.get(fix.target) ?? [];
      list.push(fix.patch);
      patches.set(fix.target, list);
    }
    for (const pod of fix.replaces ?? []) deleted.add(pod);
  }
  const objects: Record<string, KubeObject[]> = {};
  for (const [kind, list] of Object.entries(snapshot.objects)) {
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
  return { ...snapshot, objects };
}
