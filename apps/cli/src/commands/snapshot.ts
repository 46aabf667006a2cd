/**
 * `chokepoint snapshot INPUT... -o FILE`: read offline inputs into one
 * redacted snapshot file and print what it holds.
 */

import { readInputs, writeSnapshot } from '@chokepoint/collector';
import type { Command } from '../command.ts';
import { stringOption } from '../command.ts';
import { UsageError, EXIT, RuntimeFailure } from '../errors.ts';
import { progress } from '../io.ts';
import { TOOL } from '../version.ts';
import { snapshotSummary } from '../output/snapshot-summary.ts';

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary:
    'Read manifests, kubectl JSON, KubeHound dumps or snapshots into one snapshot file',
  usage: 'chokepoint snapshot INPUT... -o FILE [--cluster-name NAME]',
  help: `INPUT is a file or directory (read recursively) of multi-document YAML or JSON,
a kubectl get -o json List, a KubeHound dump directory, a Chokepoint snapshot,
or - for standard input. Secret values and last-applied-configuration
annotations are removed as the input is read.

Options:
  -o, --out FILE          write the snapshot here (required)
      --cluster-name NAME name recorded for the cluster (default: from the input)
  -q, --quiet             print nothing but errors

Example:
  chokepoint snapshot manifests/ kube-system.json -o cluster.snapshot.json`,
  options: {
    out: { type: 'string', short: 'o' },
    'cluster-name': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  },
  async run(args, io) {
    const out = stringOption(args, 'out');
    if (out === undefined) throw new UsageError('snapshot needs -o FILE');
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
    try {
      await writeSnapshot(out, snapshot);
    } catch (error) {
      throw new RuntimeFailure(
        `cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (args.values.quiet !== true) io.stdout(snapshotSummary(snapshot, out));
    for (const warning of snapshot.collection.warnings)
      io.stderr(`warning: ${warning}\n`);
    return EXIT.ok;
  },
};
