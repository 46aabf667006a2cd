/**
 * Neighbourhoods and blast radii as the viewer gets them: counted in full,
 * sent within the caps, and what is not sent is counted per group. The
 * blast radius is checked against reachFrom, the CSR breadth-first search.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import type { AttackGraph } from '@chokepoint/model';
import {
  blastRadiusSubgraph,
  neighbourhood,
  reachFrom,
} from '../../src/index.ts';
import { demoGraph } from './demo.ts';

let graph: AttackGraph;
beforeAll(async () => {
  graph = await demoGraph();
});

const sum = (groups: readonly { count: number }[]): number =>
  groups.reduce((n, g) => n + g.count, 0);

describe('blastRadiusSubgraph', () => {
  it('counts what the CSR search reaches, at the same distances', () => {
    const answer = blastRadiusSubgraph(graph, 'Internet', 'low');
    const reached = reachFrom(graph, 'Internet', 'forward', 'low');
    expect(answer.total).toBe(reached.length);
    expect(answer.total).toBeGreaterThan(10);
    const byKind: Record<string, number> = {};
    for (const node of reached)
      byKind[node.kind] = (byKind[node.kind] ?? 0) + 1;
    expect(answer.reachedByKind).toEqual(byKind);
    const distance = new Map(reached.map(n => [n.id, n.distance]));
    for (const node of answer.nodes) {
      if (node.id === 'Internet') expect(node.depth).toBe(0);
      else expect(node.depth).toBe(distance.get(node.id));
    }
  });

  it('sends a capped share and counts every other reached node', () => {
    const caps = { perGroup: 1, perFamily: 2, nodes: 6 };
    const answer = blastRadiusSubgraph(graph, 'Internet', 'low', caps);
    expect(answer.nodes.length).toBeLessThanOrEqual(caps.nodes);
    expect(answer.nodes.length - 1 + sum(answer.omitted)).toBe(answer.total);
    // Each sent node but the centre hangs off a sent node by a sent edge.
    const sent = new Set(answer.nodes.map(n => n.id));
    for (const edge of answer.edges) {
      expect(sent.has(edge.from) && sent.has(edge.to)).toBe(true);
    }
    expect(answer.edges.length).toBe(answer.nodes.length - 1);
  });

  it('keeps to the confidence floor', () => {
    const high = blastRadiusSubgraph(graph, 'Internet', 'high');
    expect(high.total).toBe(
      reachFrom(graph, 'Internet', 'forward', 'high').length,
    );
    expect(high.total).toBeLessThanOrEqual(
      blastRadiusSubgraph(graph, 'Internet', 'low').total,
    );
  });
});

describe('neighbourhood', () => {
  it('counts every distinct neighbour and sends them within the caps', () => {
    const id = 'Namespace:kube-system';
    const all = new Set([...graph.inNeighbors(id), ...graph.outNeighbors(id)]);
    const full = neighbourhood(graph, id);
    expect(full.total).toBe(all.size);
    expect(full.omitted).toEqual([]);
    expect(full.nodes.length).toBe(all.size + 1);

    const caps = { perGroup: 2, perFamily: 3, nodes: 10 };
    const capped = neighbourhood(graph, id, caps);
    expect(capped.total).toBe(all.size);
    expect(capped.nodes.length).toBeLessThanOrEqual(caps.nodes);
    // A node that is both an in- and out-neighbour is counted once in
    // total but may be omitted on each side: at least the total is covered.
    expect(
      capped.nodes.length - 1 + sum(capped.omitted),
    ).toBeGreaterThanOrEqual(capped.total);
    for (const group of capped.omitted) expect(group.anchor).toBe(id);
  });
});
