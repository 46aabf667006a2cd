/**
 * What-if (issue 10 points 2 and 10): the exposure the analysed cluster
 * would have with some fixes made, measured without rebuilding anything.
 * The fixes give the objects after them (the contract's way: delete the
 * target, or merge-patch it and delete the pods it replaces); the facts
 * that differ say which anchors of the derivation run again
 * (provenance/what-if.ts); a masked reachability pass over the CSR index
 * gives the entry points still exposed (analysis/measure.ts).
 *
 * `whatIf` is the function the viewer's server calls for a set of fix ids.
 */

import type { Analysis } from '../analysis/analyze.ts';
import { fixesById } from '../analysis/analyze.ts';
import { measureDelta } from '../analysis/measure.ts';
import type { Measured } from '../analysis/measure.ts';
import { contextParts } from '../build-graph.ts';
import { changedKeys } from '../provenance/delta.ts';
import { deriveDelta } from '../provenance/what-if.ts';
import type { GraphDelta } from '../provenance/what-if.ts';
import { applyFixes } from './apply-fix.ts';
import type { Fix } from './apply-fix.ts';

/** What `fixes` change in the analysed cluster's attack graph, derived incrementally. */
export function fixDelta(
  analysis: Pick<Analysis, 'build'>,
  fixes: readonly Fix[],
): GraphDelta {
  const { build } = analysis;
  const { derivation } = build;
  const snapshot = applyFixes(build.index.snapshot, fixes);
  const parts = contextParts(
    snapshot,
    derivation.parts.policy,
    derivation.named,
  );
  return deriveDelta(derivation, parts, changedKeys(derivation.parts, parts));
}

/** Exposure of the analysed cluster with `fixes` made. */
export function measureFixes(
  analysis: Pick<Analysis, 'build' | 'attackIndex' | 'targetOptions'>,
  fixes: readonly Fix[],
): Measured {
  const { build } = analysis;
  return measureDelta(
    build.graph,
    analysis.attackIndex,
    fixDelta(analysis, fixes),
    analysis.targetOptions,
    build.derivation.parts.policy.minConfidence,
  );
}

/** The candidate fixes of an analysis, by id. */
export function candidateFixes(analysis: Analysis): readonly Fix[] {
  return analysis.candidates;
}

export interface WhatIf extends Measured {
  readonly fixes: readonly Fix[];
}

/** Exposure with the fixes of these ids made (UnknownFixError for an id that is no candidate). */
export function whatIf(analysis: Analysis, fixIds: readonly string[]): WhatIf {
  const fixes = fixesById(analysis.candidates, fixIds);
  return { ...measureFixes(analysis, fixes), fixes };
}
