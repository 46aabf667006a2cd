/**
 * Pure view models of the analysis (cli-contract `analyze`): the overview
 * (exposure by entry class, the worst path, critical assets at risk, top
 * choke points), attack paths ranked worst first, the steps of a path with
 * what the attacker does and why it works, the what-if difference (the
 * entry-point total explained), fixes grouped by the object they change,
 * and the plan with before/after per step.
 */

import type {
  AnalysisResult,
  AttackPath,
  Chokepoint,
  PathStep,
} from '@chokepoint/engine';
import { entryClass } from '@chokepoint/engine';
import {
  AUXILIARY_EDGE_KINDS,
  CONFIDENCE_ORDER,
  EDGE_KINDS,
  isAuxiliaryEdgeKind,
  isEdgeKind,
} from '@chokepoint/model';
import type { FixImpact } from '@chokepoint/model';
import type { Briefs } from '@chokepoint/viewer-api';
import { labelOf } from './labels.ts';

export type EntryClassName = keyof AnalysisResult['summary']['exposedByClass'];

/** Entry classes, the most dangerous first (the ranking's order). */
export const ENTRY_CLASSES: readonly {
  readonly id: EntryClassName;
  readonly label: string;
}[] = [
  { id: 'internet', label: 'Internet' },
  { id: 'unauthenticated', label: 'Anonymous users' },
  { id: 'authenticated', label: 'Any authenticated user' },
  { id: 'other', label: 'Other entry points' },
  { id: 'container', label: 'Compromised containers' },
];

const CLASS_RANK = new Map(ENTRY_CLASSES.map((c, i) => [c.id, i]));

export interface ClassExposure {
  readonly id: EntryClassName;
  readonly label: string;
  readonly exposed: number;
}

export interface AssetAtRisk {
  readonly id: string;
  readonly paths: number;
  readonly shortest: number;
}

export interface ChokepointRow {
  readonly rank: number;
  readonly fixId: string;
  readonly action: 'delete' | 'patch';
  readonly target: string;
  readonly description: string;
  readonly entriesCut: number;
  readonly exposedAfter: number;
  readonly pathShare: number;
  readonly explanation: string;
  /** What the fix would break (cli-contract v1.1 `fix.impact`), when known. */
  readonly impact?: FixImpact;
  /** For a breaking fix: the best measured one that breaks nothing. */
  readonly alternative?: AlternativeFix;
}

/** `Impact: breaks kube-proxy: ...`, one line for a person. */
export function impactText(impact: FixImpact): string {
  const { level, component, reason } = impact;
  return level === 'none'
    ? 'Impact: nothing known breaks.'
    : `Impact: ${level}${component === undefined ? '' : ` ${component}`}: ${reason}`;
}

export interface AlternativeFix {
  readonly fixId: string;
  readonly description: string;
  readonly entriesCut: number;
  readonly exposedAfter: number;
  readonly impact?: FixImpact;
}

export interface Overview {
  readonly cluster: string;
  readonly entryPoints: number;
  readonly exposed: number;
  readonly criticalAssets: number;
  readonly byClass: readonly ClassExposure[];
  readonly worst?: AttackPath;
  readonly assetsAtRisk: readonly AssetAtRisk[];
  readonly chokepoints: readonly ChokepointRow[];
}

export function chokepointRow(chokepoint: Chokepoint): ChokepointRow {
  const { impact } = chokepoint.fix;
  const { alternative } = chokepoint;
  return {
    rank: chokepoint.rank,
    fixId: chokepoint.fix.id,
    action: chokepoint.fix.action,
    target: chokepoint.fix.target,
    description: chokepoint.fix.description,
    entriesCut: chokepoint.entriesCut,
    exposedAfter: chokepoint.exposedAfter,
    pathShare: chokepoint.pathShare,
    explanation: chokepoint.explanation,
    ...(impact === undefined ? {} : { impact }),
    ...(alternative === undefined
      ? {}
      : {
          alternative: {
            fixId: alternative.fix.id,
            description: alternative.fix.description,
            entriesCut: alternative.entriesCut,
            exposedAfter: alternative.exposedAfter,
            ...(alternative.fix.impact === undefined
              ? {}
              : { impact: alternative.fix.impact }),
          },
        }),
  };
}

