/**
 * The attack graph: a graphology MultiDirectedGraph keyed by catalog ids.
 *
 * It has to be a multigraph because two techniques can join the same pair of
 * nodes (POD_EXEC and POD_PATCH from one holder to one pod); one pair carries
 * at most one edge per kind (catalog 3.0), which `edgeKey` enforces.
 */

import graphology from 'graphology';
import type { Confidence } from './edge-kinds.ts';
import type { AnyEdgeKind, EdgeEvidence } from './evidence.ts';

export interface NodeAttributes {
  kind: string;
  name: string;
  namespace?: string;
  /** Small, display-worthy facts (labels, type, phase...); never secret values. */
  props?: Record<string, unknown>;
}

/** An edge's attributes, its evidence typed by its kind. */
export type EdgeAttributes = {
  [K in AnyEdgeKind]: {
    kind: K;
    traversable: boolean;
    confidence: Confidence;
    evidence: EdgeEvidence<K>;
  };
}[AnyEdgeKind];

export interface GraphAttributes {
  cluster: string;
  serverVersion?: string;
}

export type AttackGraph = graphology.MultiDirectedGraph<
  NodeAttributes,
  EdgeAttributes,
  GraphAttributes
>;

export function createAttackGraph(attributes: GraphAttributes): AttackGraph {
  const graph: AttackGraph = new graphology.MultiDirectedGraph();
  graph.replaceAttributes(attributes);
  return graph;
}

/** The key of the one edge of `kind` between two nodes. */
export function edgeKey(from: string, kind: string, to: string): string {
  return `${from}|${kind}|${to}`;
}
