/**
 * What a fix costs (cli-contract v1.1 `fix.impact`): `breaks` when a
 * component stops doing its job, `degrades` when part of it, or someone's
 * access, goes away, `none` when nothing in the cluster or the knowledge
 * base uses what the fix removes. `component` names what stops working: a
 * knowledge-base component id, or the object id of the workload or subject.
 */

import type { FixImpact } from '@chokepoint/model';

export type Impact = FixImpact;
export type ImpactLevel = FixImpact['level'];

const RANK: Readonly<Record<ImpactLevel, number>> = {
  none: 0,
  degrades: 1,
  breaks: 2,
};

export function compareImpact(a: ImpactLevel, b: ImpactLevel): number {
  return RANK[a] - RANK[b];
}

/**
 * The worst of several verdicts: its reason, followed by the other reasons
 * of the same level (at most `keep` in all), so a person sees every
 * component a fix breaks.
 */
export function worstOf(
  verdicts: readonly Impact[],
  otherwise: Impact,
  keep = 3,
): Impact {
  if (verdicts.length === 0) return otherwise;
  let level: ImpactLevel = 'none';
  for (const v of verdicts) if (RANK[v.level] > RANK[level]) level = v.level;
  const top = verdicts.filter(v => v.level === level);
  const reasons = [...new Set(top.map(v => v.reason))];
  const shown = reasons.slice(0, keep);
  const more = reasons.length - shown.length;
  const first = top[0];
  return {
    level,
    ...(first?.component === undefined || level === 'none'
      ? {}
      : { component: first.component }),
    reason: `${shown.join('; ')}${more > 0 ? `; and ${String(more)} more` : ''}`,
  };
}
