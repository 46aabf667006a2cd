/**
 * The AttackIndex (algorithms.md section 3): the traversable edges of the
 * attack graph compiled once into forward and reverse CSR typed arrays, so
 * reachability and shortest paths over a million edges take milliseconds
 * instead of the seconds graphology's object graph needs. Edges below the
 * confidence floor (policy `minConfidence`, catalog 3.0) are left out.
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type { AttackGraph, Confidence } from '@chokepoint/model';

export interface AttackIndex {
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Forward CSR: out-edges of node i are `targets[offsets[i] .. offsets[i+1])`. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** Graph edge keys, parallel to `targets`. */
  readonly edgeKeys: readonly string[];
  /** Reverse CSR of the same edges. */
  readonly reverseOffsets: Int32Array;
  readonly sources: Int32Array;
  /** Position in the forward arrays of each reverse entry. */
  readonly reverseEdge: Int32Array;
}

export function compileAttackIndex(
  graph: AttackGraph,
  minConfidence: Confidence = 'low',
): AttackIndex {
  const floor = CONFIDENCE_ORDER.indexOf(minConfidence);
  const ids = graph.nodes();
  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => indexOf.set(id, i));
  const n = ids.length;
  const from: number[] = [];
  const to: number[] = [];
  const keys: string[] = [];
  graph.forEachEdge((key, attributes, source, target) => {
    if (
      !attributes.traversable ||
      CONFIDENCE_ORDER.indexOf(attributes.confidence) < floor
    )
      return;
    from.push(indexOf.get(source) ?? -1);
    to.push(indexOf.get(target) ?? -1);
    keys.push(key);
  });
  const m = from.length;
  const offsets = new Int32Array(n + 1);
  const reverseOffsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    offsets[(from[e] ?? 0) + 1]!++;
    reverseOffsets[(to[e] ?? 0) + 1]!++;
  }
  for (let i = 0; i < n; i++) {
    offsets[i + 1]! += offsets[i]!;
    reverseOffsets[i + 1]! += reverseOffsets[i]!;
  }
  const targets = new Int32Array(m);
  const edgeKeys = new Array<string>(m);
  const sources = new Int32Array(m);
  const reverseEdge = new Int32Array(m);
  const fill = offsets.slice(0, n);
  const reverseFill = reverseOffsets.slice(0, n);
  for (let e = 0; e < m; e++) {
    const u = from[e] ?? 0;
    const v = to[e] ?? 0;
    const slot = fill[u]!++;
    targets[slot] = v;
    edgeKeys[slot] = keys[e] ?? '';
    const reverseSlot = reverseFill[v]!++;
    sources[reverseSlot] = u;
    reverseEdge[reverseSlot] = slot;
  }
  return {
    ids,
    indexOf,
    offsets,
    targets,
    edgeKeys,
    reverseOffsets,
    sources,
    reverseEdge,
  };
}
