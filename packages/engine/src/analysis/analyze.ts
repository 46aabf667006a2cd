/**
 * The analysis (cli-contract `analyze`): entry points and critical assets,
 * exposure, one shortest path per exposed entry point, ranked choke points
 * and a remediation plan.
 *
 * Every choke-point figure is measured, never estimated: a fix's objects
 * give the facts it changes, only the rules that read them are derived
 * again, and reachability is recomputed over the CSR index with the edges
 * the fix removes masked (chokepoints/what-if.ts `measureFixes`); a
 * differential test checks it against the input edited as a user would and
 * analysed from scratch. Candidates are every fix named by an edge on any
 * path from an exposed entry point to a critical asset, plus the bindings an
 * identity asset holds its power through (chokepoints/enumerate.ts); up to
 * `maxCandidates` of them are measured, those that can cut the most first
 * (chokepoints/cut-bounds.ts, measure-order.ts), and ranked as docs/fixes.md
 * says (chokepoints/judge.ts). A reported choke point cuts at least one
 * entry point.
 */

import type {
  AnalysisFinding,
  AnalysisPath,
  AnalysisResult,
  AttackPath,
  EntryClass,
  Evidence,
  FixRecord,
  PermissionEvidence,
  Snapshot,
} from '@chokepoint/model';
import { buildAttackGraph, contextParts } from '../build-graph.ts';
import type { BuildResult, ModelParts, RuleSet } from '../build-graph.ts';
import { applyFixes } from '../chokepoints/apply-fix.ts';
import type { Fix } from '../chokepoints/apply-fix.ts';
import { convergencePoints } from '../chokepoints/convergence.ts';
import { enumerateCandidates } from '../chokepoints/enumerate.ts';
import type { Candidate } from '../chokepoints/enumerate.ts';
import { measurementOrder } from '../chokepoints/measure-order.ts';
import { EXACT_CANDIDATES, remediationPlan } from '../chokepoints/plan.ts';
import type { PlanImpact } from '../chokepoints/plan.ts';
import { impactOf } from '../chokepoints/impact/index.ts';
import {
  impactContext,
  judgeChokepoints,
  withImpact,
} from '../chokepoints/judge.ts';
import type { MeasuredChokepoint } from '../chokepoints/judge.ts';
import { measureFixes } from '../chokepoints/what-if.ts';
import { DEFAULT_POLICY } from '../policy.ts';
import type { AcceptedRisk, Policy } from '../policy.ts';
import type { OnProgress } from '../progress.ts';
import { runFindings } from '../findings/index.ts';
import { compareSeverity } from '../findings/define-finding.ts';
import type { FindingRecord } from '../findings/define-finding.ts';
import { compileAttackIndex } from './attack-index.ts';
import type { AttackIndex } from './attack-index.ts';
import { attackPath, computeExposure } from './exposure.ts';
import type { Exposure } from './exposure.ts';
import { reachableFrom } from './reach.ts';
import { resolveTargets } from './targets.ts';
import type { TargetOptions, Targets } from './targets.ts';

export interface AnalyzeOptions extends TargetOptions {
  readonly policy?: Policy;
  /** Fix ids (from a previous analysis of the same input) to apply first: the what-if. */
  readonly applyFixes?: readonly string[];
  /**
   * Fixes to apply first as an analysis of the same input gave them (its
   * `candidates`): the what-if without analysing the input once more to
   * find them by id.
   */
  readonly fixes?: readonly Fix[];
  /** How many candidate fixes to measure (default: `measurementBudget`). */
  readonly maxCandidates?: number;
  /** Rounds of the greedy remediation plan. */
  readonly planRounds?: number;
  /** Today (YYYY-MM-DD), for the expiry of accepted risks; without it none expires. */
  readonly today?: string;
  /**
   * Called as the analysis goes: `findings` (the checklist, run on the input
   * before the graph is built), `graph` (rules run), `paths`, `chokepoints`
   * (candidate fixes measured of those to measure) and `plan` (rounds), in
   * that order.
   */
  readonly onProgress?: OnProgress;
}

