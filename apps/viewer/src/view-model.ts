/**
 * Pure view models of the analysis (cli-contract `analyze`): the overview
 * (exposure by entry class, critical assets at risk, top choke points), the
 * steps of an attack path with what the attacker does and why it works, the
 * what-if difference, and the session's decisions as Markdown.
 */

import type {
  AnalysisResult,
  AttackPath,
  Chokepoint,
} from '@chokepoint/engine';
import type { PathStep } from '@chokepoint/engine';
import {
  AUXILIARY_EDGE_KINDS,
  EDGE_KINDS,
  isAuxiliaryEdgeKind,
  isEdgeKind,
} from '@chokepoint/model';
import type { Decision, Session } from '@chokepoint/viewer-api';
import { nameOfId } from './to-elements.ts';

export type EntryClassName = keyof AnalysisResult['summary']['exposedByClass'];

export const ENTRY_CLASSES: readonly {
  readonly id: EntryClassName;
  readonly label: string;
}[] = [
  { id: 'internet', label: 'Internet' },
  { id: 'unauthenticated', label: 'Anonymous users' },
  { id: 'authenticated', label: 'Any authenticated user' },
  { id: 'container', label: 'Compromised containers' },
  { id: 'other', label: 'Other entry points' },
];

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
}

export interface Overview {
  readonly cluster: string;
  readonly entryPoints: number;
  readonly exposed: number;
  readonly criticalAssets: number;
  readonly byClass: readonly ClassExposure[];
  readonly assetsAtRisk: readonly AssetAtRisk[];
  readonly chokepoints: readonly ChokepointRow[];
}

export function chokepointRow(chokepoint: Chokepoint): ChokepointRow {
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
  };
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
  return {
    cluster: result.cluster,
    entryPoints: result.summary.entryPoints,
    exposed: result.summary.exposedEntryPoints,
    criticalAssets: result.summary.criticalAssets,
    byClass: ENTRY_CLASSES.map(c => ({
      ...c,
      exposed: result.summary.exposedByClass[c.id],
    })),
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
  /** The technique's doc, served from docs/attacks/ (none for helper edges). */
  readonly docHref?: string;
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
  const evidence = step.evidence;
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
    ...(known?.derivedBy === 'rule'
      ? { docHref: `docs/attacks/${step.kind}.md` }
      : {}),
    evidence,
  };
}

export function pathKey(path: Pick<AttackPath, 'from' | 'to'>): string {
  return `path:${path.from}->${path.to}`;
}

export function pathTitle(path: Pick<AttackPath, 'from' | 'to'>): string {
  return `${nameOfId(path.from)} → ${nameOfId(path.to)}`;
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
}

export function whatIfDelta(
  base: AnalysisResult,
  after: AnalysisResult,
): WhatIfDelta {
  const still = new Set(after.paths.map(p => p.from));
  return {
    before: base.summary.exposedEntryPoints,
    after: after.summary.exposedEntryPoints,
    cut: base.paths.map(p => p.from).filter(id => !still.has(id)),
    byClass: ENTRY_CLASSES.map(c => ({
      ...c,
      before: base.summary.exposedByClass[c.id],
      exposed: after.summary.exposedByClass[c.id],
    })),
  };
}

export function upsertDecision(
  decisions: readonly Decision[],
  decision: Decision,
): Decision[] {
  return [
    ...decisions.filter(
      d => !(d.key === decision.key && d.type === decision.type),
    ),
    decision,
  ];
}

export function removeDecision(
  decisions: readonly Decision[],
  type: Decision['type'],
  key: string,
): Decision[] {
  return decisions.filter(d => !(d.key === key && d.type === type));
}

export function emptySession(
  cluster: string,
  inputs: readonly string[],
): Session {
  return {
    format: 'chokepoint.session',
    schemaVersion: 1,
    cluster,
    inputs: [...inputs],
    savedAt: '',
    decisions: [],
    whatIf: [],
  };
}

/** Reads a session file's JSON; throws an Error naming what is wrong. */
export function parseSession(value: unknown): Session {
  if (typeof value !== 'object' || value === null) {
    throw new Error('session: not a JSON object');
  }
  const v = value as Partial<Session>;
  if (v.format !== 'chokepoint.session' || v.schemaVersion !== 1) {
    throw new Error('session: not a chokepoint.session v1 file');
  }
  const decisions: unknown[] = Array.isArray(v.decisions) ? v.decisions : [];
  const clean = decisions.filter((d): d is Decision => {
    if (typeof d !== 'object' || d === null) return false;
    const c = d as Partial<Record<keyof Decision, unknown>>;
    return (
      (c.type === 'accept-path' || c.type === 'plan-fix') &&
      typeof c.key === 'string' &&
      typeof c.comment === 'string'
    );
  });
  return {
    format: 'chokepoint.session',
    schemaVersion: 1,
    cluster: typeof v.cluster === 'string' ? v.cluster : '',
    inputs: Array.isArray(v.inputs)
      ? v.inputs.filter(i => typeof i === 'string')
      : [],
    savedAt: typeof v.savedAt === 'string' ? v.savedAt : '',
    decisions: clean.map(d => ({
      type: d.type,
      key: d.key,
      label: typeof d.label === 'string' ? d.label : d.key,
      comment: d.comment,
      at: typeof d.at === 'string' ? d.at : '',
    })),
    whatIf: Array.isArray(v.whatIf)
      ? v.whatIf.filter(f => typeof f === 'string')
      : [],
  };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The decisions of a session as a Markdown report for the meeting notes. */
export function decisionsMarkdown(
  session: Session,
  result: AnalysisResult,
): string {
  const planned = session.decisions.filter(d => d.type === 'plan-fix');
  const accepted = session.decisions.filter(d => d.type === 'accept-path');
  const byFix = new Map(result.chokepoints.map(c => [c.fix.id, c]));
  const lines = [
    `# Chokepoint decisions: ${session.cluster || result.cluster}`,
    '',
    `Inputs: ${session.inputs.join(', ') || '(unknown)'}. ` +
      `Exposed entry points: ${String(result.summary.exposedEntryPoints)} of ` +
      `${String(result.summary.entryPoints)}.`,
    '',
    '## Fixes planned',
    '',
  ];
  if (planned.length === 0) lines.push('None.');
  else {
    lines.push('| Fix | Cuts | Exposed after | Comment |', '|---|---|---|---|');
    for (const d of planned) {
      const c = byFix.get(d.key);
      lines.push(
        `| ${cell(d.label)} | ${c ? String(c.entriesCut) : '?'} | ${
          c ? String(c.exposedAfter) : '?'
        } | ${cell(d.comment)} |`,
      );
    }
  }
  lines.push('', '## Paths accepted as risk', '');
  if (accepted.length === 0) lines.push('None.');
  else {
    lines.push('| Path | Comment |', '|---|---|');
    for (const d of accepted) {
      lines.push(`| ${cell(d.label)} | ${cell(d.comment)} |`);
    }
  }
  if (session.whatIf.length > 0) {
    lines.push('', '## What-if fixes toggled on', '');
    for (const id of session.whatIf) lines.push(`- \`${id}\``);
  }
  lines.push('');
  return lines.join('\n');
}
