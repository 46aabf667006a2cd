/**
 * Reachability kernel over the AttackIndex (algorithms.md 4.1, 4.2): one
 * reverse multi-source BFS from every critical asset gives each node its
 * distance to the nearest one and the next hop on a shortest path there.
 * Never a search per (entry, target) pair.
 */

import type { AttackIndex } from './attack-index.ts';

export interface DistanceToCritical {
  /** Hops to the nearest critical asset; -1 when none is reachable. */
  readonly distance: Int32Array;
  /** Forward edge slot of the first step of a shortest path; -1 at a target or when unreachable. */
  readonly nextEdge: Int32Array;
}

/** @param critical node indexes of the critical assets */
export function distanceToCritical(
  index: AttackIndex,
  critical: readonly number[],
): DistanceToCritical {
  const n = index.ids.length;
  const distance = new Int32Array(n).fill(-1);
  const nextEdge = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (const target of critical) {
    if (distance[target] !== -1) continue;
    distance[target] = 0;
    queue[tail++] = target;
  }
  const { reverseOffsets, sources, reverseEdge } = index;
  while (head < tail) {
    const v = queue[head++]!;
    const next = distance[v]! + 1;
    for (let r = reverseOffsets[v]!; r < reverseOffsets[v + 1]!; r++) {
      const u = sources[r]!;
      if (distance[u] !== -1) continue;
      distance[u] = next;
      nextEdge[u] = reverseEdge[r]!;
      queue[tail++] = u;
    }
  }
  return { distance, nextEdge };
}

/**
 * The forward edge slots of the shortest path from `start`, following next
 * hops; of parallel edges (same two nodes) the first in the forward CSR: the
 * most confident, then the clearest technique (attack-index.ts).
 */
export function pathSlots(
  index: AttackIndex,
  reach: DistanceToCritical,
  start: number,
): number[] {
  const slots: number[] = [];
  let node = start;
  while (reach.distance[node]! > 0) {
    const next = index.targets[reach.nextEdge[node]!]!;
    let slot = index.offsets[node]!;
    while (index.targets[slot] !== next) slot++;
    slots.push(slot);
    node = next;
  }
  return slots;
}

/** Whether each node is reachable from any of `starts`: one forward multi-source BFS. */
export function reachableFrom(
  index: AttackIndex,
  starts: readonly number[],
): Uint8Array {
  const reached = new Uint8Array(index.ids.length);
  const queue = new Int32Array(index.ids.length);
  let head = 0;
  let tail = 0;
  for (const start of starts) {
    if (reached[start] === 1) continue;
    reached[start] = 1;
    queue[tail++] = start;
  }
  while (head < tail) {
    const u = queue[head++]!;
    for (let e = index.offsets[u]!; e < index.offsets[u + 1]!; e++) {
      const v = index.targets[e]!;
      if (reached[v] === 1) continue;
      reached[v] = 1;
      queue[tail++] = v;
    }
  }
  return reached;
}
