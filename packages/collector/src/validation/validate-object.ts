/**
 * Checks objects of the built-in kinds Chokepoint reads against the
 * Kubernetes OpenAPI schemas of the real API server (k8s-schemas.json, made
 * by scripts/gen-k8s-schemas.ts), with ajv. An object the API server would
 * refuse (`containers: "x"`, `verbs: "*"`, `roleRef: null`, a Pod without
 * `spec`) is never analysed as if it meant something: the engine reads
 * fields defensively, so a wrong type would silently read as absent and hide
 * exposure. Objects of other kinds (CRDs, the Gateway API, unknown kinds) are
 * not checked here.
 *
 * An object is checked when its apiVersion is the one the pinned API server
 * serves (or absent). Other versions of a checked kind (an old
 * `networking.k8s.io/v1beta1` Ingress, whose backend has another shape) have
 * no schema here: they are read as before and the reader says, once per
 * version, that they were not checked. Fields the schema does not know are removed from the object
 * as it is checked (the API server stores none of them either), so nothing
 * downstream meets arbitrary nesting inside a built-in kind. Schemas compile
 * on first use of their kind.
 */

import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { KubeObject } from '@chokepoint/model';
import { safeName } from '../safe-text.ts';
import schemas from './k8s-schemas.json' with { type: 'json' };

export type FieldPath = readonly (string | number)[];

export interface FieldProblem {
  /** Where in the object, as JSON path segments (`spec`, `containers`, 0). */
  readonly path: FieldPath;
  readonly message: string;
}

const SCHEMA_ID = 'k8s';
const RELAXED_ID = 'k8s-relaxed';

interface KindEntry {
  readonly group: string;
  readonly version: string;
  readonly definition: string;
}

const KINDS: Readonly<Record<string, KindEntry | undefined>> = schemas.kinds;

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The definitions without `required`: for objects of a minimal snapshot (below). */
function withoutRequired(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRequired);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'required')
      .map(([key, item]) => [key, withoutRequired(item)]),
  );
}

function validatorFor(
  kind: string,
  definition: string,
  relaxed: boolean,
): ValidateFunction {
  const key = `${relaxed ? 'relaxed:' : ''}${kind}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    ajv ??= new Ajv({
      allErrors: true,
      // Unknown fields are dropped, as the API server drops them (k8s-schemas.json).
      removeAdditional: true,
      inlineRefs: false,
      code: { optimize: false },
      strict: false,
      validateFormats: false,
      schemas: [{ $id: SCHEMA_ID, definitions: schemas.definitions }],
    });
    if (relaxed && ajv.getSchema(RELAXED_ID) === undefined)
      ajv.addSchema({
        $id: RELAXED_ID,
        definitions: withoutRequired(schemas.definitions),
      });
    validate = ajv.getSchema(
      `${relaxed ? RELAXED_ID : SCHEMA_ID}#/definitions/${definition}`,
    );
    if (validate === undefined)
      throw new Error(`k8s-schemas.json has no definition ${definition}`);
    compiled.set(key, validate);
  }
  return validate;
}

function apiVersionOf(entry: KindEntry): string {
  return entry.group === '' ? entry.version : `${entry.group}/${entry.version}`;
}

type Check =
  | { readonly checked: true; readonly entry: KindEntry }
  | { readonly checked: false; readonly served?: string };

/** Whether and how an object is checked: by kind and exact apiVersion. */
function checkFor(object: KubeObject): Check {
  if (!Object.hasOwn(KINDS, object.kind)) return { checked: false };
  const entry = KINDS[object.kind];
  if (entry === undefined) return { checked: false };
  const served = apiVersionOf(entry);
  if (object.apiVersion === undefined || object.apiVersion === served)
    return { checked: true, entry };
  return { checked: false, served };
}

/**
 * For an object of a checked kind in an apiVersion without a schema here:
 * the apiVersion that is served instead (for the reader's warning).
 */
export function uncheckedVersion(object: KubeObject): string | undefined {
  const check = checkFor(object);
  return check.checked ? undefined : check.served;
}

/**
 * The problems of one object, at most `max` (first in document order), or
 * an empty list when it is valid or its kind is not checked. `relaxed`
 * checks types only: a snapshot file is minimal by design (a field the
 * analysis does not read is gone, even one Kubernetes requires).
 */
export function validateObject(
  object: KubeObject,
  { max = 3, relaxed = false }: { max?: number; relaxed?: boolean } = {},
): FieldProblem[] {
  const check = checkFor(object);
  if (!check.checked) return [];
  const validate = validatorFor(object.kind, check.entry.definition, relaxed);
  if (validate(object)) return [];
  return describeErrors(validate.errors ?? [], max);
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map(part => {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(key) ? Number(key) : key;
    });
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'a map',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
};

function typeText(types: unknown): string {
  const list = (Array.isArray(types) ? types : [types]).filter(
    (t): t is string => typeof t === 'string' && t !== 'null',
  );
  return list.map(t => TYPE_NAMES[t] ?? t).join(' or ');
}

/** Ajv's errors as one message per place, without the null branch of `anyOf`. */
function describeErrors(
  errors: readonly ErrorObject[],
  max: number,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // A nullable position is anyOf [null, schema]: its null branch and the
    // anyOf summary add nothing to the error of the schema branch.
    if (error.keyword === 'anyOf') continue;
    if (error.keyword === 'type' && error.schemaPath.endsWith('/anyOf/0/type'))
      continue;
    const path = pathOf(error.instancePath);
    let message: string;
    if (error.keyword === 'required') {
      const missing = String(
        (error.params as { missingProperty?: unknown }).missingProperty,
      );
      path.push(missing);
      message = 'is required (missing or null)';
    } else if (error.keyword === 'type') {
      message = `must be ${typeText((error.params as { type?: unknown }).type)}`;
    } else if (error.keyword === 'enum') {
      const allowed = (error.params as { allowedValues?: unknown })
        .allowedValues;
      message = `must be one of ${Array.isArray(allowed) ? allowed.map(String).join(', ') : 'the allowed values'}`;
    } else {
      message = 'is not valid';
    }
    const key = `${path.join('.')}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out
    .slice(0, Math.max(1, max))
    .concat(
      out.length > max
        ? [{ path: [], message: `and ${String(out.length - max)} more` }]
        : [],
    );
}

/** `spec.containers[0].name`, names from the input escaped. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${String(segment)}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment))
      text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(safeName(segment))}]`;
  }
  return text;
}
