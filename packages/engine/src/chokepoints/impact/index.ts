/** The impact of fixes (fixes issue, point 1): see docs/fixes.md. */

export { impactOf } from './impact-of.ts';
export type { FixChange } from './impact-of.ts';
export { compareImpact, worstOf } from './impact.ts';
export type { Impact, ImpactLevel } from './impact.ts';
export type { ImpactContext } from './context.ts';
