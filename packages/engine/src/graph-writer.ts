/**
 * The one place edges enter the attack graph. One pair of nodes carries at
 * most one edge per kind (catalog 3.0): when a kind holds several ways, the
 * highest confidence is kept and every way is listed in the evidence
 * (`evidence.alsoVia`), so a fix can be checked against all of them.
 */

import {
  AUXILIARY_EDGE_KINDS,
  CONFIDENCE_ORDER,
  EDGE_KINDS,
  edgeKey,
  isEdgeKind,
} from '@chokepoint/model';
import type { AttackGraph, Confidence } from '@chokepoint/model';
import type { Evidence, NodeSpec } from './rules/define-rule.ts';

/** Ways beyond the first are kept up to this many per edge: enough to explain, bounded in size. */
const MAX_ALTERNATIVES = 16;

export class GraphWriter {
  readonly graph: AttackGraph;

  constructor(graph: AttackGraph) {
    this.graph = graph;
  }

  hasNode(id: string): boolean {
    return this.graph.hasNode(id);
  }

  addNode(spec: NodeSpec): boolean {
    if (this.graph.hasNode(spec.id)) return false;
    const { id, ...attributes } = spec;
    this.graph.addNode(id, attributes);
    return true;
  }

  /** Adds or merges an edge; both ends must exist. */
  addEdge(
    kind: string,
    from: string,
    to: string,
    confidence: Confidence,
    evidence: Evidence,
  ): void {
    if (!this.graph.hasNode(from))
      throw new Error(`engine: ${kind} edge from unknown node ${from}`);
    if (!this.graph.hasNode(to))
      throw new Error(`engine: ${kind} edge to unknown node ${to}`);
    const key = edgeKey(from, kind, to);
    if (!this.graph.hasEdge(key)) {
      this.graph.addDirectedEdgeWithKey(key, from, to, {
        kind,
        traversable: traversableOf(kind),
        confidence,
        evidence,
      });
      return;
    }
    const existing = this.graph.getEdgeAttributes(key);
    const better =
      CONFIDENCE_ORDER.indexOf(confidence) >
      CONFIDENCE_ORDER.indexOf(existing.confidence);
    const [primary, other] = better
      ? [evidence, existing.evidence]
      : [existing.evidence, evidence];
    const alternatives = [
      ...((primary.alsoVia as Evidence[] | undefined) ?? []),
      withoutAlternatives(other),
      ...((other.alsoVia as Evidence[] | undefined) ?? []),
    ].slice(0, MAX_ALTERNATIVES);
    this.graph.mergeEdgeAttributes(key, {
      confidence: better ? confidence : existing.confidence,
      evidence: { ...withoutAlternatives(primary), alsoVia: alternatives },
    });
  }
}

function withoutAlternatives(evidence: Evidence): Evidence {
  if (!('alsoVia' in evidence)) return evidence;
  return Object.fromEntries(
    Object.entries(evidence).filter(([key]) => key !== 'alsoVia'),
  );
}

function traversableOf(kind: string): boolean {
  if (isEdgeKind(kind)) return EDGE_KINDS[kind].traversable;
  if (Object.hasOwn(AUXILIARY_EDGE_KINDS, kind)) return true;
  throw new Error(`engine: unknown edge kind ${kind}`);
}
