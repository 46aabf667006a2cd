/**
 * The order candidates are measured in (issue 10: small budgets). When the
 * budget covers only some candidates, the measured ones should be those the
 * ranking (rank.ts) would put first if their bounds held (cut-bounds.ts):
 * candidates that surely cut an entry point before those that may not, and
 * among them those that break nothing first (the ranking puts a breaking fix
 * after every other, and the plan takes one only when nothing else cuts what
 * it cuts), then the most surely cut, the most crossed, the smaller impact,
 * the narrower change, the larger shortest-path share, the id. Those that
 * may not cut alone follow by shortest-path share first: they are what the
 * plan combines.
 */

import { breadthOf } from './breadth.ts';
import type { Candidate } from './enumerate.ts';
import { compareImpact, impactOf } from './impact/index.ts';
import type { ImpactContext, ImpactLevel } from './impact/index.ts';

export function measurementOrder(
  ctx: ImpactContext,
  candidates: readonly Candidate[],
): Candidate[] {
  const judged = candidates.map(candidate => ({
    candidate,
    level: impactOf(ctx, candidate.fix).level,
    breadth: breadthOf(ctx, candidate.fix),
  }));
  const surely = (c: Candidate): number => (c.sure > 0 ? 0 : 1);
  const breaks = (level: ImpactLevel): number => (level === 'breaks' ? 1 : 0);
  return judged
    .sort(
      (a, b) =>
        surely(a.candidate) - surely(b.candidate) ||
        // No edge of theirs cuts alone: the share of shortest paths they lie
        // on says best which may cut together with others (the plan's need).
        (a.candidate.sure === 0
          ? b.candidate.onPaths - a.candidate.onPaths
          : 0) ||
        breaks(a.level) - breaks(b.level) ||
        b.candidate.sure - a.candidate.sure ||
        b.candidate.crossed - a.candidate.crossed ||
        compareImpact(a.level, b.level) ||
        a.breadth.class - b.breadth.class ||
        a.breadth.amount - b.breadth.amount ||
        b.candidate.onPaths - a.candidate.onPaths ||
        (a.candidate.fix.id < b.candidate.fix.id ? -1 : 1),
    )
    .map(({ candidate }) => candidate);
}
