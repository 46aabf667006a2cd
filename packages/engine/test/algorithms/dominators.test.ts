import { describe, expect, it } from 'vitest';
import { seededRandom } from '@chokepoint/collector';
import {
  dominatedWeight,
  dominatorTree,
} from '../../src/algorithms/dominators.ts';
import type { Digraph } from '../../src/algorithms/dominators.ts';

function csr(
  n: number,
  edges: readonly (readonly [number, number])[],
): Digraph {
  const offsets = new Int32Array(n + 1);
  for (const [u] of edges) offsets[u + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const targets = new Int32Array(edges.length);
  const fill = offsets.slice(0, n);
  for (const [u, v] of edges) targets[fill[u]!++] = v;
  return { offsets, targets };
}

/** Random digraphs with cycles, parallel edges and self-loops, as attack graphs have. */
function generated(seed: number): { n: number; edges: [number, number][] } {
  const next = seededRandom(seed);
  const n = 2 + Math.floor(next() * 30);
  const m = Math.floor(next() * n * 3);
  const edges: [number, number][] = [];
  for (let e = 0; e < m; e++) {
    // Mostly forward edges (layers), some back edges (cycles).
    const u = Math.floor(next() * n);
    const v =
      next() < 0.75
        ? Math.min(n - 1, u + 1 + Math.floor(next() * 4))
        : Math.floor(next() * n);
    edges.push([u, v]);
  }
  return { n, edges };
}

function reachable(
  n: number,
  edges: readonly (readonly [number, number])[],
  root: number,
  removed: number,
): boolean[] {
  const seen = new Array<boolean>(n).fill(false);
  if (root === removed) return seen;
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const [u, v] of edges) out[u]!.push(v);
  const queue = [root];
  seen[root] = true;
  while (queue.length > 0) {
    const u = queue.shift()!;
    for (const v of out[u]!) {
      if (v === removed || seen[v]) continue;
      seen[v] = true;
      queue.push(v);
    }
  }
  return seen;
}

/** The oracle: d dominates v iff removing d makes v unreachable (or d is v). */
function bruteForceDominators(
  n: number,
  edges: readonly (readonly [number, number])[],
  root: number,
): (Set<number> | undefined)[] {
  const base = reachable(n, edges, root, -1);
  const doms: (Set<number> | undefined)[] = base.map((r, v) =>
    r ? new Set([v]) : undefined,
  );
  for (let d = 0; d < n; d++) {
    if (!base[d]) continue;
    const without = reachable(n, edges, root, d);
    for (let v = 0; v < n; v++) if (base[v] && !without[v]) doms[v]!.add(d);
  }
  return doms;
}

function dominatorsFromTree(idom: Int32Array, v: number): Set<number> {
  const set = new Set([v]);
  let x = v;
  while (idom[x] !== x) {
    x = idom[x]!;
    set.add(x);
  }
  return set;
}

describe('dominator tree (Cooper-Harvey-Kennedy) against removing each node and testing reachability', () => {
  it('agrees on the dominators of every node of 300 generated graphs', () => {
    let compared = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { n, edges } = generated(seed);
      const root = seed % n;
      const tree = dominatorTree(csr(n, edges), root);
      const oracle = bruteForceDominators(n, edges, root);
      for (let v = 0; v < n; v++) {
        const expected = oracle[v];
        if (expected === undefined) {
          expect(tree.idom[v], `seed ${String(seed)} node ${String(v)}`).toBe(
            -1,
          );
          continue;
        }
        expect(
          [...dominatorsFromTree(tree.idom, v)].sort((a, b) => a - b),
          `seed ${String(seed)} node ${String(v)}`,
        ).toEqual([...expected].sort((a, b) => a - b));
        compared++;
      }
      // Every reached node comes after its immediate dominator.
      const at = new Map([...tree.order].map((v, i) => [v, i]));
      for (const v of tree.order)
        if (v !== root) expect(at.get(tree.idom[v]!)!).toBeLessThan(at.get(v)!);
    }
    expect(compared).toBeGreaterThan(1500);
  });

  it('finds the one must-pass node of a diamond behind a funnel', () => {
    // 0 -> {1,2} -> 3 -> {4,5} -> 6, and 4 -> 3 (a cycle).
    const edges: [number, number][] = [
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 3],
      [3, 4],
      [3, 5],
      [4, 6],
      [5, 6],
      [4, 3],
    ];
    const tree = dominatorTree(csr(8, edges), 0);
    expect([...tree.idom]).toEqual([0, 0, 0, 0, 3, 3, 3, -1]);
  });

  it('sums a weight over each subtree: what removing a node cuts off', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { n, edges } = generated(seed);
      const weight = Array.from({ length: n }, (_, i) => (i * 7 + seed) % 3);
      const sums = dominatedWeight(dominatorTree(csr(n, edges), 0), weight);
      const base = reachable(n, edges, 0, -1);
      for (let d = 0; d < n; d++) {
        const without = reachable(n, edges, 0, d);
        let expected = 0;
        for (let v = 0; v < n; v++)
          if (base[v] && !without[v]) expected += weight[v]!;
        expect(sums[d], `seed ${String(seed)} node ${String(d)}`).toBe(
          expected,
        );
      }
    }
  });
});
