/**
 * Convergence (cli-contract `convergence`, algorithms.md 1 and 4.3): the
 * nodes that every attack path of several exposed entry points must cross.
 *
 * One dominator tree answers it for all entry points at once: on the
 * attack subgraph (nodes reachable from an exposed entry point that reach a
 * critical asset), reversed, rooted at a virtual sink behind every critical
 * asset, d dominates entry point e exactly when every path from e to any
 * critical asset crosses d (d post-dominates e). The exposed entry points in
 * d's subtree are those d alone cuts off. Critical assets themselves (where
 * paths end) and the graph's helper nodes (Scope, PermissionSet) are left
 * out; an entry point does not count towards itself.
 */

import type { ConvergencePoint } from '@chokepoint/model';
import type { AttackIndex } from '../analysis/attack-index.ts';
import { dominatedWeight, dominatorTree } from '../algorithms/dominators.ts';

/** How many points the report lists. */
export const CONVERGENCE_LIMIT = 20;

const HELPER_PREFIXES = ['Scope:', 'PermissionSet:'];

function forwardReach(index: AttackIndex, from: readonly number[]): Uint8Array {
  const n = index.ids.length;
  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (const v of from) {
    if (seen[v] === 1) continue;
    seen[v] = 1;
    queue[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const u = queue[head]!;
    for (let e = index.offsets[u]!; e < index.offsets[u + 1]!; e++) {
      const v = index.targets[e]!;
      if (seen[v] === 1) continue;
      seen[v] = 1;
      queue[tail++] = v;
    }
  }
  return seen;
}

/** Hops to the nearest critical asset along the edges (-1: none reachable). */
function hopsToCritical(
  index: AttackIndex,
  critical: readonly number[],
): Int32Array {
  const n = index.ids.length;
  const distance = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let tail = 0;
  for (const v of critical) {
    if (distance[v] !== -1) continue;
    distance[v] = 0;
    queue[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    for (
      let r = index.reverseOffsets[v]!;
      r < index.reverseOffsets[v + 1]!;
      r++
    ) {
      const u = index.sources[r]!;
      if (distance[u] !== -1) continue;
      distance[u] = distance[v]! + 1;
      queue[tail++] = u;
    }
  }
  return distance;
}

/**
 * @param exposed node indexes of the exposed entry points
 * @param critical node indexes of the critical assets
 * @returns the points crossed by every path of the most exposed entry
 *   points, most first (then nearest a critical asset, then by id), at most `limit`
 */
export function convergencePoints(
  index: AttackIndex,
  exposed: readonly number[],
  critical: readonly number[],
  limit = CONVERGENCE_LIMIT,
): ConvergencePoint[] {
  if (exposed.length === 0) return [];
  const fromEntries = forwardReach(index, exposed);
  const distance = hopsToCritical(index, critical);
  // The attack subgraph, numbered locally; the sink comes last.
  const n = index.ids.length;
  const local = new Int32Array(n).fill(-1);
  const nodes: number[] = [];
  for (let v = 0; v < n; v++) {
    if (fromEntries[v] === 1 && distance[v]! >= 0) {
      local[v] = nodes.length;
      nodes.push(v);
    }
  }
  const sink = nodes.length;
  const isCritical = new Uint8Array(n);
  for (const v of critical) isCritical[v] = 1;
  // Reversed edges: from each node to its predecessors, and from the sink to the critical assets.
  const offsets = new Int32Array(sink + 2);
  const targets: number[] = [];
  for (const [i, v] of nodes.entries()) {
    offsets[i] = targets.length;
    for (
      let r = index.reverseOffsets[v]!;
      r < index.reverseOffsets[v + 1]!;
      r++
    ) {
      const u = local[index.sources[r]!]!;
      if (u !== -1) targets.push(u);
    }
  }
  offsets[sink] = targets.length;
  for (const [i, v] of nodes.entries())
    if (isCritical[v] === 1) targets.push(i);
  offsets[sink + 1] = targets.length;

  const tree = dominatorTree(
    { offsets, targets: Int32Array.from(targets) },
    sink,
  );
  const weight = new Uint8Array(sink + 1);
  for (const e of exposed) if (local[e] !== -1) weight[local[e]!] = 1;
  const cut = dominatedWeight(tree, weight);

  const points: { node: string; entries: number; hops: number }[] = [];
  for (const [i, v] of nodes.entries()) {
    const entries = cut[i]! - weight[i]!;
    if (entries < 1 || isCritical[v] === 1) continue;
    const node = index.ids[v] ?? '';
    if (HELPER_PREFIXES.some(prefix => node.startsWith(prefix))) continue;
    points.push({ node, entries, hops: distance[v]! });
  }
  return points
    .sort(
      (a, b) =>
        b.entries - a.entries || a.hops - b.hops || (a.node < b.node ? -1 : 1),
    )
    .slice(0, limit)
    .map(({ node, entries }) => ({ node, entries }));
}
