/**
 * Turns the API server's OpenAPI v3 documents into the validation data the
 * collector ships (packages/collector/src/validation/k8s-schemas.json): the
 * schemas of the built-in kinds Chokepoint reads and everything they refer
 * to, without descriptions and extensions, in JSON Schema an off-the-shelf
 * validator (ajv) runs. Two rules carry the API server's own semantics into
 * the schemas, because OpenAPI alone does not state them:
 *
 * - `null` is the zero value (Go's JSON decoder leaves the field unset), so
 *   every optional position accepts null; a position whose zero value is
 *   invalid does not. OpenAPI marks value (non-pointer) struct fields with
 *   `default: {}`; when such a struct has required fields, an absent or null
 *   field fails the server's validation of those fields, so the field
 *   becomes required (a Pod without `spec` is refused: `spec.containers` is
 *   required).
 *   A required list may still be null when the server accepts it empty (Go
 *   encodes an empty slice of a field without `omitempty` as null): the few
 *   such fields are listed in EMPTY_ALLOWED, the others (a Pod's
 *   `containers`, a rule's `verbs`) must hold at least a list.
 * - `status` is decoded on create but not validated (the server resets it),
 *   so status schemas keep their types and lose `required`.
 * - Fields a schema does not know are dropped, as the API server's decoder
 *   drops them (`additionalProperties: false`, applied by the validator as a
 *   removal): what the engine reads is bounded by the schema, however deep
 *   the input nests.
 */

type Json = null | boolean | number | string | Json[] | JsonObject;
interface JsonObject {
  [key: string]: Json;
}
type Schema = Record<string, Json>;

export interface KindSource {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
}

export interface SchemaData {
  readonly source: Readonly<Record<string, string>>;
  /** kind -> group, version and the root definition. */
  readonly kinds: Readonly<
    Record<string, { group: string; version: string; definition: string }>
  >;
  readonly definitions: Readonly<Record<string, Schema>>;
}

const KEPT = new Set([
  'type',
  'properties',
  'items',
  'additionalProperties',
  'required',
  'enum',
  'oneOf',
  'anyOf',
  'allOf',
  '$ref',
  'default',
]);
const COMPONENTS = '#/components/schemas/';
/** Required lists the API server's validation accepts empty (so null): definition.property. */
const EMPTY_ALLOWED = new Set([
  'io.k8s.api.discovery.v1.EndpointSlice.endpoints',
  'io.k8s.api.batch.v1.PodFailurePolicy.rules',
]);
const RELAXED = 'status:';

function isSchema(value: Json | undefined): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refName(schema: Schema): string | undefined {
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith(COMPONENTS))
    return ref.slice(COMPONENTS.length);
  const all = schema.allOf;
  if (Array.isArray(all) && all.length === 1 && isSchema(all[0]))
    return refName(all[0]);
  return undefined;
}

