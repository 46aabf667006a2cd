/**
 * A small language for "keep only these fields" and the walk that applies
 * it. A shape says, field by field, what of an object survives: a scalar, a
 * nested object, a list or a map of shapes, the presence of a field, or a
 * filtered set of annotation keys. Everything a shape does not name is
 * dropped, and a value of another type than its shape is dropped too (the
 * engine reads such a value as absent anyway). Lists keep their length,
 * with null in place of an element of the wrong type, so that field paths
 * with indexes (`containers[1]`) mean the same before and after. Nothing is
 * copied whole: every kept leaf is a string, number or boolean, so the depth
 * of a minimal object is the depth of its shape, whatever the input held.
 */

export type Shape =
  | 'scalar'
  | 'present'
  | { readonly named: string; readonly shape: Shape }
  | { readonly list: Shape }
  | { readonly map: Shape }
  | { readonly keys: readonly string[]; readonly prefixes: readonly string[] }
  | { readonly only: RegExp; readonly says: string }
  | { readonly fields: Readonly<Record<string, Shape>>; readonly rest?: Shape };

/** A string, number or boolean. */
export const scalar: Shape = 'scalar';
/** The field is kept as `{}`: the engine reads that it is there, not what it holds. */
export const present: Shape = 'present';
export const list = (item: Shape): Shape => ({ list: item });
/** Every key, each value of `value`'s shape (labels, selectors, node selectors). */
export const map = (value: Shape): Shape => ({ map: value });
/** String values of the named keys, or of keys starting with a prefix. */
export const keys = (
  names: readonly string[],
  prefixes: readonly string[] = [],
): Shape => ({ keys: names, prefixes });
/**
 * A list of strings of which only those matching `pattern` are kept (the
 * others are dropped, not nulled: nothing indexes into such a list);
 * `says` describes them in docs/snapshot.md.
 */
export const only = (pattern: RegExp, says: string): Shape => ({
  only: pattern,
  says,
});
/** A shape with a name, for the documentation (docs/snapshot.md). */
export const named = (name: string, shape: Shape): Shape => ({
  named: name,
  shape,
});
export const fields = (
  named: Readonly<Record<string, Shape>>,
  rest?: Shape,
): Shape => (rest === undefined ? { fields: named } : { fields: named, rest });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  );
}

/** `value` reduced to `shape`, or undefined when nothing of it is kept. */
export function applyShape(value: unknown, shape: Shape): unknown {
  if (shape === 'scalar') return isScalar(value) ? value : undefined;
  if (shape === 'present') return isRecord(value) ? {} : undefined;
  if ('named' in shape) return applyShape(value, shape.shape);
  if ('only' in shape) {
    if (!Array.isArray(value)) return undefined;
    const kept = value.filter(
      (item): item is string =>
        typeof item === 'string' && shape.only.test(item),
    );
    return kept.length === 0 ? undefined : kept;
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) return undefined;
    return value.map(item => applyShape(item, shape.list) ?? null);
  }
  if (!isRecord(value)) return undefined;
  const out: Record<string, unknown> = {};
  if ('map' in shape) {
    for (const [key, item] of Object.entries(value)) {
      const kept = applyShape(item, shape.map);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }
  if ('keys' in shape) {
    for (const [key, item] of Object.entries(value)) {
      if (
        typeof item === 'string' &&
        (shape.keys.includes(key) ||
          shape.prefixes.some(p => key.startsWith(p)))
      )
        out[key] = item;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  for (const [key, item] of Object.entries(value)) {
    const sub = Object.hasOwn(shape.fields, key)
      ? shape.fields[key]
      : shape.rest;
    if (sub === undefined) continue;
    const kept = applyShape(item, sub);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/**
 * Whether a field path survives `shape`: segments are keys, `[]` for any
 * element of a list and `*` for "every key" (the reader enumerates them).
 */
export function shapeKeeps(shape: Shape, path: readonly string[]): boolean {
  const [head, ...rest] = path;
  if (head === undefined) return true;
  if (shape === 'scalar' || shape === 'present') return false;
  if ('named' in shape) return shapeKeeps(shape.shape, path);
  if ('only' in shape) return head === '[]' && rest.length === 0;
  if ('list' in shape) return head === '[]' && shapeKeeps(shape.list, rest);
  if ('map' in shape) return head === '*' || shapeKeeps(shape.map, rest);
  if ('keys' in shape)
    return (
      rest.length === 0 &&
      (head === '*' ||
        shape.keys.includes(head) ||
        shape.prefixes.some(p => head.startsWith(p)))
    );
  if (head === '*') return shape.rest !== undefined;
  const sub = Object.hasOwn(shape.fields, head)
    ? shape.fields[head]
    : shape.rest;
  return sub !== undefined && shapeKeeps(sub, rest);
}
