/**
 * A fix as a strategic merge patch (`kubectl patch --type strategic`), for
 * the files a user applies to the real object. The analysis states a fix as
 * a JSON merge patch of the object it read, and a merge patch carries a list
 * whole: built from a snapshot file, which keeps only what the analysis reads
 * (docs/snapshot.md), a container list applied with `--type merge` would
 * strip every field the snapshot left out (command, env, probes, resources).
 * The strategic patch names only what the fix changes, and addresses list
 * elements by their merge key (a container by `name`, a mount by
 * `mountPath`, as in the API's Go types), so the rest of the real object
 * stays as it is.
 */

import { asRecord } from '../predicates/json.ts';

type Json = unknown;
type JsonObject = Readonly<Record<string, Json>>;

/** Merge keys of the keyed lists a fix can touch (`patchMergeKey` in k8s.io/api). */
function mergeKey(kind: string, field: string): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'ports':
      return kind === 'Service' ? 'port' : 'containerPort';
    default:
      return undefined;
  }
}

function same(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every element an object with a distinct scalar value at `key`. */
function keyed(list: readonly Json[], key: string): boolean {
  const seen = new Set<Json>();
  for (const item of list) {
    const value = asRecord(item)?.[key];
    if (value === undefined || typeof value === 'object' || seen.has(value))
      return false;
    seen.add(value);
  }
  return true;
}

function listPatch(
  kind: string,
  key: string | undefined,
  before: readonly Json[],
  after: readonly Json[],
): Json[] {
  if (key === undefined) return [...after]; // an atomic list: replaced whole
  if (!keyed(before, key) || !keyed(after, key))
    // A merge list whose elements cannot be told apart: replace it whole.
    return [...after, { $patch: 'replace' }];
  const out: Json[] = [];
  const kept = new Map(after.map(item => [asRecord(item)?.[key], item]));
  for (const item of before) {
    const value = asRecord(item)?.[key];
    if (!kept.has(value)) out.push({ [key]: value, $patch: 'delete' });
  }
  const old = new Map(before.map(item => [asRecord(item)?.[key], item]));
  for (const item of after) {
    const value = asRecord(item)?.[key];
    const previous = old.get(value);
    if (previous === undefined) {
      out.push(item);
      continue;
    }
    const change = diff(kind, '', previous, item);
    if (change !== undefined)
      out.push({ [key]: value, ...(change as JsonObject) });
  }
  return out;
}

function diff(kind: string, field: string, before: Json, after: Json): Json {
  if (same(before, after)) return undefined;
  if (Array.isArray(before) && Array.isArray(after))
    return listPatch(kind, mergeKey(kind, field), before, after);
  const from = asRecord(before);
  const to = asRecord(after);
  if (from === undefined || to === undefined) return after;
  const out: Record<string, Json> = {};
  for (const name of Object.keys(from)) if (!(name in to)) out[name] = null;
  for (const [name, value] of Object.entries(to)) {
    const change = name in from ? diff(kind, name, from[name], value) : value;
    if (change !== undefined) out[name] = change;
  }
  return out;
}

/**
 * The strategic merge patch that turns `before` (an object of kind `kind`,
 * as the analysis read it) into `after`; `{}` when they are the same.
 */
export function strategicPatch(
  kind: string,
  before: JsonObject,
  after: JsonObject,
): JsonObject {
  return asRecord(diff(kind, '', before, after)) ?? {};
}