export interface Analysis {
  readonly result: AnalysisResult;
  readonly build: BuildResult;
  readonly targets: Targets;
  readonly attackIndex: AttackIndex;
  readonly exposure: Exposure;
  /** The `--entry` and `--critical` choices the analysis ran with. */
  readonly targetOptions: TargetOptions;
  /** Every candidate fix of the analysed state, measured or not. */
  readonly candidates: readonly Fix[];
}

export class UnknownFixError extends Error {
  override readonly name = 'UnknownFixError';
  readonly ids: readonly string[];
  readonly known: readonly string[];

  constructor(ids: readonly string[], known: readonly string[]) {
    super(
      `--apply-fix: no fix ${ids.map(id => `"${id}"`).join(', ')} for this input`,
    );
    this.ids = ids;
    this.known = known;
  }
}

/** The fixes of these ids among `candidates`, in the ids' order (UnknownFixError for an id that is none). */
export function fixesById(
  candidates: readonly Fix[],
  ids: readonly string[],
): Fix[] {
  const known = new Map(candidates.map(fix => [fix.id, fix]));
  const missing = ids.filter(id => !known.has(id));
  if (missing.length > 0) throw new UnknownFixError(missing, [...known.keys()]);
  return ids.flatMap(id => known.get(id) ?? []);
}

export function entryClass(id: string): EntryClass {
  if (id === 'Internet') return 'internet';
  if (id === 'Group:system:unauthenticated') return 'unauthenticated';
  if (id === 'Group:system:authenticated') return 'authenticated';
  if (id.startsWith('Container:')) return 'container';
  return 'other';
}

/** What `measureFixes` needs of an analysis. */
type MeasuredState = Pick<Analysis, 'build' | 'attackIndex' | 'targetOptions'>;

interface State {
  readonly build: BuildResult;
  readonly targets: Targets;
  readonly index: AttackIndex;
  readonly exposure: Exposure;
  readonly exposedIds: ReadonlySet<string>;
  /** Node indexes of the critical assets. */
  readonly critical: readonly number[];
}

function measure(
  snapshot: Snapshot,
  rules: RuleSet,
  policy: Policy | undefined,
  targetOptions: TargetOptions,
  strict: boolean,
  onProgress?: OnProgress,
  parts?: ModelParts,
): State {
  const build = buildAttackGraph(snapshot, rules, {
    ...(policy === undefined ? {} : { policy }),
    identities: namedIn(targetOptions),
    ...(onProgress === undefined ? {} : { onProgress }),
    ...(parts === undefined ? {} : { parts }),
  });
  onProgress?.({ phase: 'paths', done: 0, total: 1 });
  const { graph } = build;
  // After a fix, a named entry or asset may be gone (a replaced pod): measure what is left.
  const options: TargetOptions = strict
    ? targetOptions
    : {
        ...(targetOptions.entry === undefined
          ? {}
          : { entry: targetOptions.entry.filter(id => graph.hasNode(id)) }),
        ...(targetOptions.critical === undefined
          ? {}
          : {
              critical: targetOptions.critical.filter(id => graph.hasNode(id)),
            }),
      };
  const targets = resolveTargets(graph, build.index, options);
  const index = compileAttackIndex(graph, build.index.policy.minConfidence);
  const toIndexes = (ids: readonly string[]): number[] =>
    ids
      .map(id => index.indexOf.get(id))
      .filter((i): i is number => i !== undefined);
  const critical = toIndexes(targets.criticalAssets);
  const exposure = computeExposure(
    index,
    toIndexes(targets.entryPoints),
    critical,
  );
  const exposedIds = new Set(exposure.exposed.map(i => index.ids[i] ?? ''));
  return { build, targets, index, exposure, exposedIds, critical };
}

/** The ids `--entry` and `--critical` name: they exist whether or not a binding names them. */
function namedIn(targetOptions: TargetOptions): string[] {
  return [...(targetOptions.entry ?? []), ...(targetOptions.critical ?? [])];
}

