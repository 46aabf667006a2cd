/**
 * The order of choke points a security engineer agrees with (fixes issue,
 * point 2): a fix that breaks a component comes after every fix that does
 * not, whatever it cuts, because nobody applies it as offered; then more
 * entry points cut first, and fewer left exposed (a fix may expose others); then breaks-nothing before degrades; then the
 * narrower change; then the share of shortest paths it lies on. Each fix
 * that breaks a component gets, beside it, the best fix that cuts some of
 * the same entry points without breaking anything: the narrower alternative.
 */

import type { Breadth } from './breadth.ts';
import { compareImpact } from './impact/impact.ts';
import type { Impact } from './impact/impact.ts';

export interface RankInput {
  readonly fix: { readonly id: string };
  readonly entriesCut: number;
  /** Exposed entry points left: a fix that cuts some may expose others. */
  readonly exposedAfter: number;
  readonly pathShare: number;
  readonly impact: Impact;
  readonly breadth: Breadth;
  /** The exposed entry points this fix alone leaves without a path. */
  readonly cut: ReadonlySet<string>;
}

function breaks(c: RankInput): number {
  return c.impact.level === 'breaks' ? 1 : 0;
}

export function compareChokepoints(a: RankInput, b: RankInput): number {
  return (
    breaks(a) - breaks(b) ||
    b.entriesCut - a.entriesCut ||
    a.exposedAfter - b.exposedAfter ||
    compareImpact(a.impact.level, b.impact.level) ||
    a.breadth.class - b.breadth.class ||
    a.breadth.amount - b.breadth.amount ||
    b.pathShare - a.pathShare ||
    (a.fix.id < b.fix.id ? -1 : a.fix.id > b.fix.id ? 1 : 0)
  );
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const id of a) if (b.has(id)) n++;
  return n;
}

/**
 * The fix to offer instead of one that breaks a component: it breaks
 * nothing and cuts the most of the same entry points, then the usual order.
 */
export function alternativeTo<T extends RankInput>(
  broken: T,
  candidates: readonly T[],
): T | undefined {
  let best: { c: T; shared: number } | undefined;
  for (const c of candidates) {
    if (c === broken || c.impact.level === 'breaks') continue;
    const shared = overlap(broken.cut, c.cut);
    if (shared === 0) continue;
    if (
      best === undefined ||
      shared > best.shared ||
      (shared === best.shared && compareChokepoints(c, best.c) < 0)
    )
      best = { c, shared };
  }
  return best?.c;
}

export function rankChokepoints<T extends RankInput>(
  measured: readonly T[],
): (T & { readonly rank: number; readonly alternative?: T })[] {
  return [...measured].sort(compareChokepoints).map((c, i) => {
    const alternative =
      c.impact.level === 'breaks' ? alternativeTo(c, measured) : undefined;
    return {
      ...c,
      rank: i + 1,
      ...(alternative === undefined ? {} : { alternative }),
    };
  });
}
