/**
 * `chokepoint snapshot INPUT... -o FILE`: read offline inputs into one
 * redacted snapshot file and print what it holds.
 */

import { writeSnapshot } from '@chokepoint/collector';
import {
  READ_HELP,
  READ_OPTIONS,
  readSnapshotInputs,
} from '../analysis-input.ts';
import type { Command } from '../command.ts';
import { stringOption } from '../command.ts';
import { UsageError, EXIT, RuntimeFailure } from '../errors.ts';
import { snapshotSummary } from '../output/snapshot-summary.ts';
import { Progress } from '../progress.ts';

export const snapshotCommand: Command = {
  usage: 'chokepoint snapshot INPUT... -o FILE [--cluster-name NAME]',
  help: `INPUT is a file or directory (read recursively, symlinks followed) of
multi-document YAML or JSON, a kubectl get -o json List, a KubeHound dump
directory, a Chokepoint snapshot, or - for standard input. In a directory,
files that hold no Kubernetes objects (Helm chart files, kustomizations) are
skipped with a warning. Secret values and last-applied-configuration
annotations are removed as the input is read.

Options:
  -o, --out FILE           write the snapshot here (required)
  -q, --quiet              print nothing but errors
${READ_HELP}

Example:
  chokepoint snapshot manifests/ kube-system.json -o cluster.snapshot.json`,
  options: {
    ...READ_OPTIONS,
    out: { type: 'string', short: 'o' },
    quiet: { type: 'boolean', short: 'q' },
  },
  async run(args, io) {
    const out = stringOption(args, 'out');
    if (out === undefined) throw new UsageError('snapshot needs -o FILE');
    const progress = new Progress(io, 'snapshot', args);
    const { snapshot } = await readSnapshotInputs(args, io, progress);
    progress.end();
    try {
      await writeSnapshot(out, snapshot);
    } catch (error) {
      throw new RuntimeFailure(
        `cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (args.values.quiet !== true) io.stdout(snapshotSummary(snapshot, out));
    return EXIT.ok;
  },
};
