/**
 * The oracle of the paths after a what-if (analysis/paths-after.ts): the
 * fixes applied to the input as a user applies them (oracle.ts, not the
 * engine's applier) and the edited input analysed from scratch. The
 * incremental paths are not asked to be the rerun's own (between equally
 * short paths its choice follows the rebuilt graph's insertion order, which
 * the incremental difference does not know; the contract promises a
 * shortest path) but every one must be a valid shortest path of the rebuilt
 * graph: the same exposed entry points and targets; each path of the
 * rerun's length for its entry point, contiguous, ending at a critical
 * asset; each step an edge of the rebuilt graph with its confidence and the
 * same ways (in any order), the most confident and clearest of the edges
 * between its two nodes, the others listed in `otherKinds`; the path's
 * confidence its weakest step's; each node labelled as the rebuilt graph
 * labels it.
 */

import { CONFIDENCE_ORDER, edgeKey, waysOf } from '@chokepoint/model';
import type {
  AnalysisPath,
  AnyEdgeKind,
  EdgeEvidence,
  FixRecord,
  Snapshot,
} from '@chokepoint/model';
import { analyze, fixesById, pathsAfter } from '../../src/index.ts';
import { fixDelta } from '../../src/chokepoints/what-if.ts';
import type { Analysis } from '../../src/index.ts';
import { edgeRank } from '../../src/analysis/attack-index.ts';
import { attackPath } from '../../src/analysis/exposure.ts';
import { distanceToCritical, reachableFrom } from '../../src/analysis/reach.ts';
import type { TargetOptions } from '../../src/analysis/targets.ts';
import { nodeLabel } from '../../src/queries/node-labels.ts';
import { analysedFromScratch, applyAsUser } from '../oracle.ts';
import type { FromScratch } from '../oracle.ts';

export interface PathsCompared {
  /** Fix sets compared. */
  readonly sets: number;
  /** Paths checked against the rebuilt graph. */
  readonly paths: number;
  /** Of them, the same as the rerun's own path. */
  readonly identical: number;
  /** One line per difference. */
  readonly differences: readonly string[];
}

const sortedJson = (values: readonly unknown[]): string =>
  JSON.stringify(values.map(v => JSON.stringify(v)).sort());