/**
 * Worst first: the Internet, then anonymous and authenticated users, other
 * entry points, then compromised containers; within a class the shortest,
 * then the most confident path.
 */
export function rankPaths<P extends AttackPath>(paths: readonly P[]): P[] {
  return [...paths].sort(
    (a, b) =>
      (CLASS_RANK.get(entryClass(a.from)) ?? 9) -
        (CLASS_RANK.get(entryClass(b.from)) ?? 9) ||
      a.length - b.length ||
      CONFIDENCE_ORDER.indexOf(b.confidence) -
        CONFIDENCE_ORDER.indexOf(a.confidence) ||
      (a.from < b.from ? -1 : a.from > b.from ? 1 : 0),
  );
}

/**
 * `chokepoints`: the measured ones to list (a what-if result measures none,
 * so the viewer passes the base analysis's).
 */
export function overview(
  result: AnalysisResult,
  chokepoints: readonly Chokepoint[] = result.chokepoints,
  top = 10,
): Overview {
  const byAsset = new Map<string, { paths: number; shortest: number }>();
  for (const path of result.paths) {
    const seen = byAsset.get(path.to);
    if (seen === undefined) {
      byAsset.set(path.to, { paths: 1, shortest: path.length });
    } else {
      seen.paths++;
      seen.shortest = Math.min(seen.shortest, path.length);
    }
  }
  const assetsAtRisk = [...byAsset.entries()]
    .map(([id, v]) => ({ id, ...v }))
    .sort((a, b) => b.paths - a.paths || (a.id < b.id ? -1 : 1));
  const worst = rankPaths(result.paths)[0];
  return {
    cluster: result.cluster,
    entryPoints: result.summary.entryPoints,
    exposed: result.summary.exposedEntryPoints,
    criticalAssets: result.summary.criticalAssets,
    byClass: ENTRY_CLASSES.map(c => ({
      ...c,
      exposed: result.summary.exposedByClass[c.id],
    })),
    ...(worst === undefined ? {} : { worst }),
    assetsAtRisk,
    chokepoints: chokepoints.slice(0, top).map(chokepointRow),
  };
}

export interface StepView {
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  /** What the attacker does (the technique's one-line description). */
  readonly technique: string;
  readonly tactic: string;
  readonly mitre: readonly string[];
  /** Why it works here (the evidence's reason, or its detail). */
  readonly why: string;
  readonly object?: string;
  readonly fields: readonly string[];
  readonly confidence: string;
  /** Whether the technique has a doc page (helper edges have none). */
  readonly hasDoc: boolean;
  readonly evidence: Readonly<Record<string, unknown>>;
}

function stringField(
  evidence: Readonly<Record<string, unknown>>,
  key: string,
): string | undefined {
  const value = evidence[key];
  return typeof value === 'string' ? value : undefined;
}

export function stepView(step: PathStep, index: number): StepView {
  const known = isEdgeKind(step.kind) ? EDGE_KINDS[step.kind] : undefined;
  const auxiliary = isAuxiliaryEdgeKind(step.kind)
    ? AUXILIARY_EDGE_KINDS[step.kind]
    : undefined;
  const evidence: Readonly<Record<string, unknown>> = step.evidence;
  const bindings = evidence.bindings;
  const why =
    stringField(evidence, 'reason') ??
    stringField(evidence, 'detail') ??
    (Array.isArray(bindings)
      ? `through ${bindings.filter(b => typeof b === 'string').join(', ')}`
      : '');
  const fields = Array.isArray(evidence.fields)
    ? evidence.fields.filter((f): f is string => typeof f === 'string')
    : [];
  const object = stringField(evidence, 'object');
  return {
    index,
    from: step.from,
    to: step.to,
    kind: step.kind,
    technique:
      known?.description ?? auxiliary?.description ?? 'unknown technique',
    tactic: known?.tactic ?? (auxiliary ? 'helper' : ''),
    mitre: known?.mitre ?? [],
    why,
    ...(object === undefined ? {} : { object }),
    fields,
    confidence: step.confidence,
    hasDoc: known?.derivedBy === 'rule',
    evidence,
  };
}

