/**
 * The one place edges enter the attack graph. One pair of nodes carries at
 * most one edge per kind (catalog 3.0): when a kind holds several ways, the
 * highest confidence is kept and every way is listed in the evidence
 * (`evidence.alsoVia`, never truncated), so a fix can be checked against all
 * of them.
 */

import {
  AUXILIARY_EDGE_KINDS,
  CONFIDENCE_ORDER,
  EDGE_KINDS,
  edgeKey,
  isEdgeKind,
  waysOf,
} from '@chokepoint/model';
import type {
  AnyEdgeKind,
  AttackGraph,
  Confidence,
  EdgeAttributes,
  EdgeEvidence,
  Evidence,
  Way,
  WayOf,
} from '@chokepoint/model';
import type { NodeSpec } from './rules/define-rule.ts';

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
  addEdge<K extends AnyEdgeKind>(
    kind: K,
    from: string,
    to: string,
    confidence: Confidence,
    evidence: WayOf<K>,
  ): void {
    this.addWay(kind, from, to, confidence, evidence);
  }

  /** The same, returning the edge's key. */
  addWay<K extends AnyEdgeKind>(
    kind: K,
    from: string,
    to: string,
    confidence: Confidence,
    evidence: WayOf<K>,
  ): string {
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
      } as EdgeAttributes);
      return key;
    }
    this.graph.mergeEdgeAttributes(
      key,
      withWay(
        this.graph.getEdgeAttributes(key),
        confidence,
        evidence,
      ) as Partial<EdgeAttributes>,
    );
    return key;
  }
}

/** An edge's confidence and evidence: the way's alone, or merged with those it had. */
export interface EdgeWays {
  readonly confidence: Confidence;
  readonly evidence: Evidence;
}

/**
 * An edge with one more way: the strongest way leads, the others follow in
 * the order they were found. The build adds ways one by one through it, and
 * a what-if folds an edge's ways after a fix the same way
 * (analysis/paths-after.ts).
 */
export function withWay(
  existing: EdgeWays | undefined,
  confidence: Confidence,
  evidence: Way,
): EdgeWays {
  if (existing === undefined) return { confidence, evidence };
  const better =
    CONFIDENCE_ORDER.indexOf(confidence) >
    CONFIDENCE_ORDER.indexOf(existing.confidence);
  const known = waysOf(existing.evidence as EdgeEvidence<AnyEdgeKind>);
  const [lead, ...rest] = (
    better ? [evidence, ...known] : [...known, evidence]
  ) as [Way, ...Way[]];
  return {
    confidence: better ? confidence : existing.confidence,
    evidence: { ...lead, alsoVia: rest },
  } as unknown as EdgeWays;
}

function traversableOf(kind: string): boolean {
  if (isEdgeKind(kind)) return EDGE_KINDS[kind].traversable;
  if (Object.hasOwn(AUXILIARY_EDGE_KINDS, kind)) return true;
  throw new Error(`engine: unknown edge kind ${kind}`);
}
