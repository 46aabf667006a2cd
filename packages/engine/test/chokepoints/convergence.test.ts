import { describe, expect, it } from 'vitest';
import { seededRandom } from '@chokepoint/collector';
import type { AttackIndex } from '../../src/analysis/attack-index.ts';
import { convergencePoints } from '../../src/chokepoints/convergence.ts';

/** An AttackIndex over plain (from, to) pairs, compiled the way compileAttackIndex lays it out. */
function indexOf(
  ids: readonly string[],
  edges: readonly (readonly [number, number])[],
): AttackIndex {
  const n = ids.length;
  const m = edges.length;
  const offsets = new Int32Array(n + 1);
  const reverseOffsets = new Int32Array(n + 1);
  for (const [u, v] of edges) {
    offsets[u + 1]!++;
    reverseOffsets[v + 1]!++;
  }
  for (let i = 0; i < n; i++) {
    offsets[i + 1]! += offsets[i]!;
    reverseOffsets[i + 1]! += reverseOffsets[i]!;
  }
  const targets = new Int32Array(m);
  const sources = new Int32Array(m);
  const reverseEdge = new Int32Array(m);
  const fill = offsets.slice(0, n);
  const reverseFill = reverseOffsets.slice(0, n);
  for (const [u, v] of edges) {
    const slot = fill[u]!++;
    targets[slot] = v;
    const r = reverseFill[v]!++;
    sources[r] = u;
    reverseEdge[r] = slot;
  }
  return {
    ids,
    indexOf: new Map(ids.map((id, i) => [id, i])),
    offsets,
    targets,
    edgeKeys: edges.map((_, i) => `e${String(i)}`),
    reverseOffsets,
    sources,
    reverseEdge,
  };
}

/** Entry points with a path to a critical asset when `removed` is taken out of the graph. */
function exposedWithout(
  n: number,
  edges: readonly (readonly [number, number])[],
  entries: readonly number[],
  critical: readonly number[],
  removed: number,
): Set<number> {
  const into: number[][] = Array.from({ length: n }, () => []);
  for (const [u, v] of edges) into[v]!.push(u);
  const seen = new Array<boolean>(n).fill(false);
  const queue: number[] = [];
  for (const c of critical) {
    if (c === removed || seen[c]) continue;
    seen[c] = true;
    queue.push(c);
  }
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const u of into[v]!) {
      if (u === removed || seen[u]) continue;
      seen[u] = true;
      queue.push(u);
    }
  }
  const criticalSet = new Set(critical);
  return new Set(entries.filter(e => seen[e] && !criticalSet.has(e)));
}

describe('convergence points against removing each node and recomputing exposure', () => {
  it('counts, for every node, the exposed entry points it alone cuts off (400 generated graphs)', () => {
    let checked = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const next = seededRandom(seed);
      const n = 4 + Math.floor(next() * 26);
      const ids = Array.from({ length: n }, (_, i) =>
        i % 7 === 3 ? `PermissionSet:${String(i)}` : `Node:${String(i)}`,
      );
      const edges: [number, number][] = [];
      const m = Math.floor(next() * n * 2.5);
      for (let e = 0; e < m; e++) {
        const u = Math.floor(next() * n);
        const v =
          next() < 0.8
            ? Math.min(n - 1, u + 1 + Math.floor(next() * 3))
            : Math.floor(next() * n);
        edges.push([u, v]);
      }
      const entries = ids.map((_, i) => i).filter(() => next() < 0.35);
      const critical = ids
        .map((_, i) => i)
        .filter(i => i >= n - 2 || next() < 0.05);
      const exposed = [...exposedWithout(n, edges, entries, critical, -1)];
      const points = convergencePoints(
        indexOf(ids, edges),
        exposed,
        critical,
        Infinity,
      );
      const reported = new Map(points.map(p => [p.node, p.entries]));
      for (let d = 0; d < n; d++) {
        const id = ids[d]!;
        if (critical.includes(d) || id.startsWith('PermissionSet:')) {
          expect(reported.has(id)).toBe(false);
          continue;
        }
        const after = exposedWithout(n, edges, entries, critical, d);
        const cut = exposed.filter(e => e !== d && !after.has(e)).length;
        expect(reported.get(id) ?? 0, `seed ${String(seed)} ${id}`).toBe(cut);
        if (cut > 0) checked++;
      }
      // Most first.
      for (let i = 1; i < points.length; i++)
        expect(points[i - 1]!.entries).toBeGreaterThanOrEqual(
          points[i]!.entries,
        );
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('names the funnel every entry point crosses, nearest the asset first', () => {
    // Three containers reach the same ServiceAccount, whose binding leads to the asset.
    const ids = [
      'Container:a',
      'Container:b',
      'Container:c',
      'ServiceAccount:ns/sa',
      'PermissionSet:sa',
      'RoleInScope:admin@cluster',
      'Group:system:masters',
      'Container:lone',
    ];
    const edges: [number, number][] = [
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
      [7, 6],
    ];
    const points = convergencePoints(indexOf(ids, edges), [0, 1, 2, 7], [6]);
    expect(points).toEqual([
      { node: 'RoleInScope:admin@cluster', entries: 3 },
      { node: 'ServiceAccount:ns/sa', entries: 3 },
    ]);
  });
});
