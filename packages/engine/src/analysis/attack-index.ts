/**
 * The AttackIndex (algorithms.md section 3): the traversable edges of the
 * attack graph compiled once into forward and reverse CSR typed arrays, so
 * reachability and shortest paths over a million edges take milliseconds
 * instead of the seconds graphology's object graph needs. Edges below the
 * confidence floor (policy `minConfidence`, catalog 3.0) are left out.
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type { AnyEdgeKind, AttackGraph, Confidence } from '@chokepoint/model';

/**
 * Between the same two nodes, the techniques in the order a reader grasps
 * them (issue #17, point 8): a privileged container mounting the host disk
 * before `open_by_handle_at` through DAC_READ_SEARCH. Kinds not listed come
 * after, in the graph's order.
 */
export const CLEAREST_FIRST: readonly AnyEdgeKind[] = [
  'CE_PRIV_MOUNT',
  'CE_NSENTER',
  'EXPLOIT_CONTAINERD_SOCK',
  'EXPLOIT_HOST_WRITE',
  'EXPLOIT_HOST_READ',
  'CE_SYS_PTRACE',
  'CE_MODULE_LOAD',
  'CE_CGROUP_RELEASE_AGENT',
  'CE_UMH_CORE_PATTERN',
  'CE_VAR_LOG_SYMLINK',
  'CE_HOST_FD',
];
const CLARITY = new Map<string, number>(
  CLEAREST_FIRST.map((kind, i) => [kind, i]),
);
const CLARITY_LEVELS = CLEAREST_FIRST.length + 1;
const TOP = CONFIDENCE_ORDER.length - 1;
const RANK_LEVELS = (TOP + 1) * CLARITY_LEVELS;

/**
 * The order of parallel edges (the same two nodes): the most confident
 * first, then the clearest technique. Lower ranks come first.
 */
export function edgeRank(kind: AnyEdgeKind, confidence: Confidence): number {
  return (
    (TOP - CONFIDENCE_ORDER.indexOf(confidence)) * CLARITY_LEVELS +
    (CLARITY.get(kind) ?? CLEAREST_FIRST.length)
  );
}

/** Edge positions sorted by rank: a stable counting sort on small ranks. */
function byRank(ranks: readonly number[], levels: number): number[] {
  const start = new Array<number>(levels + 1).fill(0);
  for (const rank of ranks) start[rank + 1]!++;
  for (let level = 0; level < levels; level++)
    start[level + 1]! += start[level]!;
  const order = new Array<number>(ranks.length);
  ranks.forEach((rank, e) => {
    order[start[rank]!++] = e;
  });
  return order;
}

export interface AttackIndex {
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  /**
   * Forward CSR: out-edges of node i are `targets[offsets[i] .. offsets[i+1])`,
   * the most confident, then the clearest technique (CLEAREST_FIRST), first.
   */
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
  const ranks: number[] = [];
  graph.forEachEdge((key, attributes, source, target) => {
    const confidence = CONFIDENCE_ORDER.indexOf(attributes.confidence);
    if (!attributes.traversable || confidence < floor) return;
    from.push(indexOf.get(source) ?? -1);
    to.push(indexOf.get(target) ?? -1);
    keys.push(key);
    ranks.push(edgeRank(attributes.kind, attributes.confidence));
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
  // Forward slots in rank order, so a path takes the first of parallel
  // edges (reach.ts pathSlots); reverse entries in the graph's order, so
  // the search's tie-breaks between different nodes stay as they were.
  const slotOf = new Int32Array(m);
  for (const e of byRank(ranks, RANK_LEVELS)) {
    const u = from[e] ?? 0;
    const slot = fill[u]!++;
    slotOf[e] = slot;
    targets[slot] = to[e] ?? 0;
    edgeKeys[slot] = keys[e] ?? '';
  }
  for (let e = 0; e < m; e++) {
    const v = to[e] ?? 0;
    const reverseSlot = reverseFill[v]!++;
    sources[reverseSlot] = from[e] ?? 0;
    reverseEdge[reverseSlot] = slotOf[e]!;
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
