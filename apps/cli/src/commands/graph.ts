/** `chokepoint graph INPUT... --format json|text`: the whole attack graph. */

import { buildGraph } from '@chokepoint/engine';
import { toGraphJson } from '@chokepoint/model';
import type { Command } from '../command.ts';
import { formatArg, stringOption } from '../command.ts';
import { EXIT } from '../errors.ts';
import {
  INPUT_HELP,
  INPUT_OPTIONS,
  readAnalysisInput,
} from '../analysis-input.ts';
import { graphSummary } from '../output/graph-text.ts';
import { writeOutput } from '../output/write-output.ts';
import { Progress, PROGRESS_HELP, PROGRESS_OPTIONS } from '../progress.ts';

export const graphCommand: Command = {
  usage:
    'chokepoint graph INPUT... [--format json|text] [--out FILE] [--policy FILE]',
  help: `${INPUT_HELP}

Options:
      --format json|text   json: every node and edge with its evidence (the
                           cli-contract shape); text: a summary (default)
  -o, --out FILE           write to FILE instead of standard output

${PROGRESS_HELP}

Example:
  chokepoint graph examples/demo-cluster --format json --out graph.json`,
  options: {
    ...INPUT_OPTIONS,
    ...PROGRESS_OPTIONS,
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(args, io) {
    const format = formatArg(args, ['json', 'text'], 'text');
    const progress = new Progress(io, 'graph', args);
    const { snapshot, policy } = await readAnalysisInput(args, io, progress);
    const result = buildGraph(snapshot, {
      policy,
      onProgress: progress.engine,
    });
    progress.phase('report');
    const text =
      format === 'json'
        ? `${JSON.stringify(toGraphJson(result.graph), null, 1)}\n`
        : graphSummary(result.graph, [...result.assumptions, ...result.notes]);
    const report = progress.finish(args, io, text, format === 'json');
    await writeOutput(io, report, stringOption(args, 'out'));
    return EXIT.ok;
  },
};
