import type { FixImpact } from './analysis.ts';

/**
 * How the report and the viewer introduce the alternative to a fix that
 * breaks a component. The alternative breaks nothing, but may degrade a
 * component; "breaking nothing" alone would hide that.
 */
export function alternativeLead(impact: FixImpact | undefined): string {
  if (impact?.level !== 'degrades') return 'breaking nothing instead';
  return `instead, breaking nothing but degrading ${impact.component ?? 'a component'}`;
}