export function pathKey(path: Pick<AttackPath, 'from' | 'to'>): string {
  return `path:${path.from}->${path.to}`;
}

export function edgeKey(step: Pick<PathStep, 'from' | 'kind' | 'to'>): string {
  return `edge:${step.from}|${step.kind}|${step.to}`;
}

export function pathTitle(
  path: Pick<AttackPath, 'from' | 'to'>,
  briefs: Briefs = {},
): string {
  return `${labelOf(path.from, briefs)} → ${labelOf(path.to, briefs)}`;
}

/**
 * Paths a fix touches: a step starts or ends at its target (or a pod it
 * replaces), or a step's evidence names it.
 */
export function pathsTouching(
  paths: readonly AttackPath[],
  fix: Pick<Chokepoint['fix'], 'target' | 'replaces'>,
): AttackPath[] {
  const ids = [fix.target, ...(fix.replaces ?? [])];
  return paths.filter(path =>
    path.steps.some(step => {
      if (ids.some(id => step.from === id || step.to === id)) return true;
      const text = JSON.stringify(step.evidence);
      return ids.some(id => text.includes(`"${id}"`));
    }),
  );
}

export interface WhatIfDelta {
  readonly before: number;
  readonly after: number;
  /** Entry points exposed before and not after. */
  readonly cut: readonly string[];
  readonly byClass: readonly (ClassExposure & { readonly before: number })[];
  /** The entry-point total, which changes when a fix removes or adds one. */
  readonly entryPoints: {
    readonly before: number;
    readonly after: number;
    /** Entry points gone with the fixes (a replaced pod's containers...). */
    readonly removed: readonly string[];
    readonly added: readonly string[];
  };
}

export function whatIfDelta(
  base: AnalysisResult,
  after: AnalysisResult,
): WhatIfDelta {
  const still = new Set(after.paths.map(p => p.from));
  const beforeEntries = new Set(base.entryPoints);
  const afterEntries = new Set(after.entryPoints);
  return {
    before: base.summary.exposedEntryPoints,
    after: after.summary.exposedEntryPoints,
    cut: base.paths.map(p => p.from).filter(id => !still.has(id)),
    byClass: ENTRY_CLASSES.map(c => ({
      ...c,
      before: base.summary.exposedByClass[c.id],
      exposed: after.summary.exposedByClass[c.id],
    })),
    entryPoints: {
      before: base.summary.entryPoints,
      after: after.summary.entryPoints,
      removed: base.entryPoints.filter(id => !afterEntries.has(id)),
      added: after.entryPoints.filter(id => !beforeEntries.has(id)),
    },
  };
}

export interface FixGroup {
  /** The object the fixes change. */
  readonly target: string;
  readonly rows: readonly ChokepointRow[];
}

/** Fixes on the same object together, groups in the order of their best fix. */
export function groupByTarget(rows: readonly ChokepointRow[]): FixGroup[] {
  const groups = new Map<string, ChokepointRow[]>();
  for (const row of rows) {
    const list = groups.get(row.target) ?? [];
    list.push(row);
    groups.set(row.target, list);
  }
  return [...groups].map(([target, list]) => ({ target, rows: list }));
}

export interface PlanStepView {
  readonly step: number;
  readonly fixId: string;
  readonly description: string;
  readonly target: string;
  readonly before: number;
  readonly after: number;
  /** What the step's fix would break (cli-contract v1.1), when known. */
  readonly impact?: FixImpact;
}

/** The remediation plan with the exposure before and after each step. */
export function planSteps(result: AnalysisResult): PlanStepView[] {
  let before = result.summary.exposedEntryPoints;
  return result.plan.steps.map((s, i) => {
    const view = {
      step: i + 1,
      fixId: s.fix.id,
      description: s.fix.description,
      target: s.fix.target,
      before,
      after: s.exposedAfter,
      ...(s.fix.impact === undefined ? {} : { impact: s.fix.impact }),
    };
    before = s.exposedAfter;
    return view;
  });
}
