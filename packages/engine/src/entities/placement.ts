/**
 * Where a stand-in's pods could run (catalog 1.3): every Linux, non-virtual
 * node whose labels satisfy the template's nodeSelector and required node
 * affinity and whose NoSchedule/NoExecute taints it tolerates; a template with
 * `spec.nodeName` runs only there. Semantics follow the scheduler's
 * NodeAffinity and TaintToleration plugins
 * (`pkg/scheduler/framework/plugins/nodeaffinity`, `tainttoleration`).
 */

import {
  asArray,
  asRecord,
  asString,
  asStringArray,
  asStringRecord,
} from '../predicates/json.ts';
import type { JsonRecord } from '../predicates/json.ts';

export interface PlacementNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly JsonRecord[];
  /** Linux and not virtual (catalog 2.8). */
  readonly schedulable: boolean;
  /**
   * Label keys known present or absent; other keys are unknown and satisfy
   * any selector (an assumed node, entities/node-pool.ts). Undefined: all known.
   */
  readonly knownLabels?: ReadonlySet<string>;
  /** An assumed node: its real name is unknown, so a name selector may match. */
  readonly assumed?: boolean;
}

function unknownLabel(node: PlacementNode, key: string): boolean {
  return (
    node.knownLabels !== undefined &&
    !node.knownLabels.has(key) &&
    !(key in node.labels)
  );
}

function expressionMatches(
  expression: JsonRecord,
  value: string | undefined,
): boolean {
  const values = asStringArray(expression.values);
  switch (asString(expression.operator)) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const limit = Number(values[0]);
      const actual = Number(value);
      if (
        value === undefined ||
        !Number.isInteger(limit) ||
        !Number.isInteger(actual)
      )
        return false;
      return asString(expression.operator) === 'Gt'
        ? actual > limit
        : actual < limit;
    }
    default:
      return false;
  }
}

function termMatches(term: JsonRecord, node: PlacementNode): boolean {
  const expressions = asArray(term.matchExpressions).map(asRecord);
  const fields = asArray(term.matchFields).map(asRecord);
  if (expressions.length === 0 && fields.length === 0) return false; // an empty term matches nothing
  for (const expression of expressions) {
    const key = asString(expression?.key) ?? '';
    if (
      !expression ||
      (!unknownLabel(node, key) &&
        !expressionMatches(expression, node.labels[key]))
    )
      return false;
  }
  for (const field of fields) {
    if (
      !field ||
      asString(field.key) !== 'metadata.name' ||
      (node.assumed !== true && !expressionMatches(field, node.name))
    )
      return false;
  }
  return true;
}

function tolerates(
  tolerations: readonly JsonRecord[],
  taint: JsonRecord,
): boolean {
  const key = asString(taint.key) ?? '';
  const effect = asString(taint.effect) ?? '';
  return tolerations.some(toleration => {
    const tolEffect = asString(toleration.effect) ?? '';
    if (tolEffect !== '' && tolEffect !== effect) return false;
    const tolKey = asString(toleration.key) ?? '';
    if (asString(toleration.operator) === 'Exists')
      return tolKey === '' || tolKey === key;
    return (
      tolKey === key &&
      (asString(toleration.value) ?? '') === (asString(taint.value) ?? '')
    );
  });
}

/** Names of the nodes a pod spec can be placed on. */
export function candidateNodes(
  spec: JsonRecord,
  nodes: readonly PlacementNode[],
): string[] {
  const nodeName = asString(spec.nodeName);
  if (nodeName !== undefined) {
    if (nodes.some(n => n.name === nodeName)) return [nodeName];
    // A node the input does not show: one of the assumed ones, if any.
    return nodes.filter(n => n.assumed === true).map(n => n.name);
  }
  const selector = asStringRecord(spec.nodeSelector);
  const required = asRecord(
    asRecord(asRecord(spec.affinity)?.nodeAffinity)
      ?.requiredDuringSchedulingIgnoredDuringExecution,
  );
  const terms = asArray(required?.nodeSelectorTerms)
    .map(asRecord)
    .filter((t): t is JsonRecord => t !== undefined);
  const tolerations = asArray(spec.tolerations)
    .map(asRecord)
    .filter((t): t is JsonRecord => t !== undefined);
  const out: string[] = [];
  for (const node of nodes) {
    if (!node.schedulable) continue;
    if (
      !Object.entries(selector).every(
        ([k, v]) => unknownLabel(node, k) || node.labels[k] === v,
      )
    )
      continue;
    if (required !== undefined && !terms.some(term => termMatches(term, node)))
      continue;
    const blocking = node.taints.filter(t => {
      const effect = asString(t.effect);
      return effect === 'NoSchedule' || effect === 'NoExecute';
    });
    if (!blocking.every(taint => tolerates(tolerations, taint))) continue;
    out.push(node.name);
  }
  return out;
}
