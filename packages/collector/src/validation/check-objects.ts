/**
 * Validates the objects read from one text and takes the invalid ones out,
 * each reported at the line and column of its first bad field. The reader
 * decides what to do with them: stop with exit 2 (the default), or go on
 * without them when the user asked for `--skip-invalid`.
 */

import type { KubeObject } from '@chokepoint/model';
import type { DocumentsResult } from '../formats/documents.ts';
import { InputError, formatPlace } from '../input-error.ts';
import type { InputPlace } from '../input-error.ts';
import { safeName } from '../safe-text.ts';
import { locateFields } from './locate-fields.ts';
import {
  formatFieldPath,
  uncheckedVersion,
  validateObject,
} from './validate-object.ts';
import type { FieldProblem } from './validate-object.ts';

export interface InvalidObject {
  readonly place: InputPlace;
  /** `Pod web/api: spec.containers must be a list`, without the place. */
  readonly problem: string;
}

export function describeObject(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return safeName(
    `${object.kind} ${typeof namespace === 'string' && namespace !== '' ? `${namespace}/` : ''}${name}`,
  );
}

function problemText(
  object: KubeObject,
  problems: readonly FieldProblem[],
): string {
  const [first, ...rest] = problems;
  if (first === undefined) return describeObject(object);
  const field = (p: FieldProblem): string =>
    p.path.length === 0 ? p.message : `${formatFieldPath(p.path)} ${p.message}`;
  return `${describeObject(object)}: ${[first, ...rest].map(field).join('; ')}`;
}

export interface CheckResult {
  readonly invalid: readonly InvalidObject[];
  /** `Ingress networking.k8s.io/v1beta1 (served: networking.k8s.io/v1)` for objects not checked. */
  readonly unchecked: readonly string[];
}

/**
 * Removes from `result` every object the API server would refuse and returns
 * them with their places in `text` (the file's whole text, as parsed).
 */
export function takeInvalidObjects(
  result: DocumentsResult,
  text: string,
  format: 'yaml' | 'json',
  relaxed = false,
): CheckResult {
  const bad: { index: number; problems: FieldProblem[] }[] = [];
  const unchecked = new Set<string>();
  result.objects.forEach((object, index) => {
    const problems = validateObject(object, { relaxed });
    if (problems.length > 0) bad.push({ index, problems });
    const served = uncheckedVersion(object);
    if (served !== undefined)
      unchecked.add(
        safeName(
          `${object.kind} ${String(object.apiVersion)} (served: ${served})`,
        ),
      );
  });
  if (bad.length === 0) return { invalid: [], unchecked: [...unchecked] };
  const positions = locateFields(
    text,
    format,
    bad.map(({ index, problems }) => {
      const origin = result.origins[index];
      return {
        document: origin?.document ?? 0,
        path: [...(origin?.path ?? []), ...(problems[0]?.path ?? [])],
      };
    }),
  );
  const invalid = bad.map(({ index, problems }, i): InvalidObject => {
    const object = result.objects[index];
    if (object === undefined) throw new Error('object index out of range');
    const place = result.origins[index]?.place ?? { file: '' };
    const position = positions[i];
    return {
      place:
        position === undefined
          ? place
          : { ...place, line: position.line, column: position.column },
      problem: problemText(object, problems),
    };
  });
  const dropped = new Set(bad.map(b => b.index));
  const keep = (_: unknown, index: number): boolean => !dropped.has(index);
  const objects = result.objects.filter(keep);
  const origins = result.origins.filter(keep);
  result.objects.splice(0, result.objects.length, ...objects);
  result.origins.splice(0, result.origins.length, ...origins);
  return { invalid, unchecked: [...unchecked] };
}

export function formatInvalid(invalid: InvalidObject): string {
  return `${formatPlace(invalid.place)}: ${invalid.problem}`;
}

const LISTED = 50;

/** Exit 2 naming every invalid object (the first LISTED of them). */
export function invalidObjectsError(
  invalid: readonly InvalidObject[],
): InputError {
  const [first, ...rest] = invalid;
  const lines = rest.slice(0, LISTED - 1).map(i => `  ${formatInvalid(i)}`);
  if (rest.length >= LISTED)
    lines.push(`  ... and ${String(invalid.length - LISTED)} more`);
  const count = invalid.length;
  lines.push(
    `${String(count)} invalid object${count === 1 ? '' : 's'}: the API server would refuse ${count === 1 ? 'it' : 'them'} (Kubernetes OpenAPI schema). Fix ${count === 1 ? 'it' : 'them'}, or pass --skip-invalid to leave ${count === 1 ? 'it' : 'them'} out with a warning.`,
  );
  return new InputError(
    first?.place ?? { file: '<input>' },
    [first?.problem ?? '', ...lines].join('\n'),
  );
}
