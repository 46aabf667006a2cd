/**
 * Focused subgraphs for a person looking at one node: its neighbourhood, and
 * its blast radius (everything an attacker holding it reaches). A large
 * cluster gives a node thousands of neighbours, so each answer sends a
 * capped share per sibling group (same anchor, direction, kind, namespace)
 * and counts the rest, which the viewer folds into "14 more pods in ns web".
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type { AttackGraph, Confidence } from '@chokepoint/model';
import { nodeRow } from './node-search.ts';
import type { NodeRow } from './node-search.ts';

export interface SubgraphCaps {
  /** Nodes sent per sibling group (kind and namespace under one anchor). */
  readonly perGroup: number;
  /** Nodes sent per kind under one anchor, across namespaces. */
  readonly perFamily: number;
  /** Nodes sent in all. */
  readonly nodes: number;
}

export const NEIGHBOURHOOD_CAPS: SubgraphCaps = {
  perGroup: 25,
  perFamily: 60,
  nodes: 1500,
};
export const BLAST_RADIUS_CAPS: SubgraphCaps = {
  perGroup: 8,
  perFamily: 60,
  nodes: 800,
};

export interface OmittedGroup {
  readonly anchor: string;
  readonly direction: 'in' | 'out';
  readonly kind: string;
  readonly namespace?: string;
  count: number;
}

function fullNode(graph: AttackGraph, id: string, depth: number) {
  return { id, ...graph.getNodeAttributes(id), depth };
}

function edgeJson(graph: AttackGraph, key: string) {
  return {
    from: graph.source(key),
    to: graph.target(key),
    ...graph.getEdgeAttributes(key),
  };
}

function countOmitted(
  omitted: Map<string, OmittedGroup>,
  anchor: string,
  direction: 'in' | 'out',
  row: NodeRow,
): void {
  const key = `${anchor}|${direction}|${row.kind}|${row.namespace ?? ''}`;
  const group = omitted.get(key);
  if (group) group.count++;
  else
    omitted.set(key, {
      anchor,
      direction,
      kind: row.kind,
      ...(row.namespace === undefined ? {} : { namespace: row.namespace }),
      count: 1,
    });
}

/** Admits a node into its sibling group unless a cap is reached. */
class GroupBudget {
  private readonly counts = new Map<string, number>();
  private readonly caps: SubgraphCaps;

  constructor(caps: SubgraphCaps) {
    this.caps = caps;
  }

  admit(anchorKey: string, row: NodeRow, sent: number): boolean {
    const group = `${anchorKey}|${row.kind}|${row.namespace ?? ''}`;
    const family = `${anchorKey}|${row.kind}`;
    const count = this.counts.get(group) ?? 0;
    const inFamily = this.counts.get(family) ?? 0;
    if (
      count >= this.caps.perGroup ||
      inFamily >= this.caps.perFamily ||
      sent >= this.caps.nodes
    )
      return false;
    this.counts.set(group, count + 1);
    this.counts.set(family, inFamily + 1);
    return true;
  }
}

/** The centre, its in- and out-neighbours (capped per group), and the edges joining them. */
export function neighbourhood(
  graph: AttackGraph,
  center: string,
  caps: SubgraphCaps = NEIGHBOURHOOD_CAPS,
) {
  const sent = new Set<string>([center]);
  const budget = new GroupBudget(caps);
  const omitted = new Map<string, OmittedGroup>();
  const edges: ReturnType<typeof edgeJson>[] = [];
  const neighbours = new Set<string>();
  const visit = (key: string, other: string, direction: 'in' | 'out'): void => {
    neighbours.add(other);
    if (!sent.has(other)) {
      const row = nodeRow(graph, other);
      if (!budget.admit(direction, row, sent.size)) {
        countOmitted(omitted, center, direction, row);
        return;
      }
      sent.add(other);
    }
    edges.push(edgeJson(graph, key));
  };
  graph.forEachOutEdge(center, (key, _a, _s, target) => {
    visit(key, target, 'out');
  });
  graph.forEachInEdge(center, (key, _a, source) => {
    visit(key, source, 'in');
  });
  return {
    center,
    nodes: [...sent].map(id => fullNode(graph, id, id === center ? 0 : 1)),
    edges,
    omitted: [...omitted.values()],
    total: neighbours.size,
  };
}

/**
 * Blast radius: everything reachable forward from `center` over traversable
 * edges at or above the confidence floor, counted in full; the breadth-first
 * tree is sent for a capped share, the rest counted per group.
 */
export function blastRadiusSubgraph(
  graph: AttackGraph,
  center: string,
  minConfidence: Confidence,
  caps: SubgraphCaps = BLAST_RADIUS_CAPS,
) {
  const floor = CONFIDENCE_ORDER.indexOf(minConfidence);
  const depth = new Map<string, number>([[center, 0]]);
  const shown = new Map<string, string>([[center, center]]); // node -> nearest sent ancestor
  const sent = new Set<string>([center]);
  const budget = new GroupBudget(caps);
  const omitted = new Map<string, OmittedGroup>();
  const edges: ReturnType<typeof edgeJson>[] = [];
  const reachedByKind: Record<string, number> = {};
  let frontier = [center];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const node of frontier) {
      const d = depth.get(node) ?? 0;
      graph.forEachOutEdge(node, (key, a, _s, target) => {
        if (depth.has(target) || !a.traversable) return;
        if (CONFIDENCE_ORDER.indexOf(a.confidence) < floor) return;
        depth.set(target, d + 1);
        next.push(target);
        const row = nodeRow(graph, target);
        reachedByKind[row.kind] = (reachedByKind[row.kind] ?? 0) + 1;
        const anchor = shown.get(node) ?? center;
        if (anchor === node && budget.admit(node, row, sent.size)) {
          sent.add(target);
          shown.set(target, target);
          edges.push(edgeJson(graph, key));
          return;
        }
        shown.set(target, anchor);
        countOmitted(omitted, anchor, 'out', row);
      });
    }
    frontier = next;
  }
  return {
    center,
    nodes: [...sent].map(id => fullNode(graph, id, depth.get(id) ?? 0)),
    edges,
    omitted: [...omitted.values()],
    total: depth.size - 1,
    reachedByKind,
  };
}
