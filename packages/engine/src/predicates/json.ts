/**
 * Defensive readers for untyped Kubernetes JSON. Snapshot objects are raw API
 * objects (model `KubeObject`) and manifest input can be malformed, so every
 * predicate reads through these guards instead of trusting field types; a
 * value of the wrong type reads as absent (catalog section 2: predicates are
 * total functions of their input).
 */

export type JsonRecord = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as readonly unknown[]) : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Integers only: Kubernetes ids, ports and UIDs are int64 in the API. */
export function asInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value)
    ? value
    : undefined;
}

export function asStringArray(value: unknown): readonly string[] {
  const out: string[] = [];
  for (const item of asArray(value))
    if (typeof item === 'string') out.push(item);
  return out;
}

export function asStringRecord(
  value: unknown,
): Readonly<Record<string, string>> {
  const record = asRecord(value);
  if (record === undefined) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(record)) {
    if (typeof item === 'string') out[key] = item;
  }
  return out;
}

/** `record.a.b.c`, or undefined as soon as a step is not an object. */
export function pathOf(value: unknown, ...keys: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of keys) {
    const record = asRecord(current);
    if (record === undefined) return undefined;
    current = record[key];
  }
  return current;
}

/** `{ key: value }`, or `{}` for undefined (exactOptionalPropertyTypes). */
export function optional<K extends string, V>(
  key: K,
  value: V | undefined,
): Partial<Record<K, V>> {
  return (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
}
