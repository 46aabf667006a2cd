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

export const graphCommand: Command = {
  name: 'graph',
  summary: 'Build the attack graph of the input and print it',
  usage:
    'chokepoint graph INPUT... [--format json|text] [--out FILE] [--policy FILE]',
  help: `${INPUT_HELP}

Options:
      --format json|text   json: every node and edge with its evidence (the
                           cli-contract shape); text: a summary (default)
  -o, --out FILE           write to FILE instead of standard output

Example:
  chokepoint graph examples/demo-cluster --format json --out graph.json`,
  options: {
    ...INPUT_OPTIONS,
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(args, io) {
    const format = formatArg(args, ['json', 'text'], 'text');
    const { snapshot, policy } = await readAnalysisInput(args, io);
    const result = buildGraph(snapshot, { policy });
    const text =
      format === 'json'
        ? `${JSON.stringify(toGraphJson(result.graph), null, 1)}\n`
        : graphSummary(result.graph, [...result.assumptions, ...result.notes]);
    await writeOutput(io, text, stringOption(args, 'out'));
    return EXIT.ok;
  },
};
