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
import { UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { progress } from './io.ts';
import { TOOL } from './version.ts';

export const INPUT_OPTIONS: OptionSpec = {
  policy: { type: 'string' },
  'cluster-name': { type: 'string' },
  namespace: { type: 'string', short: 'n' },
};

export const INPUT_HELP = `INPUT is a file or directory (read recursively, symlinks followed) of YAML or
JSON manifests, a kubectl get -o json List, a KubeHound dump directory, a
Chokepoint snapshot, or - for standard input. In a directory, files that hold no
Kubernetes objects (Helm chart files, kustomizations) are skipped with a
warning; render them first: helm template NAME CHART | chokepoint analyze -,
or kubectl kustomize DIR | chokepoint analyze -.

Input options:
      --policy FILE        facts the input cannot show (catalog 2.9), YAML or JSON
      --cluster-name NAME  name recorded for the cluster
  -n, --namespace NS       namespace of namespaced objects that name none, as
                           kubectl apply -n NS (default: default)`;

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
  const snapshot = await readSnapshotInputs(args, io);
  return { snapshot, policy };
}

/** The INPUTs as one snapshot, with `--cluster-name` and `-n`; warnings and notes on stderr. */
export async function readSnapshotInputs(
  args: ParsedArgs,
  io: Io,
): Promise<Snapshot> {
  const clusterName = stringOption(args, 'cluster-name');
  const namespace = stringOption(args, 'namespace');
  if (namespace !== undefined && !DNS_LABEL.test(namespace))
    throw new UsageError(
      `--namespace must be a valid namespace name (got "${namespace}")`,
    );
  const show = progress(io);
  const snapshot = await readInputs(args.positionals, {
    readStdin: io.readStdin,
    now: () => new Date(),
    tool: TOOL,
    onProgress: show,
    ...(clusterName === undefined ? {} : { clusterName }),
    ...(namespace === undefined ? {} : { namespace }),
  });
  show.done();
  for (const line of inputNotes(snapshot)) io.stderr(`${line}\n`);
  return snapshot;
}

/** What a person should know about how the input was read: warnings, then counts. */
export function inputNotes(snapshot: Snapshot): string[] {
  const { warnings, skippedFiles, defaultedNamespace } = snapshot.collection;
  const lines = warnings.map(warning => `warning: ${warning}`);
  if (skippedFiles !== undefined && skippedFiles > 0)
    lines.push(
      `note: ${String(skippedFiles)} file${skippedFiles === 1 ? '' : 's'} found in folders skipped: no Kubernetes objects in ${skippedFiles === 1 ? 'it' : 'them'} (warnings above)`,
    );
  if (defaultedNamespace !== undefined)
    lines.push(
      `note: ${String(defaultedNamespace.objects)} namespaced object${defaultedNamespace.objects === 1 ? '' : 's'} without a namespace put in "${defaultedNamespace.namespace}" (as kubectl apply -n ${defaultedNamespace.namespace}; change it with -n NAMESPACE)`,
    );
  return lines;
}

/** RFC 1123 label: what the API server accepts as a namespace name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
