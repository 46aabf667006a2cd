/**
 * The envelope of a snapshot file (docs/snapshot.md) checked before it is
 * trusted: a file that says `"format": "chokepoint.snapshot"` but whose
 * `collection.gaps` is missing or not a list is bad input (exit 2, naming
 * the field), not a crash. What the reader takes from a snapshot (the
 * cluster's name and version, the collection method and gaps) is required;
 * the rest of the envelope is replaced on reading, and checked only for its
 * types. The schema is typed against the model's SnapshotMetadata, so the
 * two cannot drift apart; the objects themselves are checked one by one like
 * any other input.
 */

import { Ajv } from 'ajv';
import type { JSONSchemaType } from 'ajv';
import type { KubeObject, SnapshotMetadata } from '@chokepoint/model';
import { InputError } from './input-error.ts';

type Collection = SnapshotMetadata['collection'];
interface ReadEnvelope {
  readonly cluster: SnapshotMetadata['cluster'];
  readonly collection: Pick<Collection, 'method' | 'gaps'> &
    Partial<Omit<Collection, 'method' | 'gaps'>>;
}
type Envelope = ReadEnvelope & {
  readonly objects: Readonly<Record<string, readonly KubeObject[]>>;
};

const strings = { type: 'array', items: { type: 'string' } } as const;

const schema: JSONSchemaType<ReadEnvelope> = {
  type: 'object',
  required: ['cluster', 'collection'],
  properties: {
    cluster: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        serverVersion: { type: 'string', nullable: true },
      },
    },
    collection: {
      type: 'object',
      required: ['method', 'gaps'],
      properties: {
        collectedAt: { type: 'string', nullable: true },
        method: { type: 'string', enum: ['offline', 'live'] },
        tool: { type: 'string', nullable: true },
        sources: {
          type: 'array',
          nullable: true,
          items: {
            type: 'object',
            required: ['path', 'format', 'objects'],
            properties: {
              path: { type: 'string' },
              format: {
                type: 'string',
                enum: [
                  'manifests',
                  'kubectl-list',
                  'kubehound-dump',
                  'snapshot',
                ],
              },
              objects: { type: 'integer', minimum: 0 },
            },
          },
        },
        missingKinds: { ...strings, nullable: true },
        gaps: {
          type: 'array',
          items: {
            type: 'object',
            required: ['resource', 'message'],
            properties: {
              resource: { type: 'string' },
              namespace: { type: 'string', nullable: true },
              code: { type: 'integer', nullable: true },
              message: { type: 'string' },
            },
          },
        },
        redacted: {
          type: 'object',
          nullable: true,
          required: [
            'secretValues',
            'lastAppliedAnnotations',
            'configMapValues',
          ],
          properties: {
            secretValues: { type: 'integer', minimum: 0 },
            lastAppliedAnnotations: { type: 'integer', minimum: 0 },
            configMapValues: { type: 'integer', minimum: 0 },
          },
        },
        warnings: { ...strings, nullable: true },
        skippedFiles: { type: 'integer', minimum: 0, nullable: true },
        defaultedNamespace: {
          type: 'object',
          nullable: true,
          required: ['namespace', 'objects'],
          properties: {
            namespace: { type: 'string' },
            objects: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
  },
};

const objectsSchema = {
  type: 'object',
  additionalProperties: { type: 'array' },
} as const;

let validators:
  | {
      envelope: ReturnType<Ajv['compile']>;
      objects: ReturnType<Ajv['compile']>;
    }
  | undefined;

function path(instancePath: string, missing?: unknown): string {
  const parts = instancePath.split('/').slice(1);
  if (typeof missing === 'string') parts.push(missing);
  return parts.join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/** The snapshot's envelope, checked; InputError (exit 2) at the first wrong field. */
export function checkSnapshotEnvelope(
  value: Readonly<Record<string, unknown>>,
  file: string,
): Envelope {
  if (validators === undefined) {
    const ajv = new Ajv({ allErrors: false, strict: true });
    validators = {
      envelope: ajv.compile(schema),
      objects: ajv.compile(objectsSchema),
    };
  }
  const { envelope, objects } = validators;
  if (!objects(value.objects ?? null)) {
    const error = objects.errors?.[0];
    throw new InputError(
      {
        file,
        path: `objects${error ? path(error.instancePath).replace(/^(?=.)/, '.') : ''}`,
      },
      error?.instancePath
        ? 'must be a list of objects'
        : 'a snapshot must have an "objects" map of kinds to lists',
    );
  }
  if (!envelope(value)) {
    const error = envelope.errors?.[0];
    const missing = (error?.params as { missingProperty?: unknown } | undefined)
      ?.missingProperty;
    const where = error ? path(error.instancePath, missing) : '';
    throw new InputError(
      { file, path: where },
      missing === undefined
        ? `not a valid snapshot: ${where} ${error?.message ?? 'is malformed'}`
        : `not a valid snapshot: ${where} is missing`,
    );
  }
  return value as unknown as Envelope;
}
