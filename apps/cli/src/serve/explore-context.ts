/**
 * What the explore answers are computed from, built once from the start-up
 * analysis: the attack graph and its index, the raw objects, facets,
 * property tags, findings by object, and the briefs (readable label,
 * findings, tags) of the nodes an answer names.
 */

import {
  facets,
  findingsByObject,
  nodeLabel,
  nodeTags,
  objectsById,
} from '@chokepoint/engine';
import type {
  Analysis,
  AnalysisFinding,
  AnalysisResult,
  ProfileContext,
  QueryContext,
} from '@chokepoint/engine';
import type { Snapshot } from '@chokepoint/model';
import type { Briefs, NodeBrief } from '@chokepoint/viewer-api';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Every node id a result names that the viewer draws or lists. */
export function resultIds(result: AnalysisResult): Set<string> {
  const ids = new Set<string>(result.criticalAssets);
  for (const path of result.paths) {
    ids.add(path.from);
    for (const step of path.steps) ids.add(step.to);
  }
  const fixes = [
    ...result.chokepoints.map(c => c.fix),
    ...result.plan.steps.map(s => s.fix),
    ...result.applied,
  ];
  for (const fix of fixes) {
    ids.add(fix.target);
    for (const id of fix.replaces ?? []) ids.add(id);
  }
  return ids;
}

export type ExploreContext = ReturnType<typeof createExploreContext>;

export function createExploreContext(snapshot: Snapshot, analysis: Analysis) {
  const { graph, holders } = analysis.build;
  const { result } = analysis;
  const tags = nodeTags(graph, {
    findings: result.findings,
    entryPoints: result.entryPoints,
    exposed: result.paths.map(p => p.from),
    criticalAssets: result.criticalAssets,
  });
  const byObject = findingsByObject(result.findings);
  const profileContext: ProfileContext<AnalysisFinding> = {
    graph,
    index: analysis.attackIndex,
    holders,
    entryPoints: new Set(result.entryPoints),
    criticalAssets: new Set(result.criticalAssets),
    findingsByObject: byObject,
  };
  const queryContext: QueryContext = {
    graph,
    index: analysis.attackIndex,
    criticalAssets: result.criticalAssets,
    tags,
  };

  function brief(id: string, label?: string): NodeBrief {
    const findings = byObject.get(id) ?? [];
    const severity = SEVERITY_ORDER.find(s =>
      findings.some(f => f.severity === s),
    );
    const tagList = tags.get(id);
    return {
      label: label ?? nodeLabel(graph, holders, id),
      ...(findings.length === 0 ? {} : { findings: findings.length }),
      ...(severity === undefined ? {} : { severity }),
      ...(tagList === undefined ? {} : { tags: [...tagList] }),
    };
  }

  /**
   * Briefs of `ids`; `labels` names nodes of another graph (a what-if's),
   * used for ids this graph does not have.
   */
  function briefs(
    ids: Iterable<string>,
    labels: Readonly<Record<string, string>> = {},
  ): Briefs {
    const out: Briefs = {};
    for (const id of ids)
      out[id] ??= brief(id, graph.hasNode(id) ? undefined : labels[id]);
    return out;
  }

  return {
    snapshot,
    analysis,
    graph,
    minConfidence: analysis.build.index.policy.minConfidence,
    objects: objectsById(snapshot),
    facets: facets(graph),
    tags,
    findings: result.findings,
    profileContext,
    queryContext,
    briefs,
  };
}