/** What is wrong with the incremental paths of one set of fixes, against the rerun. */
function checkPaths(
  name: string,
  analysis: Analysis,
  fixIds: readonly string[],
  rerun: FromScratch,
  differences: string[],
): { paths: number; identical: number } {
  const got = pathsAfter(analysis, fixIds);
  const { build, index, exposure, targets } = rerun;
  const { graph } = build;
  const where = `${name} [${fixIds.join(', ')}]`;
  const fail = (what: string): void => {
    differences.push(`${where}: ${what}`);
  };
  const exposed = exposure.exposed.map(i => index.ids[i] ?? '').sort();
  if (JSON.stringify([...got.exposed].sort()) !== JSON.stringify(exposed))
    fail(
      `exposed ${JSON.stringify([...got.exposed].sort())}, rerun ${JSON.stringify(exposed)}`,
    );
  if (JSON.stringify(got.paths.map(p => p.from)) !== JSON.stringify(exposed))
    fail(
      `paths from ${JSON.stringify(got.paths.map(p => p.from))}, rerun exposed ${JSON.stringify(exposed)}`,
    );
  if (sortedJson(got.targets.entryPoints) !== sortedJson(targets.entryPoints))
    fail('entry points differ');
  if (
    sortedJson(got.targets.criticalAssets) !==
    sortedJson(targets.criticalAssets)
  )
    fail('critical assets differ');
  if (got.nodes !== graph.order || got.edges !== graph.size)
    fail(
      `${String(got.nodes)} nodes / ${String(got.edges)} edges, rerun ${String(graph.order)} / ${String(graph.size)}`,
    );
  // The difference the paths stand on: every edge of the rebuilt graph, and
  // no other, once it is applied to the analysed graph.
  const delta = fixDelta(analysis, fixesById(analysis.candidates, fixIds));
  const after = new Set<string>();
  analysis.build.graph.forEachEdge((key, _attributes, source, target) => {
    if (!delta.removedNodes.has(source) && !delta.removedNodes.has(target))
      after.add(key);
  });
  for (const [key, ways] of delta.edges)
    if (ways.length > 0) after.add(key);
    else after.delete(key);
  const missing = graph.filterEdges(key => !after.has(key));
  const extra = [...after].filter(key => !graph.hasEdge(key));
  if (missing.length > 0 || extra.length > 0)
    fail(
      `the delta lacks edges ${JSON.stringify(missing)} and has others ${JSON.stringify(extra)}`,
    );
  const critical = new Set(targets.criticalAssets);
  const reachable = reachableFrom(index, exposure.exposed);
  const reached = targets.criticalAssets.filter(
    id => reachable[index.indexOf.get(id) ?? -1] === 1,
  ).length;
  if (got.criticalAssetsReached !== reached)
    fail(
      `${String(got.criticalAssetsReached)} critical assets reached, rerun ${String(reached)}`,
    );
  const floor = CONFIDENCE_ORDER.indexOf(build.index.policy.minConfidence);
  const { distance } = distanceToCritical(
    index,
    targets.criticalAssets.flatMap(id => index.indexOf.get(id) ?? []),
  );
  const rerunPaths = new Map(
    exposure.exposed.map(i => {
      // The analysis's own walk over the rebuilt graph.
      const path = attackPath(graph, index, exposure, i);
      return [path.from, path] as const;
    }),
  );
  let identical = 0;
  for (const path of got.paths) {
    const at = `path of ${path.from}`;
    const i = index.indexOf.get(path.from);
    const shortest = i === undefined ? -1 : (distance[i] ?? -1);
    if (path.length !== shortest || path.steps.length !== shortest)
      fail(
        `${at}: length ${String(path.length)}, shortest ${String(shortest)}`,
      );
    if (!critical.has(path.to))
      fail(`${at}: ends at ${path.to}, no critical asset`);
    if (path.steps.at(-1)?.to !== path.to)
      fail(`${at}: last step is not at ${path.to}`);
    let lowest = CONFIDENCE_ORDER.length;
    path.steps.forEach((step, k) => {
      const from = k === 0 ? path.from : path.steps[k - 1]?.to;
      if (step.from !== from)
        fail(
          `${at}: step ${String(k + 1)} starts at ${step.from}, not ${String(from)}`,
        );
      lowest = Math.min(lowest, CONFIDENCE_ORDER.indexOf(step.confidence));
      const key = edgeKey(step.from, step.kind, step.to);
      if (!graph.hasEdge(key)) {
        fail(`${at}: step ${key} is no edge of the rebuilt graph`);
        return;
      }
      const edge = graph.getEdgeAttributes(key);
      if (
        !edge.traversable ||
        CONFIDENCE_ORDER.indexOf(edge.confidence) < floor
      )
        fail(`${at}: step ${key} is not traversable in the rebuilt graph`);
      if (edge.confidence !== step.confidence)
        fail(
          `${at}: step ${key} ${step.confidence}, rebuilt ${edge.confidence}`,
        );
      if (
        sortedJson(waysOf(edge.evidence as EdgeEvidence<AnyEdgeKind>)) !==
        sortedJson(waysOf(step.evidence as EdgeEvidence<AnyEdgeKind>))
      )
        fail(`${at}: step ${key} has other ways than the rebuilt edge`);
      // The edges between the same two nodes in the rebuilt graph.
      const parallel: { kind: AnyEdgeKind; rank: number }[] = [];
      graph.forEachOutEdge(step.from, (_key, attributes, _source, target) => {
        if (
          target === step.to &&
          attributes.traversable &&
          CONFIDENCE_ORDER.indexOf(attributes.confidence) >= floor
        )
          parallel.push({
            kind: attributes.kind,
            rank: edgeRank(attributes.kind, attributes.confidence),
          });
      });
      const best = Math.min(...parallel.map(p => p.rank));
      if (edgeRank(step.kind, step.confidence) !== best)
        fail(
          `${at}: step ${key} is not the most confident and clearest of its edges`,
        );
      const others = parallel
        .map(p => p.kind)
        .filter(kind => kind !== step.kind);
      if (sortedJson(others) !== sortedJson(step.otherKinds ?? []))
        fail(
          `${at}: step ${key} other kinds ${JSON.stringify(step.otherKinds ?? [])}, rebuilt ${JSON.stringify(others)}`,
        );
    });
    if (path.confidence !== CONFIDENCE_ORDER[lowest])
      fail(
        `${at}: confidence ${path.confidence}, weakest step ${String(CONFIDENCE_ORDER[lowest])}`,
      );
    for (const id of [path.from, ...path.steps.map(s => s.to)]) {
      const label = nodeLabel(graph, build.holders, id);
      if (got.labels[id] !== label)
        fail(
          `${at}: label of ${id} ${String(got.labels[id])}, rebuilt ${label}`,
        );
    }
    const own = rerunPaths.get(path.from);
    if (JSON.stringify(own) === JSON.stringify(stripped(path))) identical++;
  }
  return { paths: got.paths.length, identical };
}

function stripped(path: AnalysisPath): AnalysisPath {
  const { accepted: _accepted, ...rest } = path;
  return rest;
}

/**
 * The fix sets of an analysis: each candidate alone, then runs of 2 and 3
 * consecutive candidates (at most `maxSets` of those).
 */
export function fixSets(
  candidates: readonly FixRecord[],
  maxSets: number,
): FixRecord[][] {
  const sets: FixRecord[][] = candidates.map(fix => [fix]);
  const runs: FixRecord[][] = [];
  for (const size of [2, 3])
    for (let i = 0; i + size <= candidates.length; i += size)
      runs.push(candidates.slice(i, i + size));
  return [...sets, ...runs.slice(0, maxSets)];
}

const yieldTurn = (): Promise<void> =>
  new Promise(resolve => {
    setImmediate(resolve);
  });

/** Compares the incremental paths of every fix set of `snapshot` with a rerun of the edited input. */
export async function comparePathsAfter(
  name: string,
  snapshot: Snapshot,
  options: TargetOptions = {},
  maxSets = 12,
): Promise<PathsCompared> {
  const analysis = analyze(snapshot, {
    ...options,
    maxCandidates: 0,
    planRounds: 0,
  });
  const differences: string[] = [];
  // No fix: the analysis's own paths, to the byte.
  const none = pathsAfter(analysis, []);
  if (JSON.stringify(none.paths) !== JSON.stringify(analysis.result.paths))
    differences.push(`${name}: with no fix, other paths than the analysis's`);
  let sets = 0;
  let paths = 0;
  let identical = 0;
  for (const set of fixSets(analysis.candidates, maxSets)) {
    await yieldTurn();
    let edited = snapshot;
    try {
      for (const fix of set) edited = applyAsUser(edited, fix);
    } catch {
      // Fixes of one object that a user cannot make one after the other
      // (the second's target deleted by the first): no set to compare.
      continue;
    }
    const rerun = analysedFromScratch(edited, options);
    const checked = checkPaths(
      name,
      analysis,
      set.map(fix => fix.id),
      rerun,
      differences,
    );
    sets++;
    paths += checked.paths;
    identical += checked.identical;
  }
  return { sets, paths, identical, differences };
}
