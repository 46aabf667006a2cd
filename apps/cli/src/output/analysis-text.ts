/**
 * The report a person reads: exposure at a glance, the top choke points with
 * their fix and measured effect, the remediation plan, and the worst paths
 * drawn step by step. The same content renders as terminal text or Markdown.
 */

import { entryClass } from '@chokepoint/engine';
import { alternativeLead, reasonOf } from '@chokepoint/model';
import type { AnalysisPath, AnalysisResult } from '@chokepoint/model';

const CLASS_LABEL = {
  internet: 'the Internet',
  unauthenticated: 'anonymous users',
  authenticated: 'any authenticated user',
  container: 'compromised containers (assume breach)',
  other: 'other entry points',
} as const;

const TOP = 10;
const WORST_PATHS = 3;
const CONVERGENCE_SHOWN = 5;

/**
 * The workload an entry point belongs to: a container's pod, or for a
 * stand-in (`Container:<ns>/<Kind>/<name>[@<node>]/<container>`) its
 * controller on whichever node. Sidecars and a controller's per-node
 * stand-ins are one workload in the report (issue #17, point 8); other entry
 * points are their own.
 */
export function workloadOf(id: string): string {
  if (!id.startsWith('Container:')) return id;
  const parts = id.slice('Container:'.length).split('/');
  const [namespace = '', ...rest] = parts.slice(0, -1);
  if (rest.length === 2) rest[1] = (rest[1] ?? '').replace(/@.*$/, '');
  return [namespace, ...rest].join('/');
}

/** The worst paths, one per workload, each with how many other entry points of its workload are exposed. */
function worstPaths(
  paths: readonly AnalysisPath[],
): { path: AnalysisPath; others: number }[] {
  const order = [
    'internet',
    'unauthenticated',
    'authenticated',
    'other',
    'container',
  ];
  const sorted = [...paths].sort(
    (a, b) =>
      order.indexOf(entryClass(a.from)) - order.indexOf(entryClass(b.from)) ||
      a.length - b.length ||
      (a.from < b.from ? -1 : 1),
  );
  const perWorkload = new Map<string, { path: AnalysisPath; others: number }>();
  for (const path of sorted) {
    const workload = workloadOf(path.from);
    const seen = perWorkload.get(workload);
    if (seen === undefined) perWorkload.set(workload, { path, others: 0 });
    else seen.others++;
  }
  return [...perWorkload.values()].slice(0, WORST_PATHS);
}

/** `, in W of T workloads` when containers of one workload count apart. */
function inWorkloads(result: AnalysisResult): string {
  const containers = result.entryPoints.filter(
    id => entryClass(id) === 'container',
  );
  const workloads = new Set(containers.map(workloadOf));
  if (workloads.size === containers.length) return '';
  const exposed = new Set(
    result.paths
      .filter(p => entryClass(p.from) === 'container')
      .map(p => workloadOf(p.from)),
  );
  return `, in ${String(exposed.size)} of ${String(workloads.size)} workloads`;
}

