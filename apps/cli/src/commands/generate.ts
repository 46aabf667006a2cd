/** `chokepoint generate --pods N [--seed S] -o FILE`: a synthetic cluster snapshot for benchmarks. */

import { generateCluster, writeSnapshot } from '@chokepoint/collector';
import type { Command } from '../command.ts';
import { stringOption } from '../command.ts';
import { EXIT, RuntimeFailure, UsageError } from '../errors.ts';
import { snapshotSummary } from '../output/snapshot-summary.ts';
import { TOOL } from '../version.ts';

function positiveInteger(
  text: string | undefined,
  flag: string,
  fallback?: number,
): number {
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`generate needs ${flag} N`);
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(
      `${flag} must be a positive whole number (got "${text}")`,
    );
  return value;
}

export const generateCommand: Command = {
  usage: 'chokepoint generate --pods N [--seed S] -o FILE',
  help: `Namespaces of about 100 pods in deployments, a ServiceAccount per app,
RoleBindings to built-in and custom roles, a few cluster-wide grants
(monitoring, CI, auditors), Services, Ingresses, Secrets (without values), a
privileged kube-proxy on every node and a small share of risky pod settings.
The same --pods and --seed always give the same objects.

Options:
      --pods N   number of pods (required)
      --seed S   seed of the generator (default 1)
  -o, --out FILE write the snapshot here (required)`,
  options: {
    pods: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(args, io) {
    const pods = positiveInteger(stringOption(args, 'pods'), '--pods');
    const seed = positiveInteger(stringOption(args, 'seed'), '--seed', 1);
    const out = stringOption(args, 'out');
    if (out === undefined) throw new UsageError('generate needs -o FILE');
    const snapshot = generateCluster({
      pods,
      seed,
      tool: TOOL,
      now: () => new Date(),
    });
    try {
      await writeSnapshot(out, snapshot);
    } catch (error) {
      throw new RuntimeFailure(
        `cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    io.stdout(snapshotSummary(snapshot, out));
    return EXIT.ok;
  },
};
