/**
 * What every analysing command reads: the INPUTs as one snapshot, and the
 * optional policy file (catalog 2.9). A bad policy file is bad input: exit
 * code 2, naming the file and the key, like any other input error. Both are
 * read within the input limit (--max-input-size) and with the same guards.
 */

import {
  DEFAULT_MAX_INPUT_BYTES,
  InputError,
  MAX_INPUT_BYTES_CEILING,
  MAX_INPUT_ENV,
  escapeControls,
  formatBytes,
  parseByteSize,
  parseYamlDocument,
  readInputFile,
  readInputsLocated,
} from '@chokepoint/collector';
import type {
  ReadInputsOptions,
  ReadResult,
  SourceLocation,
} from '@chokepoint/collector';
import { resolvePolicy } from '@chokepoint/engine';
import type { Policy } from '@chokepoint/engine';
import type { Snapshot } from '@chokepoint/model';
import type { OptionSpec, ParsedArgs } from './command.ts';
import { stringOption } from './command.ts';
import { UsageError } from './errors.ts';
import type { Io } from './io.ts';
import type { Progress } from './progress.ts';
import { TOOL } from './version.ts';

/** Options of every command that reads INPUTs (analysing commands and `snapshot`). */
export const READ_OPTIONS: OptionSpec = {
  'cluster-name': { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'max-input-size': { type: 'string' },
  'skip-invalid': { type: 'boolean' },
};

export const INPUT_OPTIONS: OptionSpec = {
  ...READ_OPTIONS,
  policy: { type: 'string' },
};

export const READ_HELP = `      --cluster-name NAME  name recorded for the cluster
  -n, --namespace NS       namespace of namespaced objects that name none, as
                           kubectl apply -n NS (default: default)
      --skip-invalid       leave out, with a warning, objects the API server would
                           refuse (default: exit 2 naming each of them)
      --max-input-size SIZE  most bytes one file or standard input may hold
                           (default ${formatBytes(DEFAULT_MAX_INPUT_BYTES)}, up to ${formatBytes(MAX_INPUT_BYTES_CEILING)}; also ${MAX_INPUT_ENV})`;

export const INPUT_HELP = `INPUT is a file or directory (read recursively, symlinks followed) of YAML or
JSON manifests, a kubectl get -o json List, a KubeHound dump directory, a
Chokepoint snapshot, or - for standard input. In a directory, files that hold no
Kubernetes objects (Helm chart files, kustomizations) are skipped with a
warning; render them first: helm template NAME CHART | chokepoint analyze -,
or kubectl kustomize DIR | chokepoint analyze -.

Input options:
      --policy FILE        facts the input cannot show (catalog 2.9), YAML or JSON
${READ_HELP}`;

/** `--max-input-size`, else CHOKEPOINT_MAX_INPUT_SIZE, else the default. */
export function maxInputBytes(
  args: ParsedArgs,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const flag = stringOption(args, 'max-input-size');
  const text = flag ?? env[MAX_INPUT_ENV];
  if (text === undefined || text === '') return DEFAULT_MAX_INPUT_BYTES;
  const bytes = parseByteSize(text);
  if (bytes === undefined) {
    throw new UsageError(
      `${flag === undefined ? MAX_INPUT_ENV : '--max-input-size'} must be a size such as 64M or 1G, at most ${formatBytes(MAX_INPUT_BYTES_CEILING)} (got "${text}")`,
    );
  }
  return bytes;
}

export interface AnalysisInput {
  readonly snapshot: Snapshot;
  readonly policy: Policy;
  /** Where each object was read, by `locationKey` (for SARIF locations). */
  readonly locations: ReadonlyMap<string, SourceLocation>;
}

export async function readPolicyFile(
  path: string,
  maxBytes = DEFAULT_MAX_INPUT_BYTES,
): Promise<Policy> {
  const text = await readInputFile(path, maxBytes);
  const { policy, problems } = resolvePolicy(parseYamlDocument(text, path));
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

/** Catalog 2.9 keys for wave-2 techniques (catalog 7): valid, not read yet. */
const NOT_YET_READ = ['controllers', 'imds', 'ingressControllers'] as const;

export async function readAnalysisInput(
  args: ParsedArgs,
  io: Io,
  progress: Progress,
): Promise<AnalysisInput> {
  progress.phase('read');
  const policyFile = stringOption(args, 'policy');
  const policy =
    policyFile === undefined
      ? resolvePolicy(undefined).policy
      : await readPolicyFile(policyFile, maxInputBytes(args));
  for (const key of NOT_YET_READ) {
    if (policy[key] !== undefined) {
      progress.clear();
      io.stderr(
        `warning: ${policyFile ?? 'policy'}: policy key "${key}" is an input of wave-2 techniques (catalog 7) that this version accepts but does not use yet\n`,
      );
    }
  }
  const { snapshot, locations } = await readSnapshotInputs(args, io, progress);
  return { snapshot, policy, locations };
}

/** The INPUTs as one snapshot, with `--cluster-name` and `-n`; warnings and notes on stderr. */
export async function readSnapshotInputs(
  args: ParsedArgs,
  io: Io,
  progress: Progress,
): Promise<ReadResult> {
  progress.phase('read');
  const read = await readInputsLocated(args.positionals, {
    ...readOptions(args, io),
    onProgress: progress.read,
  });
  progress.clear();
  for (const line of inputNotes(read.snapshot))
    io.stderr(`${escapeControls(line)}\n`);
  return read;
}

/** What readInputs needs from the command line and the Io. */
export function readOptions(
  args: ParsedArgs,
  io: Io,
): Omit<ReadInputsOptions, 'onProgress'> {
  const clusterName = stringOption(args, 'cluster-name');
  const namespace = stringOption(args, 'namespace');
  if (namespace !== undefined && !DNS_LABEL.test(namespace))
    throw new UsageError(
      `--namespace must be a valid namespace name (got "${namespace}")`,
    );
  return {
    readStdin: io.readStdin,
    now: () => new Date(),
    tool: TOOL,
    maxInputBytes: maxInputBytes(args),
    skipInvalid: args.values['skip-invalid'] === true,
    ...(clusterName === undefined ? {} : { clusterName }),
    ...(namespace === undefined ? {} : { namespace }),
  };
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
