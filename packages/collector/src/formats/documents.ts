/**
 * Turns parsed documents into Kubernetes objects: flattens `kind: List` and
 * `*List` documents, checks each object has a kind and a name, and reports
 * anything else as a non-Kubernetes document at its place.
 */

import type { KubeObject } from '@chokepoint/model';
import { InputError } from '../input-error.ts';
import type { InputPlace } from '../input-error.ts';

export interface ParsedDocument {
  readonly value: unknown;
  readonly place: InputPlace;
}

export interface DocumentsResult {
  readonly objects: KubeObject[];
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
  for (const { value, place } of documents) {
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
        result.objects.push(
          checkObject(
            item,
            { ...place, path: `items[${String(index)}]` },
            kindFromFile,
          ),
        );
      });
      continue;
    }
    result.objects.push(checkObject(value, place, kindFromFile));
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
      `"metadata.namespace" of ${object.kind} ${metadata.name} must be a string`,
    );
  }
  return object as unknown as KubeObject;
}
