/**
 * The shortest attack path between two nodes: breadth-first search over
 * traversable edges at or above a confidence floor (catalog 3.0
 * `minConfidence`), lengths counted in edges. Ties between equally short
 * paths are broken by edge order, which is deterministic because the graph
 * is built in a fixed order. The shape is the `path` JSON of cli-contract.md.
 *
 * A single pair query needs no precomputed index; batch questions (every
 * entry point to the nearest critical asset) use the reverse multi-source
 * search of the analysis instead (algorithms.md 4.2).
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type {
  AttackGraph,
  AttackPath,
  Confidence,
  PathStep,
} from '@chokepoint/model';

export type { AttackPath, PathStep };

export interface PathOptions {
  readonly minConfidence?: Confidence;
}

export function shortestPath(
  graph: AttackGraph,
  from: string,
  to: string,
  options: PathOptions = {},
): AttackPath | null {
  const floor = CONFIDENCE_ORDER.indexOf(options.minConfidence ?? 'low');
  if (from === to)
    return { from, to, length: 0, confidence: 'high', steps: [] };
  const via = new Map<string, string>([[from, '']]);
  let frontier = [from];
  while (frontier.length > 0 && !via.has(to)) {
    const next: string[] = [];
    for (const node of frontier) {
      graph.forEachOutEdge(node, (edge, attributes, _source, target) => {
        if (via.has(target) || !attributes.traversable) return;
        if (CONFIDENCE_ORDER.indexOf(attributes.confidence) < floor) return;
        via.set(target, edge);
        next.push(target);
      });
    }
    frontier = next;
  }
  if (!via.has(to)) return null;
  return pathFromParents(graph, from, to, via);
}

/**
 * The path ending at `to`, walked back along `via` (node -> the edge that
 * reached it) to `from`; its confidence is the lowest of its steps (catalog 3.0).
 */
export function pathFromParents(
  graph: AttackGraph,
  from: string,
  to: string,
  via: ReadonlyMap<string, string>,
): AttackPath {
  const steps: PathStep[] = [];
  for (let node = to; node !== from;) {
    const edge = via.get(node) ?? '';
    const attributes = graph.getEdgeAttributes(edge);
    const source = graph.source(edge);
    steps.push({
      from: source,
      to: node,
      kind: attributes.kind,
      confidence: attributes.confidence,
      evidence: attributes.evidence,
    });
    node = source;
  }
  steps.reverse();
  const lowest = Math.min(
    ...steps.map(step => CONFIDENCE_ORDER.indexOf(step.confidence)),
    CONFIDENCE_ORDER.length - 1,
  );
  return {
    from,
    to,
    length: steps.length,
    confidence: CONFIDENCE_ORDER[lowest] ?? 'low',
    steps,
  };
}