function candidatesOf(state: State): Candidate[] {
  return enumerateCandidates(
    state.build.graph,
    state.index,
    state.exposure,
    state.critical,
    { index: state.build.index, rbac: state.build.rbac },
  );
}

/** A fix as the JSON contract reports it (`applied`, `fix` of a choke point or plan step). */
export function publicFix(fix: Fix): FixRecord {
  return {
    id: fix.id,
    action: fix.action,
    target: fix.target,
    ...(fix.patch === undefined ? {} : { patch: fix.patch }),
    ...(fix.replaces === undefined ? {} : { replaces: fix.replaces }),
    ...(fix.also === undefined ? {} : { also: fix.also }),
    description: fix.description,
  };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${String(Math.round((100 * part) / whole))}%`;
}

export function analyzeSnapshot(
  snapshot: Snapshot,
  rules: RuleSet,
  options: AnalyzeOptions = {},
): Analysis {
  const targetOptions: TargetOptions = {
    ...(options.entry === undefined ? {} : { entry: options.entry }),
    ...(options.critical === undefined ? {} : { critical: options.critical }),
  };
  let input = snapshot;
  const applied: Fix[] = [...(options.fixes ?? [])];
  if (options.applyFixes !== undefined && options.applyFixes.length > 0) {
    const initial = measure(
      snapshot,
      rules,
      options.policy,
      targetOptions,
      true,
      options.onProgress,
    );
    applied.push(
      ...fixesById(
        candidatesOf(initial).map(c => c.fix),
        options.applyFixes,
      ),
    );
  }
  if (applied.length > 0) input = applyFixes(snapshot, applied);
  // The checklist findings read the input alone (index, policy, RBAC): they
  // run before the graph exists, while the heap holds little else, so what
  // they allocate is collected cheaply and never adds to the graph's peak
  // (100k pods: 1.2 GiB of heap and a third of their time was GC).
  const parts = contextParts(
    input,
    options.policy ?? DEFAULT_POLICY,
    namedIn(targetOptions),
  );
  options.onProgress?.({ phase: 'findings', done: 0, total: 1 });
  const checked = runFindings({
    index: parts.index,
    policy: parts.index.policy,
    rbac: parts.rbac,
  });
  const state = measure(
    input,
    rules,
    options.policy,
    targetOptions,
    applied.length === 0,
    options.onProgress,
    parts,
  );
  const { graph } = state.build;
  const exposedBefore = state.exposure.exposed.length;

  // What the report says of the analysed state itself (paths, reached
  // assets, findings on paths, convergence), before any fix is measured.
  const risks = activeRisks(
    state.build.index.policy.acceptedRisks,
    options.today,
  );
  const paths: AnalysisPath[] = state.exposure.exposed.map(entry =>
    withAcceptance(
      attackPath(graph, state.index, state.exposure, entry),
      risks.active,
    ),
  );
  const exposedByClass: Record<EntryClass, number> = {
    internet: 0,
    unauthenticated: 0,
    authenticated: 0,
    container: 0,
    other: 0,
  };
  for (const id of state.exposedIds) exposedByClass[entryClass(id)]++;
  // Every critical asset an exposed entry point reaches, not only the
  // nearest ones its shortest path ends at (issue #17, point 8).
  const reachable = reachableFrom(state.index, state.exposure.exposed);
  const reachedAssets = state.critical.filter(i => reachable[i] === 1);
  const findings = findingsOnPaths(state, paths, checked).map(finding => {
    const accepted = risks.active.find(r => r.finding === finding.id);
    return accepted === undefined
      ? finding
      : {
          ...finding,
          accepted: { until: accepted.until, reason: accepted.reason },
        };
  });
  const convergence = convergencePoints(
    state.index,
    state.exposure.exposed,
    state.targets.criticalAssets.flatMap(
      id => state.index.indexOf.get(id) ?? [],
    ),
  );

  const budget = measurementBudget(graph.size, options);
  const judge = impactContext(state.build.index, state.build.rbac);
  const allCandidates = measurementOrder(judge, candidatesOf(state));
  const candidates = allCandidates.slice(0, budget.candidates);
  const measured: MeasuredChokepoint[] = [];
  // The plan starts from the single fixes: keep their measurements.
  const singles = new Map<string, ReadonlySet<string>>();
  const report = options.onProgress;
  report?.({ phase: 'chokepoints', done: 0, total: candidates.length });
  const measuredState: MeasuredState = {
    build: state.build,
    attackIndex: state.index,
    targetOptions,
  };
  for (const [i, candidate] of candidates.entries()) {
    const after = measureFixes(measuredState, [candidate.fix]);
    singles.set(candidate.fix.id, after.exposed);
    const cutIds = new Set(
      [...state.exposedIds].filter(id => !after.exposed.has(id)),
    );
    const cut = cutIds.size;
    const exposedAfter = after.exposed.size;
    const pathShare =
      exposedBefore === 0 ? 0 : candidate.onPaths / exposedBefore;
    measured.push({
      rank: 0,
      fix: publicFix(candidate.fix),
      entriesCut: cut,
      cut: cutIds,
      exposedAfter,
      pathShare: Math.round(pathShare * 1000) / 1000,
      explanation:
        `${candidate.fix.description}: ${String(cut)} of ${String(exposedBefore)} exposed entry points lose every path ` +
        `(measured by deriving again what the fix changes and recomputing reachability), ${String(exposedAfter)} stay exposed; ` +
        `it lies on ${percent(candidate.onPaths, exposedBefore)} of the current shortest attack paths.`,
    });
    report?.({ phase: 'chokepoints', done: i + 1, total: candidates.length });
  }
  // Impact, order and alternatives: docs/fixes.md. A choke point cuts at
  // least one entry point.
  const ranked = judgeChokepoints(
    judge,
    measured.filter(c => c.entriesCut > 0),
  );

  const impacts = new Map(
    candidates.map(c => [c.fix.id, impactOf(judge, c.fix).level]),
  );
  const plan = planOf(
    measuredState,
    options,
    exposedBefore,
    candidates.map(c => c.fix),
    singles,
    fix => impacts.get(fix.id) ?? 'none',
    budget,
  );

  const result: AnalysisResult = {
    schemaVersion: 1,
    cluster: graph.getAttribute('cluster'),
    ...(state.build.index.serverVersion === undefined
      ? {}
      : { serverVersion: state.build.index.serverVersion }),
    entryPoints: state.targets.entryPoints,
    criticalAssets: state.targets.criticalAssets,
    summary: {
      entryPoints: state.targets.entryPoints.length,
      criticalAssets: state.targets.criticalAssets.length,
      exposedEntryPoints: exposedBefore,
      acceptedEntryPoints: paths.filter(p => p.accepted !== undefined).length,
      exposedByClass,
      criticalAssetsReached: reachedAssets.length,
      nodes: graph.order,
      edges: graph.size,
    },
    paths: paths.sort((a, b) => (a.from < b.from ? -1 : 1)),
    chokepoints: ranked,
    plan: {
      ...plan,
      steps: plan.steps.map(step => ({
        ...step,
        fix: withImpact(judge, step.fix),
      })),
    },
    convergence,
    applied: applied.map(publicFix),
    findings,
    assumptions: state.build.assumptions,
    notes: [
      ...state.build.notes,
      ...risks.expired.map(
        r =>
          `The accepted risk for ${r.finding ?? `${r.entry ?? 'any entry point'} to ${r.asset ?? 'any critical asset'}`} expired on ${r.until}: it counts again.`,
      ),
      ...(candidates.length < allCandidates.length
        ? [
            `Measured ${String(candidates.length)} of ${String(allCandidates.length)} candidate fixes, those that can cut the most entry points first.`,
          ]
        : []),
    ],
  };
  return {
    result,
    build: state.build,
    targets: state.targets,
    attackIndex: state.index,
    exposure: state.exposure,
    targetOptions,
    candidates: allCandidates.map(c => c.fix),
  };
}

/** The path, marked when an accepted risk in force covers it. */
export function withAcceptance(
  path: AttackPath,
  active: readonly AcceptedRisk[],
): AnalysisPath {
  const accepted = active.find(
    r =>
      r.finding === undefined &&
      (r.entry ?? path.from) === path.from &&
      (r.asset ?? path.to) === path.to,
  );
  return accepted === undefined
    ? path
    : {
        ...path,
        accepted: { until: accepted.until, reason: accepted.reason },
      };
}

/** The policy's accepted risks still in force on `today`, and those that expired. */
export function activeRisks(
  risks: readonly AcceptedRisk[],
  today: string | undefined,
): { active: AcceptedRisk[]; expired: AcceptedRisk[] } {
  const active: AcceptedRisk[] = [];
  const expired: AcceptedRisk[] = [];
  for (const risk of risks)
    (today === undefined || risk.until >= today ? active : expired).push(risk);
  return { active, expired };
}

/** The bindings and roles an edge's evidence names, in every way it holds. */
function grantsOf(evidence: Evidence): string[] {
  const out: string[] = [];
  const ways: readonly unknown[] = [evidence, ...(evidence.alsoVia ?? [])];
  for (const way of ways) {
    if (typeof way !== 'object' || way === null) continue;
    if ('bindings' in way && Array.isArray(way.bindings))
      for (const id of way.bindings) if (typeof id === 'string') out.push(id);
    if ('permissions' in way && Array.isArray(way.permissions))
      for (const permission of way.permissions as PermissionEvidence[])
        out.push(permission.binding, permission.role);
  }
  return out;
}

/**
 * The checklist findings, marked when one of their objects lies on a shortest
 * attack path (a container's pod and controller count as on it too), and
 * ranked with those first (analysis issue, point 5).
 */
function findingsOnPaths(
  state: State,
  paths: readonly AttackPath[],
  checked: readonly FindingRecord[],
): AnalysisFinding[] {
  const onPath = new Set<string>();
  const containers = new Map(state.build.index.containers.map(c => [c.id, c]));
  for (const path of paths) {
    // The bindings and roles that grant a step are on the path too, so an
    // RBAC finding on a binding that paths cross is marked (issue #17, point 8).
    for (const step of path.steps)
      for (const id of grantsOf(step.evidence)) onPath.add(id);
    for (const id of [path.from, ...path.steps.map(s => s.to)]) {
      onPath.add(id);
      const container = containers.get(id);
      if (container === undefined) continue;
      onPath.add(container.workload.id);
      const { controller, namespace } = container.workload;
      if (controller !== undefined)
        onPath.add(`${controller.kind}:${namespace}/${controller.name}`);
    }
  }
  return checked
    .map(finding => ({
      ...finding,
      onAttackPath: finding.objects.some(id => onPath.has(id)),
    }))
    .sort(
      (a, b) =>
        Number(b.onAttackPath) - Number(a.onAttackPath) ||
        compareSeverity(a.severity, b.severity) ||
        (a.id < b.id ? -1 : 1),
    );
}

/**
 * How many measurements the analysis may make. A measurement derives again
 * what a fix changes (chokepoints/what-if.ts), but today it still computes
 * the snapshot index and its delta over the whole input, so its cost grows
 * with the cluster: at 20k generated pods (223k edges) one took 4 to 44 s of
 * CPU (median 39 s) against 7 s for building the graph (2026-12-07, shared
 * 2-core machine, load 21-25). The default count therefore still shrinks as
 * the graph grows (about 400k edges' worth), between 3 and 40 candidates,
 * those that can cut the most measured first; the plan reuses the single
 * measurements; `maxCandidates` and `planRounds` override it.
 * The count, not the clock, decides, so a report does not depend on the machine.
 */
export interface Budget {
  /** Candidate fixes measured for the ranking. */
  readonly candidates: number;
  /** Steps of the plan, and candidates measured per step after the first. */
  readonly planRounds: number;
  readonly perRound: number;
  /** Measurements the plan's exact search may make (chokepoints/plan.ts). */
  readonly exactMeasures: number;
}

export function measurementBudget(
  edges: number,
  options: Pick<AnalyzeOptions, 'maxCandidates' | 'planRounds'>,
): Budget {
  const byScale = Math.max(
    3,
    Math.min(40, Math.floor(400_000 / Math.max(1, edges))),
  );
  const candidates = options.maxCandidates ?? byScale;
  const large = candidates < 12;
  return {
    candidates,
    planRounds: options.planRounds ?? (large ? 3 : 10),
    perRound: Math.max(1, Math.min(candidates, large ? 3 : 8)),
    // Each recomputes the snapshot index and its delta over the whole input
    // (provenance/delta.ts): about 800k edges' worth in all.
    exactMeasures: large
      ? 0
      : Math.min(400, Math.floor(800_000 / Math.max(1, edges))),
  };
}

/**
 * The remediation plan (chokepoints/plan.ts), every set of fixes measured
 * incrementally like a single fix (`measureFixes`). Each step chooses among
 * the measured single fixes: those that alone cut some of the entry points
 * still exposed first, those that break nothing first among them, then
 * those that cut the most; the exact search runs over them within the
 * budget's measurements. Both prefer fixes that break nothing.
 */
function planOf(
  analysis: MeasuredState,
  options: AnalyzeOptions,
  exposedBefore: number,
  measuredFixes: readonly Fix[],
  singles: ReadonlyMap<string, ReadonlySet<string>>,
  impact: (fix: Fix) => PlanImpact,
  budget: Budget,
): AnalysisResult['plan'] {
  const sets = new Map<string, ReadonlySet<string>>();
  const exposedWith = (fixes: readonly Fix[]): ReadonlySet<string> => {
    const only = fixes.length === 1 ? fixes[0] : undefined;
    const single = only === undefined ? undefined : singles.get(only.id);
    if (single !== undefined) return single;
    const key = fixes
      .map(f => f.id)
      .sort()
      .join('\n');
    let exposed = sets.get(key);
    if (exposed === undefined)
      sets.set(key, (exposed = measureFixes(analysis, fixes).exposed));
    return exposed;
  };
  /** The fixes by how many of the entry points exposed with `chosen` each alone cuts. */
  const next = (chosen: readonly Fix[]): Fix[] => {
    const left = chosen.length === 0 ? undefined : exposedWith(chosen);
    const cuts = (fix: Fix): number => {
      const alone = singles.get(fix.id);
      if (alone === undefined) return 0;
      if (left === undefined) return exposedBefore - alone.size;
      let cut = 0;
      for (const id of left) if (!alone.has(id)) cut++;
      return cut;
    };
    const breaks = (fix: Fix): number => (impact(fix) === 'breaks' ? 1 : 0);
    return measuredFixes
      .map(fix => ({ fix, cut: cuts(fix), breaks: breaks(fix) }))
      .sort(
        (a, b) =>
          Number(b.cut > 0) - Number(a.cut > 0) ||
          a.breaks - b.breaks ||
          b.cut - a.cut,
      )
      .map(({ fix }) => fix);
  };
  const report = options.onProgress;
  const total = budget.planRounds * budget.perRound + budget.exactMeasures;
  report?.({ phase: 'plan', done: 0, total });
  const plan = remediationPlan<Fix>(
    {
      candidates: next,
      exposed: exposedBefore,
      measure: exposedWith,
      impact,
    },
    {
      rounds: budget.planRounds,
      perRound: budget.perRound,
      exactCandidates: budget.planRounds === 0 ? 0 : EXACT_CANDIDATES,
      exactMeasures: budget.exactMeasures,
      onMeasure: count => {
        report?.({ phase: 'plan', done: Math.min(count, total), total });
      },
    },
  );
  return {
    steps: plan.steps.map(step => ({
      fix: publicFix(step.fix),
      exposedAfter: step.exposedAfter,
    })),
    exposedAfter: plan.exposedAfter,
    method: plan.method,
  };
}
