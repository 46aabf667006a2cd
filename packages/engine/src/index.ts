/**
 * @chokepoint/engine: the pure transform from a snapshot to the attack graph
 * of the catalog, and the queries on it. No I/O: it runs unchanged in the
 * CLI, in worker threads and in the browser.
 */

import type { Snapshot } from '@chokepoint/model';
import { buildAttackGraph } from './build-graph.ts';
import type { BuildOptions, BuildResult } from './build-graph.ts';
import { RULES } from './rules/index.ts';
import { analyzeSnapshot } from './analysis/analyze.ts';
import type { Analysis, AnalyzeOptions } from './analysis/analyze.ts';

/** The attack graph of a snapshot, with every rule of the registry. */
export function buildGraph(
  snapshot: Snapshot,
  options: BuildOptions = {},
): BuildResult {
  return buildAttackGraph(snapshot, RULES, options);
}

/** Exposure, attack paths, measured choke points and the remediation plan. */
export function analyze(
  snapshot: Snapshot,
  options: AnalyzeOptions = {},
): Analysis {
  return analyzeSnapshot(snapshot, RULES, options);
}

export {
  analyzeSnapshot,
  entryClass,
  UnknownFixError,
  fixesById,
  publicFix,
} from './analysis/analyze.ts';
export type { Analysis, AnalyzeOptions } from './analysis/analyze.ts';
/** The analysis result is declared in the model; these names stay for existing callers. */
export type {
  Acceptance,
  AnalysisFinding,
  AnalysisPath,
  AnalysisResult,
  Chokepoint,
  EntryClass,
  FixRecord,
  PlanStep,
  ConvergencePoint,
} from '@chokepoint/model';
export { UnknownIdError } from './analysis/targets.ts';
export { applyFixes, mergePatch } from './chokepoints/apply-fix.ts';
export { strategicPatch } from './chokepoints/strategic-patch.ts';
export { candidateFixes, measureFixes, whatIf } from './chokepoints/what-if.ts';
export { pathsAfter } from './analysis/paths-after.ts';
export type { PathsAfter, PathsAfterOptions } from './analysis/paths-after.ts';
export type { WhatIf } from './chokepoints/what-if.ts';
export type { Fix } from './chokepoints/apply-fix.ts';
export { objectById, parseObjectId } from './chokepoints/impact/object-ref.ts';
export type { Impact, ImpactLevel } from './chokepoints/impact/index.ts';

export { buildAttackGraph } from './build-graph.ts';
export type { BuildOptions, BuildResult, RuleSet } from './build-graph.ts';
export type { EngineProgress, EnginePhase, OnProgress } from './progress.ts';
export { RULES } from './rules/index.ts';
export { DEFAULT_POLICY, resolvePolicy } from './policy.ts';
export type { Policy } from './policy.ts';
export { shortestPath } from './algorithms/shortest-path.ts';
export type {
  AttackPath,
  PathOptions,
  PathStep,
} from './algorithms/shortest-path.ts';
export { closeMatches } from './algorithms/close-matches.ts';
export type { Holder } from './holder.ts';
export type { Evidence } from './rules/define-rule.ts';
export { FINDING_IDS, findingChecks, runFindings } from './findings/index.ts';
export type { FindingId, FindingRecord, Severity } from './findings/index.ts';
export { reachFrom, reachInIndex } from './algorithms/blast-radius.ts';
export type { Reached } from './algorithms/blast-radius.ts';
export { resolveTargets } from './analysis/targets.ts';
export { diversePaths, mostLikelyPath } from './algorithms/likely-paths.ts';
export type { LikelyPathOptions } from './algorithms/likely-paths.ts';
export { facets, nodeRow, searchNodes } from './queries/node-search.ts';
export type { NodeRow, NodeSearch, SearchHit } from './queries/node-search.ts';
export { grantsLabel, nodeLabel, nodeLabels } from './queries/node-labels.ts';
export { nodeTags, tagOfCheck } from './queries/node-tags.ts';
export type { TagSources } from './queries/node-tags.ts';
export {
  findingsByObject,
  holderOf,
  nodeProfile,
} from './queries/node-profile.ts';
export type {
  Distance,
  GrantView,
  ProfileContext,
} from './queries/node-profile.ts';
export { PREBUILT_QUERIES, pathsFrom } from './queries/prebuilt-queries.ts';
export type {
  NodeAnswerRow,
  PrebuiltQuery,
  QueryAnswer,
  QueryContext,
} from './queries/prebuilt-queries.ts';
export type { AttackIndex } from './analysis/attack-index.ts';
export { CLEAREST_FIRST } from './analysis/attack-index.ts';
export {
  BLAST_RADIUS_CAPS,
  NEIGHBOURHOOD_CAPS,
  blastRadiusSubgraph,
  neighbourhood,
} from './queries/subgraphs.ts';
export type { SubgraphCaps } from './queries/subgraphs.ts';
export { objectsById, rawObjectOf } from './queries/raw-objects.ts';
