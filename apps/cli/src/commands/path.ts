/**
 * `chokepoint path INPUT... --from ID --to ID`: the shortest attack path
 * between two nodes, or `null` (json) when there is none. An unknown id is
 * bad input (exit 2) with the closest ids the graph has.
 */

import {
  buildGraph,
  closeMatches,
  diversePaths,
  mostLikelyPath,
  shortestPath,
} from '@chokepoint/engine';
import type { AttackGraph } from '@chokepoint/model';
import type { Command } from '../command.ts';
import { formatArg, minConfidenceArg, stringOption } from '../command.ts';
import { EXIT, UsageError } from '../errors.ts';
import {
  INPUT_HELP,
  INPUT_OPTIONS,
  readAnalysisInput,
} from '../analysis-input.ts';
import { pathText } from '../output/path-text.ts';
import { writeOutput } from '../output/write-output.ts';
import { Progress, QUIET_HELP, QUIET_OPTION } from '../progress.ts';

function checkId(graph: AttackGraph, id: string, flag: string): void {
  if (graph.hasNode(id)) return;
  const suggestions = closeMatches(id, graph.nodes());
  throw new UsageError(
    `${flag}: no node "${id}" in the attack graph` +
      (suggestions.length > 0
        ? `; did you mean:\n  ${suggestions.join('\n  ')}`
        : ''),
  );
}

export const pathCommand: Command = {
  usage:
    'chokepoint path INPUT... --from ID --to ID [--format json|text] [--min-confidence low|medium|high]',
  help: `${INPUT_HELP}

Options:
      --from ID            where the attacker starts, e.g. Internet or Container:web/frontend-7d9f8c6b5d-4xk2p/app
      --to ID              the target, e.g. Group:system:masters or Node:cp-1
      --format json|text   json: the cli-contract path shape, null when there is
                           no path; text: the steps a person reads (default)
      --min-confidence L   use only edges of confidence L or higher (default low)
      --most-likely        the most likely path (edge confidence as an ordinal
                           success probability) instead of the fewest steps
      --alternatives K     up to K distinct paths, each preferring steps the
                           earlier ones did not take (json: a list)
  -o, --out FILE           write to FILE instead of standard output
${QUIET_HELP}

Ids follow the catalog: Kind:namespace/name, or Kind:name when cluster-scoped.`,
  options: {
    ...INPUT_OPTIONS,
    ...QUIET_OPTION,
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    'min-confidence': { type: 'string' },
    'most-likely': { type: 'boolean' },
    alternatives: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(args, io) {
    const from = stringOption(args, 'from');
    const to = stringOption(args, 'to');
    if (from === undefined || to === undefined)
      throw new UsageError('path needs --from ID and --to ID');
    const format = formatArg(args, ['json', 'text'], 'text');
    const minConfidence = minConfidenceArg(args);
    const progress = new Progress(io, 'path', args);
    const { snapshot, policy } = await readAnalysisInput(args, io, progress);
    const { graph } = buildGraph(snapshot, {
      policy,
      identities: [from, to],
      onProgress: progress.engine,
    });
    progress.end();
    checkId(graph, from, '--from');
    checkId(graph, to, '--to');
    const confidence = { minConfidence: minConfidence };
    const alternativesText = stringOption(args, 'alternatives');
    let text: string;
    if (alternativesText !== undefined) {
      const count = Number(alternativesText);
      if (!Number.isInteger(count) || count < 1 || count > 50) {
        throw new UsageError(
          `--alternatives must be a whole number from 1 to 50 (got "${alternativesText}")`,
        );
      }
      const paths = diversePaths(graph, from, to, count, confidence);
      text =
        format === 'json'
          ? `${JSON.stringify(paths, null, 1)}\n`
          : paths.length === 0
            ? pathText(graph, null, from, to)
            : paths
                .map(
                  (p, i) =>
                    `Path ${String(i + 1)} of ${String(paths.length)}: ${pathText(graph, p, from, to)}`,
                )
                .join('\n');
    } else {
      const path =
        args.values['most-likely'] === true
          ? mostLikelyPath(graph, from, to, confidence)
          : shortestPath(graph, from, to, confidence);
      text =
        format === 'json'
          ? `${JSON.stringify(path, null, 1)}\n`
          : pathText(graph, path, from, to);
    }
    await writeOutput(io, text, stringOption(args, 'out'));
    return EXIT.ok;
  },
};
