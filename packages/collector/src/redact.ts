/**
 * Removes secret values from every object before it enters a snapshot, on the
 * live and the offline path alike (architecture.md section 3):
 * Secret `data`/`stringData`, the last-applied-configuration annotation of
 * every object (it can carry a copy of a Secret), and ConfigMap values except
 * `kube-system/aws-auth`, which the AWS_AUTH_PATCH and CLOUD_MAPS_TO rules read.
 * `managedFields` go too: they are bulky and nothing reads them.
 */

import type { KubeObject } from '@chokepoint/model';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface RedactionCounts {
  secretValues: number;
  lastAppliedAnnotations: number;
  configMapValues: number;
}

export function emptyRedactionCounts(): RedactionCounts {
  return { secretValues: 0, lastAppliedAnnotations: 0, configMapValues: 0 };
}

const SECRET_VALUE_FIELDS = ['data', 'stringData'] as const;
const CONFIGMAP_VALUE_FIELDS = ['data', 'binaryData'] as const;

function keptConfigMap(object: KubeObject): boolean {
  return (
    object.metadata.namespace === 'kube-system' &&
    object.metadata.name === 'aws-auth'
  );
}

export function redact(
  object: KubeObject,
  counts: RedactionCounts,
): KubeObject {
  const out: Record<string, unknown> = { ...object };
  const metadata: Record<string, unknown> = { ...object.metadata };
  delete metadata.managedFields;
  const annotations = object.metadata.annotations;
  if (annotations && Object.hasOwn(annotations, LAST_APPLIED)) {
    metadata.annotations = Object.fromEntries(
      Object.entries(annotations).filter(([key]) => key !== LAST_APPLIED),
    );
    counts.lastAppliedAnnotations++;
  }
  out.metadata = metadata;
  if (object.kind === 'Secret') {
    counts.secretValues += dropFields(out, SECRET_VALUE_FIELDS);
  } else if (object.kind === 'ConfigMap' && !keptConfigMap(object)) {
    counts.configMapValues += dropFields(out, CONFIGMAP_VALUE_FIELDS);
  }
  return out as unknown as KubeObject;
}

/** Removes `fields` from `object`; returns how many values they held. */
function dropFields(
  object: Record<string, unknown>,
  fields: readonly string[],
): number {
  let removed = 0;
  for (const field of fields) {
    if (!(field in object)) continue;
    removed += valueCount(object[field]);
    Reflect.deleteProperty(object, field);
  }
  return removed;
}

function valueCount(value: unknown): number {
  return value && typeof value === 'object' ? Object.keys(value).length : 1;
}
