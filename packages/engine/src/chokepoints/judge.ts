/**
 * What each measured choke point costs and the order an expert agrees with
 * (fixes issue, points 1 and 2): every fix carries its impact
 * (`impact/`), the list is ordered by `rank.ts` (breaks last, then entry
 * points cut, impact, narrowness), and a fix that breaks a component gets
 * beside it the best measured fix that cuts some of the same entry points
 * without breaking anything.
 */

import type { Chokepoint, FixRecord } from '@chokepoint/model';
import type { RbacModel } from '../rbac/index.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';
import { breadthOf } from './breadth.ts';
import { impactOf } from './impact/index.ts';
import type { ImpactContext } from './impact/index.ts';
import { KNOWLEDGE } from './knowledge/index.ts';
import { rankChokepoints } from './rank.ts';

/** A measured choke point and the exposed entry points it alone cuts. */
export interface MeasuredChokepoint extends Chokepoint {
  readonly cut: ReadonlySet<string>;
}

export function impactContext(
  index: SnapshotIndex,
  rbac: RbacModel,
): ImpactContext {
  return { index, rbac, knowledge: KNOWLEDGE };
}

/** The fix with its impact, judged on the analysed (unfixed) input. */
export function withImpact(ctx: ImpactContext, fix: FixRecord): FixRecord {
  return { ...fix, impact: impactOf(ctx, fix) };
}

/** The choke points with impact, ranked, breaking ones with their alternative. */
export function judgeChokepoints(
  ctx: ImpactContext,
  measured: readonly MeasuredChokepoint[],
): Chokepoint[] {
  const judged = measured.map(c => {
    const fix = withImpact(ctx, c.fix);
    return {
      ...c,
      fix,
      impact: fix.impact ?? impactOf(ctx, fix),
      breadth: breadthOf(ctx, fix),
    };
  });
  return rankChokepoints(judged).map(ranked => {
    const {
      cut: _cut,
      impact: _impact,
      breadth: _breadth,
      alternative,
      ...chokepoint
    } = ranked;
    return {
      ...chokepoint,
      ...(alternative === undefined
        ? {}
        : {
            alternative: {
              fix: alternative.fix,
              entriesCut: alternative.entriesCut,
              exposedAfter: alternative.exposedAfter,
            },
          }),
    };
  });
}
