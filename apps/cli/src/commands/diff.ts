/**
 * `chokepoint diff OLD NEW`: what changed in exposure between two inputs of
 * the same cluster (two snapshots, or two manifest trees): attack paths and
 * choke points added and removed, for review of a change or a CI gate.
 * A path is the same when it joins the same entry point to the same asset
 * through the same techniques.
 */

import { analyze } from '@chokepoint/engine';
import type { AnalysisResult, AttackPath } from '@chokepoint/engine';
import type { Command } from '../command.ts';
import { formatArg, stringOption } from '../command.ts';
import { EXIT, UsageError } from '../errors.ts';
import { INPUT_OPTIONS, readAnalysisInput } from '../analysis-input.ts';
import { writeOutput } from '../output/write-output.ts';
import { Progress, QUIET_HELP, QUIET_OPTION } from '../progress.ts';

function pathKey(path: AttackPath): string {
  return `${path.from} => ${path.to} via ${path.steps.map(s => s.kind).join(',')}`;
}

export interface Diff {
  readonly exposedBefore: number;
  readonly exposedAfter: number;
  readonly pathsAdded: readonly AttackPath[];
  readonly pathsRemoved: readonly AttackPath[];
  readonly chokepointsAdded: readonly string[];
  readonly chokepointsRemoved: readonly string[];
}

export function diffResults(
  before: AnalysisResult,
  after: AnalysisResult,
): Diff {
  const oldPaths = new Map(before.paths.map(p => [pathKey(p), p]));
  const newPaths = new Map(after.paths.map(p => [pathKey(p), p]));
  const oldFixes = new Set(before.chokepoints.map(c => c.fix.id));
  const newFixes = new Set(after.chokepoints.map(c => c.fix.id));
  return {
    exposedBefore: before.summary.exposedEntryPoints,
    exposedAfter: after.summary.exposedEntryPoints,
    pathsAdded: [...newPaths]
      .filter(([k]) => !oldPaths.has(k))
      .map(([, p]) => p),
    pathsRemoved: [...oldPaths]
      .filter(([k]) => !newPaths.has(k))
      .map(([, p]) => p),
    chokepointsAdded: [...newFixes].filter(id => !oldFixes.has(id)).sort(),
    chokepointsRemoved: [...oldFixes].filter(id => !newFixes.has(id)).sort(),
  };
}

function diffText(diff: Diff): string {
  const lines = [
    `Exposed entry points: ${String(diff.exposedBefore)} -> ${String(diff.exposedAfter)}`,
  ];
  const section = (title: string, items: readonly string[]): void => {
    lines.push(`${title} (${String(items.length)})`);
    for (const item of items) lines.push(`  ${item}`);
  };
  section('Attack paths added', diff.pathsAdded.map(pathKey));
  section('Attack paths removed', diff.pathsRemoved.map(pathKey));
  section('Choke points added', diff.chokepointsAdded);
  section('Choke points removed', diff.chokepointsRemoved);
  return `${lines.join('\n')}\n`;
}

export const diffCommand: Command = {
  usage:
    'chokepoint diff OLD NEW [--format text|json] [--out FILE] [--fail-on-new]',
  help: `OLD and NEW are each one INPUT (a snapshot, a manifest directory...).

Options:
      --format text|json   text (default) or json
  -o, --out FILE           write to FILE
      --fail-on-new        exit 1 when NEW has an attack path OLD does not
      --policy FILE        the policy file, for both inputs
${QUIET_HELP}`,
  options: {
    ...INPUT_OPTIONS,
    ...QUIET_OPTION,
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
    'fail-on-new': { type: 'boolean' },
  },
  async run(args, io) {
    if (args.positionals.length !== 2)
      throw new UsageError('diff needs exactly two inputs: OLD NEW');
    const format = formatArg(args, ['text', 'json'], 'text');
    const results: AnalysisResult[] = [];
    for (const input of args.positionals) {
      const progress = new Progress(io, `diff (${input})`, args);
      const { snapshot, policy } = await readAnalysisInput(
        { values: args.values, positionals: [input] },
        io,
        progress,
      );
      results.push(
        analyze(snapshot, {
          policy,
          maxCandidates: 20,
          planRounds: 0,
          onProgress: progress.engine,
        }).result,
      );
      progress.end();
    }
    const [before, after] = results as [AnalysisResult, AnalysisResult];
    const diff = diffResults(before, after);
    await writeOutput(
      io,
      format === 'json' ? `${JSON.stringify(diff, null, 1)}\n` : diffText(diff),
      stringOption(args, 'out'),
    );
    return args.values['fail-on-new'] === true && diff.pathsAdded.length > 0
      ? EXIT.failOn
      : EXIT.ok;
  },
};