export function analysisText(
  result: AnalysisResult,
  markdown: boolean,
): string {
  const h1 = (t: string) => (markdown ? `# ${t}` : t);
  const h2 = (t: string) =>
    markdown ? `\n## ${t}\n` : `\n${t}\n${'-'.repeat(t.length)}`;
  const code = (t: string) => (markdown ? `\`${t}\`` : t);
  const lines: string[] = [];
  const { summary } = result;
  lines.push(
    h1(
      `Chokepoint report: ${result.cluster}${result.serverVersion ? ` (${result.serverVersion})` : ''}`,
    ),
  );
  lines.push('');
  if (result.assumptions.length > 0) {
    lines.push(
      'Assumed for what the input lacks (the policy file can say otherwise):',
    );
    for (const assumption of result.assumptions)
      lines.push(`${markdown ? '- ' : '  '}${assumption}`);
    lines.push('');
  }
  lines.push(
    `Exposure: ${String(summary.exposedEntryPoints)} of ${String(summary.entryPoints)} entry points reach a critical asset ` +
      `(${String(summary.criticalAssetsReached)} of ${String(summary.criticalAssets)} critical assets reached).`,
  );
  if (summary.acceptedEntryPoints > 0) {
    lines.push(
      `${String(summary.acceptedEntryPoints)} of them are accepted risks of the policy file.`,
    );
  }
  const totals: Record<string, number> = {};
  for (const id of result.entryPoints)
    totals[entryClass(id)] = (totals[entryClass(id)] ?? 0) + 1;
  for (const [cls, label] of Object.entries(CLASS_LABEL)) {
    const total = totals[cls] ?? 0;
    if (total === 0) continue;
    const exposed = summary.exposedByClass[cls as keyof typeof CLASS_LABEL];
    lines.push(
      `${markdown ? '- ' : '  '}${label}: ${String(exposed)} of ${String(total)} exposed${cls === 'container' ? inWorkloads(result) : ''}`,
    );
  }
  if (result.applied.length > 0) {
    lines.push('', `What-if: analysed as if these fixes were made:`);
    for (const fix of result.applied)
      lines.push(
        `${markdown ? '- ' : '  '}${fix.description} (${code(fix.id)})`,
      );
  }

  lines.push(h2('Top choke points'));
  if (result.chokepoints.length === 0)
    lines.push(
      summary.exposedEntryPoints === 0
        ? 'Nothing to cut: no entry point reaches a critical asset.'
        : 'No single measured fix reduces exposure.',
    );
  // Breaking fixes rank last: when the first breaks, every one does.
  if (result.chokepoints[0]?.fix.impact?.level === 'breaks')
    lines.push(
      'Every measured fix breaks a component: the exposure left is what these components need to work. Weigh each fix against what it breaks, or record the risk as accepted in the policy file (acceptedRisks).',
    );
  for (const c of result.chokepoints.slice(0, TOP)) {
    lines.push(`${String(c.rank)}. ${c.fix.description}`);
    lines.push(
      `   cuts ${String(c.entriesCut)} of ${String(summary.exposedEntryPoints)} exposed entry points, ${String(c.exposedAfter)} stay exposed; ` +
        `on ${String(Math.round(c.pathShare * 100))}% of shortest paths`,
    );
    lines.push(`   fix id: ${code(c.fix.id)}`);
    const impact = c.fix.impact;
    if (impact !== undefined)
      lines.push(
        `   impact: ${impact.level}${impact.component === undefined ? '' : ` (${impact.component})`}: ${impact.reason}`,
      );
    if (c.alternative !== undefined)
      lines.push(
        `   ${alternativeLead(c.alternative.fix.impact)}: ${c.alternative.fix.description}, cuts ${String(c.alternative.entriesCut)} (${code(c.alternative.fix.id)})`,
      );
  }

  const converging = result.convergence.slice(0, CONVERGENCE_SHOWN);
  if (converging.length > 0) {
    lines.push(h2('Where attack paths converge'));
    lines.push(
      'Every attack path of these exposed entry points crosses the node (dominator tree of the attack graph):',
    );
    for (const point of converging)
      lines.push(
        `${markdown ? '- ' : '  '}${code(point.node)}: ${String(point.entries)} of ${String(summary.exposedEntryPoints)} exposed entry points`,
      );
  }

  if (result.plan.steps.length > 0) {
    lines.push(h2('Remediation plan'));
    lines.push(
      'Apply in order; each figure is measured with the earlier steps applied.',
      result.plan.method === 'exact'
        ? 'Proven smallest: no fewer of the measured fixes do as well (exact search).'
        : 'Found step by step (greedy); a smaller plan may exist.',
    );
    result.plan.steps.forEach((step, i) => {
      lines.push(
        `${String(i + 1)}. ${step.fix.description} -> ${String(step.exposedAfter)} exposed${step.fix.impact?.level === 'breaks' ? ` (breaks ${step.fix.impact.component ?? 'a component'})` : ''}`,
      );
    });
    if (result.plan.exposedAfter > 0) {
      lines.push(
        `After the plan ${String(result.plan.exposedAfter)} entry points remain exposed; no further measured fix helps.`,
      );
    }
  }

  const worst = worstPaths(result.paths);
  if (worst.length > 0) {
    lines.push(h2('Worst attack paths'));
    for (const { path, others } of worst) {
      const accepted =
        path.accepted === undefined
          ? ''
          : ` (accepted until ${path.accepted.until}: ${path.accepted.reason})`;
      lines.push(
        `${code(path.from)} to ${code(path.to)}: ${String(path.length)} ${path.length === 1 ? 'step' : 'steps'}, confidence ${path.confidence}${accepted}`,
      );
      if (others > 0)
        lines.push(
          `${markdown ? '' : '  '}(and ${String(others)} more exposed ${others === 1 ? 'entry point' : 'entry points'} of the same workload: its other containers, or its pods on other nodes)`,
        );
      if (markdown) lines.push('');
      path.steps.forEach((step, i) => {
        const why = reasonOf(step.evidence);
        const reason = why === undefined ? '' : ` (${why})`;
        const also =
          step.otherKinds === undefined
            ? ''
            : ` (also via ${step.otherKinds.join(', ')})`;
        lines.push(
          `${markdown ? '' : '  '}${String(i + 1)}. ${code(step.from)} --${step.kind}--> ${code(step.to)}${reason}${also}`,
        );
      });
      lines.push('');
    }
  }
  if (result.findings.length > 0) {
    lines.push(h2('Findings'));
    const counts = new Map<string, number>();
    for (const finding of result.findings)
      counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
    const onPath = result.findings.filter(f => f.onAttackPath);
    lines.push(
      `${String(result.findings.length)} checklist findings (${[
        'critical',
        'high',
        'medium',
        'low',
        'info',
      ]
        .filter(s => counts.has(s))
        .map(s => `${String(counts.get(s))} ${s}`)
        .join(
          ', ',
        )}); ${onPath.length === 0 ? 'none on an attack path.' : `${String(onPath.length)} on an attack path:`}`,
    );
    for (const finding of onPath.slice(0, TOP)) {
      lines.push(
        `${markdown ? '- ' : '  '}[${finding.severity}] ${code(finding.check)} ${finding.message}`,
      );
    }
    if (onPath.length > TOP)
      lines.push(
        `${markdown ? '- ' : '  '}... ${String(onPath.length - TOP)} more in the json report`,
      );
  }
  if (result.notes.length > 0) {
    lines.push(h2('Notes'));
    for (const note of result.notes)
      lines.push(`${markdown ? '- ' : ''}${note}`);
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
