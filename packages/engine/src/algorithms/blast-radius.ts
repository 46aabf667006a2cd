/**
 * Blast radius and its reverse (analysis issue, point 2): every node an
 * attacker holding `start` can reach, or every node that can reach a given
 * asset, with its distance in edges. One breadth-first search over the
 * AttackIndex (algorithms.md 4.1), at or above the confidence floor.
 */

import type { AttackGraph, Confidence } from '@chokepoint/model';
import { compileAttackIndex } from '../analysis/attack-index.ts';
import type { AttackIndex } from '../analysis/attack-index.ts';

export interface Reached {
  readonly id: string;
  readonly kind: string;
  readonly distance: number;
}

export function reachFrom(
  graph: AttackGraph,
  start: string,
  direction: 'forward' | 'reverse',
  minConfidence: Confidence = 'low',
): Reached[] {
  return reachInIndex(
    compileAttackIndex(graph, minConfidence),
    graph,
    start,
    direction,
  );
}

/** The same search over an AttackIndex already compiled (the analysis keeps one). */
export function reachInIndex(
  index: AttackIndex,
  graph: AttackGraph,
  start: string,
  direction: 'forward' | 'reverse',
): Reached[] {
  const origin = index.indexOf.get(start);
  if (origin === undefined) return [];
  const [offsets, neighbours] =
    direction === 'forward'
      ? [index.offsets, index.targets]
      : [index.reverseOffsets, index.sources];
  const distance = new Int32Array(index.ids.length).fill(-1);
  const queue = new Int32Array(index.ids.length);
  let head = 0;
  let tail = 0;
  distance[origin] = 0;
  queue[tail++] = origin;
  while (head < tail) {
    const node = queue[head++] ?? 0;
    const end = offsets[node + 1] ?? 0;
    for (let e = offsets[node] ?? 0; e < end; e++) {
      const next = neighbours[e] ?? 0;
      if (distance[next] !== -1) continue;
      distance[next] = (distance[node] ?? 0) + 1;
      queue[tail++] = next;
    }
  }
  const out: Reached[] = [];
  for (let i = 0; i < tail; i++) {
    const node = queue[i] ?? 0;
    const id = index.ids[node] ?? '';
    if (node === origin) continue;
    out.push({
      id,
      kind: graph.getNodeAttribute(id, 'kind'),
      distance: distance[node] ?? 0,
    });
  }
  return out;
}
