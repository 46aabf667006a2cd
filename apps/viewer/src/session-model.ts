/**
 * The session record, pure: decisions (accepted risks on edges and paths
 * with who, why and until when; planned fixes), free notes, named what-if
 * sets, and the Markdown handed over after the meeting, with the paths as
 * numbered steps and the figures before and after the what-if fixes.
 */

import type { AnalysisResult, AttackPath } from '@chokepoint/engine';
import * as v from 'valibot';
import { describeIssues, SessionFile } from '@chokepoint/viewer-api';
import type {
  Briefs,
  Decision,
  Note,
  Session,
  WhatIfSet,
} from '@chokepoint/viewer-api';
import { kindAndLabel, labelOf } from './labels.ts';
import {
  impactText,
  pathTitle,
  planSteps,
  rankPaths,
  stepView,
  whatIfDelta,
} from './view-model.ts';

export function emptySession(
  cluster: string,
  inputs: readonly string[],
): Session {
  return {
    format: 'chokepoint.session',
    schemaVersion: 2,
    cluster,
    inputs: [...inputs],
    savedAt: '',
    decisions: [],
    notes: [],
    whatIfSets: [],
    whatIf: [],
  };
}

/** A session file's JSON of any version as version 2; throws naming what is wrong. */
export function parseSession(value: unknown): Session {
  const parsed = v.safeParse(SessionFile, value);
  if (!parsed.success)
    throw new Error(
      `not a chokepoint session: ${describeIssues(parsed.issues)}`,
    );
  return parsed.output;
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

export function findDecision(
  session: Session,
  type: Decision['type'],
  key: string,
): Decision | undefined {
  return session.decisions.find(d => d.type === type && d.key === key);
}

/** Decisions whose `until` date has passed on `today` (YYYY-MM-DD). */
export function expiredDecisions(session: Session, today: string): Decision[] {
  return session.decisions.filter(d => d.until !== '' && d.until < today);
}

export function addNote(session: Session, note: Note): Session {
  return { ...session, notes: [...session.notes, note] };
}

export function removeNote(session: Session, id: string): Session {
  return { ...session, notes: session.notes.filter(n => n.id !== id) };
}

export function saveWhatIfSet(session: Session, set: WhatIfSet): Session {
  return {
    ...session,
    whatIfSets: [...session.whatIfSets.filter(s => s.name !== set.name), set],
  };
}

export function removeWhatIfSet(session: Session, name: string): Session {
  return {
    ...session,
    whatIfSets: session.whatIfSets.filter(s => s.name !== name),
  };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function decisionKind(d: Decision): string {
  if (d.type === 'accept-edge') return 'step';
  if (d.type === 'accept-path') return 'path';
  return 'fix';
}

/** One attack path as numbered steps: what the attacker does and why it works. */
export function pathMarkdown(
  path: AttackPath,
  briefs: Briefs,
  heading: string,
): string[] {
  const lines = [
    `${heading} ${pathTitle(path, briefs)} (${String(path.length)} steps, confidence ${path.confidence})`,
    '',
  ];
  path.steps.forEach((step, i) => {
    const view = stepView(step, i);
    lines.push(
      `${String(i + 1)}. **${view.kind}**: ${kindAndLabel(step.from, briefs)} → ${kindAndLabel(step.to, briefs)}. ${view.technique}.` +
        (view.why === '' ? '' : ` Why it works: ${view.why}`) +
        (view.object === undefined
          ? ''
          : ` (\`${view.object}\`${view.fields.length > 0 ? `: ${view.fields.join(', ')}` : ''})`),
    );
  });
  lines.push('');
  return lines;
}

export interface MarkdownContext {
  readonly base: AnalysisResult;
  /** The analysis with the session's what-if fixes applied (= base when none). */
  readonly current: AnalysisResult;
  readonly briefs: Briefs;
  /** When the export is made (ISO). */
  readonly exportedAt: string;
  /** Worst paths to write out as steps. */
  readonly worstPaths?: number;
}

/** The session as a Markdown report to hand over after the meeting. */
export function sessionMarkdown(
  session: Session,
  ctx: MarkdownContext,
): string {
  const { base, current, briefs } = ctx;
  const applied = session.whatIf.length > 0;
  const delta = whatIfDelta(base, current);
  const byFix = new Map(base.chokepoints.map(c => [c.fix.id, c]));
  const lines = [
    `# Threat-modelling session: ${session.cluster || base.cluster}`,
    '',
    `Inputs: ${session.inputs.join(', ') || '(unknown)'}. Exported ${ctx.exportedAt}` +
      (session.savedAt === '' ? '.' : `; session saved ${session.savedAt}.`),
    '',
    '## Figures',
    '',
    applied
      ? `| | Before | With the ${String(session.whatIf.length)} what-if fix${session.whatIf.length === 1 ? '' : 'es'} |`
      : '| | Now |',
    applied ? '|---|---|---|' : '|---|---|',
  ];
  const row = (name: string, before: number, after: number): void => {
    lines.push(
      applied
        ? `| ${name} | ${String(before)} | ${String(after)} |`
        : `| ${name} | ${String(before)} |`,
    );
  };
  row('Exposed entry points', delta.before, delta.after);
  for (const c of delta.byClass) row(`… ${c.label}`, c.before, c.exposed);
  row('Entry points', delta.entryPoints.before, delta.entryPoints.after);
  row(
    'Critical assets reached',
    base.summary.criticalAssetsReached,
    current.summary.criticalAssetsReached,
  );
  if (delta.entryPoints.removed.length > 0)
    lines.push(
      '',
      `The fixes remove ${String(delta.entryPoints.removed.length)} entry point(s) with the objects they replace: ${delta.entryPoints.removed.map(id => `\`${id}\``).join(', ')}.`,
    );
  if (applied) {
    lines.push('', '## What-if fixes applied', '');
    for (const id of session.whatIf) {
      const c = byFix.get(id);
      lines.push(
        c === undefined
          ? `- \`${id}\``
          : `- ${c.fix.description} (alone: cuts ${String(c.entriesCut)}, ${String(c.exposedAfter)} stay exposed)`,
      );
    }
  }
  const plan = planSteps(base);
  if (plan.length > 0) {
    lines.push(
      '',
      '## Remediation plan (measured by the engine)',
      '',
      '| Step | Fix | Exposed before | Exposed after | Impact |',
      '|---|---|---|---|---|',
    );
    for (const s of plan)
      lines.push(
        `| ${String(s.step)} | ${cell(s.description)} | ${String(s.before)} | ${String(s.after)} | ${s.impact === undefined ? '–' : cell(impactText(s.impact))} |`,
      );
  }
  const accepted = session.decisions.filter(d => d.type !== 'plan-fix');
  const planned = session.decisions.filter(d => d.type === 'plan-fix');
  lines.push('', '## Accepted risks', '');
  if (accepted.length === 0) lines.push('None.');
  else {
    lines.push('| On | What | Who | Why | Until |', '|---|---|---|---|---|');
    for (const d of accepted)
      lines.push(
        `| ${decisionKind(d)} | ${cell(d.label)} | ${cell(d.who)} | ${cell(d.why)} | ${d.until || 'no end date'} |`,
      );
  }
  lines.push('', '## Fixes planned', '');
  if (planned.length === 0) lines.push('None.');
  else {
    lines.push(
      '| Fix | Cuts alone | Exposed after alone | Who | Why | By |',
      '|---|---|---|---|---|---|',
    );
    for (const d of planned) {
      const c = byFix.get(d.key);
      lines.push(
        `| ${cell(d.label)} | ${c ? String(c.entriesCut) : '?'} | ${c ? String(c.exposedAfter) : '?'} | ${cell(d.who)} | ${cell(d.why)} | ${d.until || '-'} |`,
      );
    }
  }
  lines.push('', '## Notes', '');
  if (session.notes.length === 0) lines.push('None.');
  for (const note of session.notes)
    lines.push(
      `- ${note.about === '' ? '' : `(on ${note.aboutLabel}) `}${note.text.replace(/\n/g, ' ')} _(${note.at})_`,
    );
  if (session.whatIfSets.length > 0) {
    lines.push(
      '',
      '## What-if sets',
      '',
      '| Name | Fixes | Exposed after |',
      '|---|---|---|',
    );
    for (const set of session.whatIfSets)
      lines.push(
        `| ${cell(set.name)} | ${set.fixes.map(id => cell(byFix.get(id)?.fix.description ?? id)).join('; ')} | ${set.exposedAfter === undefined ? '?' : String(set.exposedAfter)} |`,
      );
  }
  const worst = rankPaths(current.paths).slice(0, ctx.worstPaths ?? 5);
  lines.push(
    '',
    applied
      ? '## Worst attack paths left with the what-if fixes'
      : '## Worst attack paths',
    '',
  );
  if (worst.length === 0)
    lines.push('None: no entry point reaches a critical asset.', '');
  worst.forEach((path, i) => {
    lines.push(...pathMarkdown(path, briefs, `### ${String(i + 1)}.`));
  });
  const assets = [...new Set(current.paths.map(p => p.to))];
  if (assets.length > 0)
    lines.push(
      `Critical assets still reached: ${assets.map(id => labelOf(id, briefs)).join(', ')}.`,
      '',
    );
  return lines.join('\n');
}
