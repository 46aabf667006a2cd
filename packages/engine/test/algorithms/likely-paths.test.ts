import { describe, expect, it } from 'vitest';
import { createAttackGraph } from '@chokepoint/model';
import type { Confidence } from '@chokepoint/model';
import {
  diversePaths,
  mostLikelyPath,
} from '../../src/algorithms/likely-paths.ts';
import { shortestPath } from '../../src/algorithms/shortest-path.ts';

function graph(edges: [string, string, Confidence][]) {
  const g = createAttackGraph({ cluster: 'test' });
  for (const [from, to] of edges) {
    for (const id of [from, to])
      if (!g.hasNode(id)) g.addNode(id, { kind: 'Pod', name: id });
  }
  for (const [from, to, confidence] of edges) {
    g.addDirectedEdgeWithKey(`${from}>${to}`, from, to, {
      kind: 'POD_EXEC',
      traversable: true,
      confidence,
      evidence: { reason: 'test', permissions: [] },
    });
  }
  return g;
}

describe('most likely path', () => {
  const g = graph([
    ['A', 'B', 'high'],
    ['B', 'D', 'low'],
    ['A', 'C', 'medium'],
    ['C', 'D', 'high'],
    ['A', 'E', 'high'],
    ['E', 'F', 'high'],
    ['F', 'D', 'high'],
  ]);

  it('prefers likely steps over few steps, and the fewest steps among equally likely paths', () => {
    expect(shortestPath(g, 'A', 'D')?.steps.map(s => s.to)).toEqual(['B', 'D']);
    // 0.95^3 (A>E>F>D) beats 0.7*0.95 (A>C>D) and 0.95*0.3 (A>B>D).
    expect(mostLikelyPath(g, 'A', 'D')?.steps.map(s => s.to)).toEqual([
      'E',
      'F',
      'D',
    ]);
    expect(
      mostLikelyPath(g, 'A', 'D', { minConfidence: 'high' })?.steps.map(
        s => s.to,
      ),
    ).toEqual(['E', 'F', 'D']);
    expect(mostLikelyPath(g, 'D', 'A')).toBeNull();
  });

  it('gives distinct alternatives, each avoiding the steps already shown', () => {
    const paths = diversePaths(g, 'A', 'D', 5).map(p =>
      p.steps.map(s => s.to).join(''),
    );
    expect(paths).toEqual(['EFD', 'CD', 'BD']);
  });
});
