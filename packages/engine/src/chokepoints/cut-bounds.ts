/**
 * What a candidate fix can cut, bounded before it is measured (issue 10:
 * candidate order at small budgets). The measurement budget may cover only a
 * few candidates, so the ones measured first must be those that can cut the
 * most. Every path from an exposed entry point to its first critical asset
 * lies in the attack subgraph (enumerate.ts), which is small beside the
 * graph, so two searches over it per candidate give:
 *
 * - `sure`: the exposed entry points that reach no critical asset once the
 *   edges the fix takes away in every way they hold in are gone (and the
 *   identity assets whose binding it deletes are assets no more): what it
 *   cuts if it changes nothing else;
 * - `crossed`: the exposed entry points with a path through an edge the fix
 *   is named by: what it can cut at most when it takes away only such edges.
 *
 * A fix may also change facts that other edges read, and what-if derivation
 * may find a way the evidence did not record (another grant of the same
 * permission): the bounds only order the measurements, the measurement alone
 * gives the figures.
 */

import type { AttackIndex } from '../analysis/attack-index.ts';
import type { Exposure } from '../analysis/exposure.ts';
import type { AttackSubgraph } from './enumerate.ts';

/** Where a candidate comes from in the attack subgraph. */
export interface NamedBy {
  /** Attack-subgraph edge slots whose evidence names the fix. */
  readonly slots: readonly number[];
  /** Those of them it takes away in every way they hold in. */
  readonly sureSlots: readonly number[];
  /** Critical assets whose power (a GRANTS edge out of them) names the fix. */
  readonly assets: readonly number[];
}

export interface CutBounds {
  /** Exposed entry points left without a path when its edges are gone. */
  readonly sure: number;
  /** Exposed entry points with a path through one of its edges. */
  readonly crossed: number;
}

export function cutBounds(
  index: AttackIndex,
  exposure: Exposure,
  critical: readonly number[],
  subgraph: AttackSubgraph,
  candidates: readonly NamedBy[],
): CutBounds[] {
  const n = index.ids.length;
  const { slots, forward } = subgraph;
  // The subgraph's edges by target (reverse CSR): source and slot position.
  const slotPosition = new Int32Array(index.targets.length).fill(-1);
  for (const [k, s] of slots.entries()) slotPosition[s] = k;
  const source = new Int32Array(slots.length);
  for (let u = 0; u < n; u++) {
    if (forward[u] !== 1) continue;
    for (let s = index.offsets[u]!; s < index.offsets[u + 1]!; s++)
      if (slotPosition[s] !== -1) source[slotPosition[s]!] = u;
  }
  const into = new Int32Array(n + 1);
  for (const s of slots) into[index.targets[s]! + 1]!++;
  for (let v = 0; v < n; v++) into[v + 1]! += into[v]!;
  const intoSlot = new Int32Array(slots.length);
  const fill = into.slice(0, n);
  for (const [k, s] of slots.entries())
    intoSlot[fill[index.targets[s]!]!++] = k;
  const assets = critical.filter(v => forward[v] === 1);
  const isExposed = new Uint8Array(n);
  for (const e of exposure.exposed) isExposed[e] = 1;

  const seen = new Int32Array(n).fill(-1);
  const masked = new Int32Array(slots.length).fill(-1);
  const queue = new Int32Array(n);
  /** Exposed entry points reaching `starts` backwards over unmasked subgraph edges. */
  const reaching = (starts: Iterable<number>, stamp: number): number => {
    let tail = 0;
    let count = 0;
    for (const v of starts) {
      if (seen[v] === stamp) continue;
      seen[v] = stamp;
      queue[tail++] = v;
    }
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      count += isExposed[v]!;
      for (let r = into[v]!; r < into[v + 1]!; r++) {
        const k = intoSlot[r]!;
        if (masked[k] === stamp) continue;
        const u = source[k]!;
        if (seen[u] === stamp) continue;
        seen[u] = stamp;
        queue[tail++] = u;
      }
    }
    return count;
  };

  const exposed = exposure.exposed.length;
  return candidates.map((candidate, i) => {
    const stamp = 2 * i;
    for (const s of candidate.sureSlots) masked[slotPosition[s]!] = stamp;
    const lost = new Set(candidate.assets);
    const sure =
      exposed -
      reaching(
        assets.filter(v => !lost.has(v)),
        stamp,
      );
    const crossed = reaching(
      [
        ...candidate.slots.map(s => source[slotPosition[s]!]!),
        ...candidate.assets,
      ],
      stamp + 1,
    );
    return { sure, crossed };
  });
}
