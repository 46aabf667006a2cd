/**
 * `chokepoint blast INPUT... --from ID` (what an attacker holding ID can
 * reach) and `--to ID` (who can reach ID): counts by kind, the critical
 * assets in reach, and every node with its distance in the json format.
 */

import {
  buildGraph,
  closeMatches,
  reachFrom,
  resolveTargets,
} from '@chokepoint/engine';
import type { Reached } from '@chokepoint/engine';
import type { Command } from '../command.ts';
import { formatArg, minConfidenceArg, stringOption } from '../command.ts';
import { EXIT, UsageError } from '../errors.ts';
import {
  INPUT_HELP,
  INPUT_OPTIONS,
  readAnalysisInput,
} from '../analysis-input.ts';
import { writeOutput } from '../output/write-output.ts';
import { Progress, QUIET_HELP, QUIET_OPTION } from '../progress.ts';

function byKind(nodes: readonly Reached[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of nodes) counts[node.kind] = (counts[node.kind] ?? 0) + 1;
  return Object.fromEntries(
    Object.entries(counts).sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    ),
  );
}

export const blastCommand: Command = {
  usage:
    'chokepoint blast INPUT... (--from ID | --to ID) [--format text|json] [--min-confidence L]',
  help: `${INPUT_HELP}

Options:
      --from ID            blast radius: everything reachable from this foothold
      --to ID              the reverse: every node with a path to this asset
      --format text|json   text (default) or json (every node with its distance)
      --min-confidence L   use only edges of confidence L or higher (default low)
  -o, --out FILE           write to FILE
${QUIET_HELP}`,
  options: {
    ...INPUT_OPTIONS,
    ...QUIET_OPTION,
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    'min-confidence': { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(args, io) {
    const from = stringOption(args, 'from');
    const to = stringOption(args, 'to');
    if ((from === undefined) === (to === undefined))
      throw new UsageError('blast needs exactly one of --from ID or --to ID');
    const format = formatArg(args, ['text', 'json'], 'text');
    const minConfidence = minConfidenceArg(args);
    const progress = new Progress(io, 'blast', args);
    const { snapshot, policy } = await readAnalysisInput(args, io, progress);
    const { graph, index } = buildGraph(snapshot, {
      policy,
      identities: [from ?? to ?? ''],
      onProgress: progress.engine,
    });
    progress.end();
    const start = from ?? to ?? '';
    if (!graph.hasNode(start)) {
      const hints = closeMatches(start, graph.nodes());
      throw new UsageError(
        `${from !== undefined ? '--from' : '--to'}: no node "${start}" in the attack graph${hints.length > 0 ? `; did you mean:\n  ${hints.join('\n  ')}` : ''}`,
      );
    }
    const direction = from !== undefined ? 'forward' : 'reverse';
    const reached = reachFrom(graph, start, direction, minConfidence).filter(
      n => n.kind !== 'Scope' && n.kind !== 'PermissionSet',
    );
    const targets = resolveTargets(graph, index);
    const special = new Set(
      direction === 'forward' ? targets.criticalAssets : targets.entryPoints,
    );
    const notable = reached.filter(n => special.has(n.id));
    if (format === 'json') {
      await writeOutput(
        io,
        `${JSON.stringify({ [direction === 'forward' ? 'from' : 'to']: start, reached: reached.length, byKind: byKind(reached), [direction === 'forward' ? 'criticalAssets' : 'entryPoints']: notable, nodes: reached }, null, 1)}\n`,
        stringOption(args, 'out'),
      );
      return EXIT.ok;
    }
    const lines = [
      direction === 'forward'
        ? `From ${start} an attacker reaches ${String(reached.length)} nodes, ${String(notable.length)} of them critical assets.`
        : `${String(reached.length)} nodes have a path to ${start}, ${String(notable.length)} of them entry points.`,
      'By kind:',
      ...Object.entries(byKind(reached)).map(
        ([kind, n]) => `  ${kind.padEnd(22)} ${String(n).padStart(7)}`,
      ),
      direction === 'forward'
        ? 'Critical assets in reach (hops):'
        : 'Entry points that reach it (hops):',
      ...notable.slice(0, 25).map(n => `  ${n.id} (${String(n.distance)})`),
      ...(notable.length > 25
        ? [
            `  ... ${String(notable.length - 25)} more (--format json lists all)`,
          ]
        : []),
      '',
    ];
    await writeOutput(io, lines.join('\n'), stringOption(args, 'out'));
    return EXIT.ok;
  },
};
