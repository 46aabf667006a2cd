/**
 * The analysis after a what-if as the viewer's server answers it, with no
 * rerun: the kept full analysis's result with the entry points, critical
 * assets, exposure figures, node and edge counts and one shortest path per exposed
 * entry point after the fixes (the engine's `pathsAfter`, measured
 * incrementally in the full worker). The fixes are made, so no choke points
 * and no plan are left; the checklist findings and convergence are not
 * recomputed for a what-if (a note says so; the findings of the analysed
 * input are the findings route's).
 */

import { entryClass } from '@chokepoint/engine';
import type { AnalysisResult, EntryClass } from '@chokepoint/engine';
import type { ExposureAfter } from './analysis-worker.ts';

export const WHAT_IF_NOTE =
  'A what-if measured from the analysis without a rerun: entry points, critical assets, exposure, paths and the node and edge counts are after the fixes; findings and convergence are not recomputed.';

/** Exposed entry points per class (internet, anonymous, authenticated users, containers, other). */
export function exposedByClass(
  exposed: Iterable<string>,
): Record<EntryClass, number> {
  const counts: Record<EntryClass, number> = {
    internet: 0,
    unauthenticated: 0,
    authenticated: 0,
    container: 0,
    other: 0,
  };
  for (const id of exposed) counts[entryClass(id)] += 1;
  return counts;
}

export function resultAfter(
  base: AnalysisResult,
  after: ExposureAfter,
): AnalysisResult {
  const { entryPoints, exposed, paths } = after;
  const removed = new Set(entryPoints.removed);
  const kept =
    removed.size === 0
      ? base.entryPoints
      : base.entryPoints.filter(id => !removed.has(id));
  return {
    ...base,
    entryPoints:
      entryPoints.added.length === 0 ? kept : [...kept, ...entryPoints.added],
    criticalAssets: after.criticalAssets,
    summary: {
      ...base.summary,
      entryPoints: entryPoints.total,
      criticalAssets: after.criticalAssets.length,
      exposedEntryPoints: exposed.length,
      acceptedEntryPoints: paths.filter(p => p.accepted !== undefined).length,
      exposedByClass: exposedByClass(exposed),
      criticalAssetsReached: after.criticalAssetsReached,
      nodes: after.nodes,
      edges: after.edges,
    },
    paths,
    chokepoints: [],
    plan: { steps: [], exposedAfter: exposed.length, method: 'greedy' },
    convergence: [],
    applied: after.applied,
    findings: [],
    notes: [...base.notes, WHAT_IF_NOTE],
  };
}
