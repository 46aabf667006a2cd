/**
 * Reachability kernel over the AttackIndex (algorithms.md 4.1, 4.2): one
 * reverse multi-source BFS from every critical asset gives each node its
 * distance to the nearest one and the next hop on a shortest path there.
 * Never a search per (entry, target) pair.
 */

import type { AttackIndex } from './attack-index.ts';

/**
 * The graph after a what-if, over the analysed graph's index with nothing of
 * the index copied (algorithms.md 4.7): its forward slots that went or
 * changed are masked, the edges that came or changed are extra edges, and
 * the nodes it lacks are numbered after its own.
 */
export interface IndexOverlay {
  /** How many nodes: the index's, then those it lacks. */
  readonly size: number;
  /** Forward slots of the index that are not edges after (or changed). */
  readonly masked: Uint8Array;
  /** Ends of the extra edges, by edge number. */
  readonly extraFrom: readonly number[];
  readonly extraTo: readonly number[];
}

/** The overlay's extra edges by one end (`ends`): the other ends (`others`). */
function extraEdgesBy(
  ends: readonly number[] | undefined,
  others: readonly number[] | undefined,
): Map<number, number[]> {
  const by = new Map<number, number[]>();
  ends?.forEach((end, e) => {
    const other = others?.[e] ?? 0;
    const list = by.get(end);
    if (list === undefined) by.set(end, [other]);
    else list.push(other);
  });
  return by;
}

export interface DistanceToCritical {
  /** Hops to the nearest critical asset; -1 when none is reachable. */
  readonly distance: Int32Array;
  /** The next node on a shortest path there; -1 at a target or when unreachable. */
  readonly nextNode: Int32Array;
}

/**
 * The reverse multi-source BFS from the critical assets.
 * @param critical node indexes of the critical assets (numbers of the
 * overlay when there is one)
 * @param overlay the graph after a what-if: masked slots are skipped,
 * extra edges followed too
 */
export function distanceToCritical(
  index: AttackIndex,
  critical: readonly number[],
  overlay?: IndexOverlay,
): DistanceToCritical {
  const baseN = index.ids.length;
  const n = overlay?.size ?? baseN;
  const masked = overlay?.masked;
  const extraIn = extraEdgesBy(overlay?.extraTo, overlay?.extraFrom);
  const distance = new Int32Array(n).fill(-1);
  const nextNode = new Int32Array(n).fill(-1);
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
    const v = queue[head++] ?? 0;
    const next = (distance[v] ?? 0) + 1;
    if (v < baseN) {
      for (
        let r = reverseOffsets[v] ?? 0;
        r < (reverseOffsets[v + 1] ?? 0);
        r++
      ) {
        if (masked?.[reverseEdge[r] ?? 0] === 1) continue;
        const u = sources[r] ?? 0;
        if (distance[u] !== -1) continue;
        distance[u] = next;
        nextNode[u] = v;
        queue[tail++] = u;
      }
    }
    if (extraIn.size === 0) continue;
    for (const u of extraIn.get(v) ?? []) {
      if (distance[u] !== -1) continue;
      distance[u] = next;
      nextNode[u] = v;
      queue[tail++] = u;
    }
  }
  return { distance, nextNode };
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
    const next = reach.nextNode[node]!;
    let slot = index.offsets[node]!;
    while (index.targets[slot] !== next) slot++;
    slots.push(slot);
    node = next;
  }
  return slots;
}

/**
 * Whether each node is reachable from any of `starts`: one forward
 * multi-source BFS (over the graph after a what-if with `overlay`).
 */
export function reachableFrom(
  index: AttackIndex,
  starts: readonly number[],
  overlay?: IndexOverlay,
): Uint8Array {
  const baseN = index.ids.length;
  const n = overlay?.size ?? baseN;
  const masked = overlay?.masked;
  const extraOut = extraEdgesBy(overlay?.extraFrom, overlay?.extraTo);
  const reached = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (const start of starts) {
    if (reached[start] === 1) continue;
    reached[start] = 1;
    queue[tail++] = start;
  }
  while (head < tail) {
    const u = queue[head++]!;
    if (u < baseN)
      for (let e = index.offsets[u]!; e < index.offsets[u + 1]!; e++) {
        if (masked?.[e] === 1) continue;
        const v = index.targets[e]!;
        if (reached[v] === 1) continue;
        reached[v] = 1;
        queue[tail++] = v;
      }
    if (extraOut.size === 0) continue;
    for (const v of extraOut.get(u) ?? []) {
      if (reached[v] === 1) continue;
      reached[v] = 1;
      queue[tail++] = v;
    }
  }
  return reached;
}
