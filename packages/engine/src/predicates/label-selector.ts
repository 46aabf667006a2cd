/**
 * Kubernetes label selectors (`metav1.LabelSelector`: matchLabels and
 * matchExpressions with In, NotIn, Exists, DoesNotExist), as used by
 * admission webhook and policy namespace selectors (catalog 2.7). An absent
 * selector matches everything; an unknown operator matches nothing, as
 * `metav1.LabelSelectorAsSelector` rejects it.
 */

import type { KubeObject } from '@chokepoint/model';
import {
  asArray,
  asRecord,
  asString,
  asStringArray,
  asStringRecord,
} from './json.ts';
import { labelsOf } from './pod-spec.ts';

export function matchesLabelSelector(
  selector: unknown,
  labels: Readonly<Record<string, string>>,
): boolean {
  const record = asRecord(selector);
  if (record === undefined) return true;
  for (const [key, value] of Object.entries(
    asStringRecord(record.matchLabels),
  )) {
    if (labels[key] !== value) return false;
  }
  for (const item of asArray(record.matchExpressions)) {
    const expression = asRecord(item);
    const key = asString(expression?.key);
    if (key === undefined) return false;
    const values = asStringArray(expression?.values);
    const has = Object.hasOwn(labels, key);
    const value = labels[key];
    switch (asString(expression?.operator)) {
      case 'In':
        if (!has || value === undefined || !values.includes(value))
          return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * A namespace's labels including `kubernetes.io/metadata.name`, which the API
 * server sets on every namespace since 1.21 (selectors rely on it).
 */
export function namespaceLabels(
  namespace: KubeObject | undefined,
  name: string,
): Readonly<Record<string, string>> {
  return { ...labelsOf(namespace), 'kubernetes.io/metadata.name': name };
}
