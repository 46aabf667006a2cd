/**
 * What every analysing command reads: the INPUTs as one snapshot, and the
 * optional policy file (catalog 2.9). A bad policy file is bad input: exit
 * code 2, naming the file and the key, like any other input error.
 */

import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { InputError, readInputs } from '@chokepoint/collector';
import { resolvePolicy } from '@chokepoint/engine';
import type { Policy } from '@chokepoint/engine';
import type { Snapshot } from '@chokepoint/model';
import type { OptionSpec, ParsedArgs } from './command.ts';
import { stringOption } from './command.ts';
import type { Io } from './io.ts';
import { progress } from './io.ts';
import { TOOL } from './version.ts';

export const INPUT_OPTIONS: OptionSpec = {
  policy: { type: 'string' },
  'cluster-name': { type: 'string' },
};

export const INPUT_HELP = `INPUT is a file or directory (read recursively) of YAML or JSON manifests, a
kubectl get -o json List, a KubeHound dump directory, a Chokepoint snapshot, or
- for standard input.

Input options:
      --policy FILE        facts the input cannot show (catalog 2.9), YAML or JSON
      --cluster-name NAME  name recorded for the cluster`;

export interface AnalysisInput {
  readonly snapshot: Snapshot;
  readonly policy: Policy;
}

export async function readPolicyFile(path: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError({ file: path }, 'cannot read the policy file');
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const error = document.errors[0];
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new InputError(
      { file: path, line, column: col },
      `invalid YAML: ${error.message.split('\n')[0] ?? ''}`,
    );
  }
  const { policy, problems } = resolvePolicy(document.toJS());
  const first = problems[0];
  if (first !== undefined) {
    const more =
      problems.length > 1
        ? ` (and ${String(problems.length - 1)} more: ${problems.slice(1).join('; ')})`
        : '';
    throw new InputError({ file: path }, `policy: ${first}${more}`);
  }
  return policy;
}

export async function readAnalysisInput(
  args: ParsedArgs,
  io: Io,
): Promise<AnalysisInput> {
  const policyFile = stringOption(args, 'policy');
  const policy =
    policyFile === undefined
      ? resolvePolicy(undefined).policy
      : await readPolicyFile(policyFile);
  const clusterName = stringOption(args, 'cluster-name');
  const show = progress(io);
  const snapshot = await readInputs(args.positionals, {
    readStdin: io.readStdin,
    now: () => new Date(),
    tool: TOOL,
    onProgress: show,
    ...(clusterName === undefined ? {} : { clusterName }),
  });
  show.done();
  for (const warning of snapshot.collection.warnings)
    io.stderr(`warning: ${warning}\n`);
  return { snapshot, policy };
}
