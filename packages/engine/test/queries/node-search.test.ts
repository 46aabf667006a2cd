/** Searching nodes by what a person types, and the facets to filter by. */

import { beforeAll, describe, expect, it } from 'vitest';
import type { AttackGraph } from '@chokepoint/model';
import { facets, searchNodes } from '../../src/index.ts';
import { demoGraph } from './demo.ts';

let graph: AttackGraph;
beforeAll(async () => {
  graph = await demoGraph();
});

describe('searchNodes', () => {
  it('ranks the exact name, then prefixes, then substrings', () => {
    const { nodes, total } = searchNodes(graph, { q: 'frontend', limit: 50 });
    expect(total).toBe(nodes.length);
    const names = nodes.map(n => n.name.toLowerCase());
    const rank = (name: string): number =>
      name === 'frontend' ? 0 : name.startsWith('frontend') ? 1 : 2;
    const ranks = names.map(rank);
    expect([...ranks].sort()).toEqual(ranks);
    expect(ranks[0]).toBe(0);
    expect(nodes.every(n => n.id.toLowerCase().includes('frontend'))).toBe(
      true,
    );
  });

  it('filters by kind and namespace and caps the list, not the total', () => {
    const pods = searchNodes(graph, { q: '', kind: 'Pod', limit: 3 });
    let podCount = 0;
    graph.forEachNode((_id, a) => {
      if (a.kind === 'Pod') podCount++;
    });
    expect(pods.total).toBe(podCount);
    expect(pods.nodes).toHaveLength(3);
    const web = searchNodes(graph, { q: '', namespace: 'web', limit: 200 });
    expect(web.nodes.every(n => n.namespace === 'web')).toBe(true);
    expect(web.total).toBeGreaterThan(0);
  });
});

describe('facets', () => {
  it('counts every node once by kind', () => {
    const { kinds, namespaces } = facets(graph);
    expect(kinds.reduce((n, [, c]) => n + c, 0)).toBe(graph.order);
    expect(namespaces.map(([name]) => name)).toContain('kube-system');
  });
});