/** The schema with only validation keywords, `allOf: [{$ref}]` flattened. */
function clean(schema: Schema): Schema {
  const name = refName(schema);
  if (name !== undefined) {
    const out: Schema = { $ref: name };
    if (isSchema(schema.default) && Object.keys(schema.default).length === 0)
      out.default = {};
    return out;
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEPT.has(key)) continue;
    if (key === 'properties' && isSchema(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([p, s]) => [p, isSchema(s) ? clean(s) : s]),
      );
    } else if (
      (key === 'items' || key === 'additionalProperties') &&
      isSchema(value)
    ) {
      out[key] = clean(value);
    } else if (
      (key === 'oneOf' || key === 'anyOf' || key === 'allOf') &&
      Array.isArray(value)
    ) {
      const alternatives = value.filter(isSchema).map(clean);
      // `oneOf: [{type: integer}, {type: string}]` (IntOrString, Quantity) is a type list.
      if (
        key !== 'allOf' &&
        alternatives.every(
          a => Object.keys(a).length === 1 && typeof a.type === 'string',
        )
      )
        out.type = alternatives.map(a => a.type ?? null);
      else out[key] = alternatives;
    } else if (key === 'default') {
      if (isSchema(value) && Object.keys(value).length === 0) out.default = {};
    } else {
      out[key] = value;
    }
  }
  if (out.properties !== undefined && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

function refsOf(schema: Json, into: Set<string>): void {
  if (Array.isArray(schema)) {
    for (const item of schema) refsOf(item, into);
  } else if (isSchema(schema)) {
    if (typeof schema.$ref === 'string') into.add(schema.$ref);
    for (const value of Object.values(schema)) refsOf(value, into);
  }
}

export function trimSchemas(
  documents: readonly { components?: { schemas?: Record<string, Json> } }[],
  kinds: readonly KindSource[],
  source: Readonly<Record<string, string>>,
): SchemaData {
  const all = new Map<string, Schema>();
  const byGvk = new Map<string, string>();
  for (const document of documents) {
    for (const [name, schema] of Object.entries(
      document.components?.schemas ?? {},
    )) {
      if (!isSchema(schema)) continue;
      all.set(name, schema);
      const gvks = schema['x-kubernetes-group-version-kind'];
      if (Array.isArray(gvks) && gvks.length === 1 && isSchema(gvks[0])) {
        const { group, version, kind } = gvks[0];
        byGvk.set(JSON.stringify([group, version, kind]), name);
      }
    }
  }

  const cleaned = new Map<string, Schema>();
  const roots: Record<
    string,
    { group: string; version: string; definition: string }
  > = {};
  const pending: string[] = [];
  for (const { kind, group, version } of kinds) {
    const name = byGvk.get(JSON.stringify([group, version, kind]));
    if (name === undefined) continue;
    roots[kind] = { group, version, definition: name };
    pending.push(name);
  }
  while (pending.length > 0) {
    const name = pending.pop() ?? '';
    if (cleaned.has(name)) continue;
    const schema = all.get(name);
    if (schema === undefined)
      throw new Error(`no schema ${name} in the documents`);
    const out = clean(schema);
    cleaned.set(name, out);
    const refs = new Set<string>();
    refsOf(out, refs);
    pending.push(...refs);
  }

  const requires = new Map<string, boolean>();
  const effectivelyRequired = (schema: Schema, seen: Set<string>): boolean => {
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref;
      const known = requires.get(name);
      if (known !== undefined) return known;
      if (seen.has(name)) return false;
      const target = cleaned.get(name);
      const result =
        target !== undefined &&
        effectivelyRequired(target, new Set([...seen, name]));
      requires.set(name, result);
      return result;
    }
    return requiredFields(schema, seen).length > 0;
  };
  /** `required` plus value-struct fields (default {}) whose zero value is invalid. */
  const requiredFields = (schema: Schema, seen: Set<string>): string[] => {
    const required = Array.isArray(schema.required)
      ? schema.required.filter((r): r is string => typeof r === 'string')
      : [];
    const properties = isSchema(schema.properties) ? schema.properties : {};
    for (const [property, sub] of Object.entries(properties)) {
      if (required.includes(property) || !isSchema(sub)) continue;
      if (isSchema(sub.default) && effectivelyRequired(sub, seen))
        required.push(property);
    }
    return required;
  };

  /** Nullable, and `default` dropped: the validator neither fills nor reads it. */
  const finish = (
    schema: Schema,
    nullable: boolean,
    relaxed: boolean,
    root = false,
    definition = '',
  ): Schema => {
    let out: Schema = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'default') continue;
      if (key === '$ref' && typeof value === 'string')
        out.$ref = `#/definitions/${relaxed ? RELAXED : ''}${value}`;
      else if (key === 'properties' && isSchema(value)) {
        const required = relaxed
          ? []
          : requiredFields(schema, new Set()).filter(
              p => !(root && p === 'status'),
            );
        out.properties = Object.fromEntries(
          Object.entries(value).map(([p, s]) => [
            p,
            isSchema(s)
              ? finish(
                  s,
                  !required.includes(p) ||
                    EMPTY_ALLOWED.has(`${definition}.${p}`),
                  relaxed || (root && p === 'status'),
                )
              : s,
          ]),
        );
        if (required.length > 0) out.required = required.sort();
      } else if (
        (key === 'items' || key === 'additionalProperties') &&
        isSchema(value)
      ) {
        out[key] = finish(
          value,
          relaxed || !effectivelyRequired(value, new Set()),
          relaxed,
        );
      } else if (
        (key === 'oneOf' || key === 'anyOf' || key === 'allOf') &&
        Array.isArray(value)
      ) {
        out[key] = value.filter(isSchema).map(s => finish(s, false, relaxed));
      } else if (key === 'required') {
        // Set with the properties above.
      } else {
        out[key] = value;
      }
    }
    if (!nullable) return out;
    if (
      out.$ref === undefined &&
      out.enum === undefined &&
      out.type !== undefined
    ) {
      const types = Array.isArray(out.type) ? out.type : [out.type];
      return { ...out, type: [...types, 'null'] };
    }
    if (Object.keys(out).length === 0) return out;
    out = { anyOf: [{ type: 'null' }, out] };
    return out;
  };

  const definitions: Record<string, Schema> = {};
  const relaxedNeeded = new Set<string>();
  const rootNames = new Set(Object.values(roots).map(r => r.definition));
  for (const [name, schema] of cleaned) {
    definitions[name] = finish(schema, false, false, rootNames.has(name), name);
  }
  // Status definitions: every definition reachable from a relaxed reference.
  const collectRelaxed = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(collectRelaxed);
    else if (isSchema(value)) {
      const ref = value.$ref;
      if (
        typeof ref === 'string' &&
        ref.startsWith(`#/definitions/${RELAXED}`)
      ) {
        const name = ref.slice(`#/definitions/${RELAXED}`.length);
        if (!relaxedNeeded.has(name)) {
          relaxedNeeded.add(name);
          const target = cleaned.get(name);
          if (target !== undefined) {
            const relaxed = finish(target, false, true);
            definitions[`${RELAXED}${name}`] = relaxed;
            collectRelaxed(relaxed);
          }
        }
      }
      Object.values(value).forEach(collectRelaxed);
    }
  };
  for (const schema of Object.values({ ...definitions }))
    collectRelaxed(schema);

  // Only what the kinds reach, in a stable order.
  const reachable = new Set<string>();
  const visit = (name: string): void => {
    if (reachable.has(name)) return;
    reachable.add(name);
    const refs = new Set<string>();
    refsOf(definitions[name] ?? null, refs);
    for (const ref of refs) visit(ref.slice('#/definitions/'.length));
  };
  for (const root of Object.values(roots)) visit(root.definition);
  const sorted: Record<string, Schema> = {};
  for (const name of [...reachable].sort()) {
    const schema = definitions[name];
    if (schema !== undefined) sorted[name] = schema;
  }
  const sortedKinds = Object.fromEntries(
    Object.keys(roots)
      .sort()
      .map(kind => [
        kind,
        roots[kind] ?? { group: '', version: '', definition: '' },
      ]),
  );
  return { source, kinds: sortedKinds, definitions: sorted };
}
