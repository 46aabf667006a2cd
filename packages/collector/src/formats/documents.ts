/**
 * Turns parsed documents into Kubernetes objects: flattens `kind: List` and
 * `*List` documents, checks each object has a kind and a name, and reports
 * anything else as a non-Kubernetes document at its place.
 */

import type { KubeObject } from '@chokepoint/model';
import { InputError } from '../input-error.ts';
import type { InputPlace } from '../input-error.ts';
import { safeName } from '../safe-text.ts';

/** Kinds are CamelCase identifiers (a CRD's kind must be a DNS-1035 label, lower-cased). */
const KIND_NAME = /^[A-Za-z][A-Za-z0-9]{0,62}$/;

export interface ParsedDocument {
  readonly value: unknown;
  readonly place: InputPlace;
  /** Index of the document in its file (YAML `---` documents; 0 for JSON). */
  readonly document?: number;
  /** Where the value sits in that document, when it is not the whole document. */
  readonly path?: readonly (string | number)[];
}

/** Where an object came from: its file, document and JSON path in the document. */
export interface ObjectOrigin {
  readonly place: InputPlace;
  readonly document: number;
  readonly path: readonly (string | number)[];
}

export interface DocumentsResult {
  readonly objects: KubeObject[];
  /** One per object, in the same order. */
  readonly origins: ObjectOrigin[];
  /** `gitVersion` from a `kubectl version -o json` document, if one was read. */
  serverVersion?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function isListKind(kind: unknown): boolean {
  return typeof kind === 'string' && (kind === 'List' || kind.endsWith('List'));
}

/**
 * @param kindFromFile kind to assume for list items that carry none (dump
 *   files written by Go clients drop TypeMeta from list items).
 */
export function collectObjects(
  documents: readonly ParsedDocument[],
  result: DocumentsResult,
  kindFromFile?: { kind: string; apiVersion?: string },
): void {
  for (const { value, place, document = 0, path = [] } of documents) {
    if (!isRecord(value)) {
      throw new InputError(
        place,
        `not a Kubernetes object: the document is ${describe(value)}`,
      );
    }
    const version = value.serverVersion;
    if (
      isRecord(version) &&
      'clientVersion' in value &&
      typeof version.gitVersion === 'string'
    ) {
      result.serverVersion = version.gitVersion;
      continue;
    }
    if (
      isListKind(value.kind) ||
      (kindFromFile && Array.isArray(value.items))
    ) {
      const items = value.items;
      if (items === null || items === undefined) continue;
      if (!Array.isArray(items)) {
        throw new InputError(
          { ...place, path: 'items' },
          'a List must have an items array',
        );
      }
      items.forEach((item: unknown, index) => {
        const itemPlace = { ...place, path: `items[${String(index)}]` };
        result.objects.push(checkObject(item, itemPlace, kindFromFile));
        result.origins.push({
          place: itemPlace,
          document,
          path: [...path, 'items', index],
        });
      });
      continue;
    }
    result.objects.push(checkObject(value, place, kindFromFile));
    result.origins.push({ place, document, path });
  }
}

function checkObject(
  value: unknown,
  place: InputPlace,
  kindFromFile?: { kind: string; apiVersion?: string },
): KubeObject {
  if (!isRecord(value)) {
    throw new InputError(
      place,
      `not a Kubernetes object: the item is ${describe(value)}`,
    );
  }
  let object = value;
  if (object.kind === undefined && kindFromFile) {
    object = {
      ...(kindFromFile.apiVersion === undefined
        ? {}
        : { apiVersion: kindFromFile.apiVersion }),
      kind: kindFromFile.kind,
      ...object,
    };
  }
  if (typeof object.kind !== 'string' || object.kind === '') {
    throw new InputError(place, 'not a Kubernetes object: it has no "kind"');
  }
  if (!KIND_NAME.test(object.kind)) {
    throw new InputError(
      { ...place, path: place.path ?? 'kind' },
      'not a Kubernetes object: its "kind" is not a kind name (letters and digits)',
    );
  }
  if (
    object.apiVersion !== undefined &&
    typeof object.apiVersion !== 'string'
  ) {
    throw new InputError(
      place,
      `"apiVersion" of the ${object.kind} must be a string such as "v1" or "apps/v1"`,
    );
  }
  const metadata = object.metadata;
  if (
    !isRecord(metadata) ||
    typeof metadata.name !== 'string' ||
    metadata.name === ''
  ) {
    throw new InputError(
      place,
      `not a Kubernetes object: the ${object.kind} has no "metadata.name"`,
    );
  }
  if (
    metadata.namespace !== undefined &&
    typeof metadata.namespace !== 'string'
  ) {
    throw new InputError(
      place,
      `"metadata.namespace" of ${object.kind} ${safeName(metadata.name)} must be a string`,
    );
  }
  return object as unknown as KubeObject;
}
