/**
 * `kubectl chokepoint ...`: the `kubectl-chokepoint` bin that kubectl runs as
 * a plugin when it is on PATH (kubectl passes every argument after the
 * plugin's name, its own flags included). kubectl's connection flags
 * `--kubeconfig`, `--context` and `-n/--namespace` select the cluster: a
 * command given no INPUT analyses that live cluster (read into a temporary
 * snapshot first, as `chokepoint collect` does); `kubectl chokepoint` alone
 * is `analyze` of the current context.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.ts';
import { pluginCall, SNAPSHOT } from './plugin-args.ts';

async function run(args: readonly string[]): Promise<number> {
  const call = await pluginCall(args);
  if (call.collect === undefined) return main(call.command);
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-chokepoint-'));
  try {
    const snapshot = join(dir, 'cluster.snapshot.json');
    const collected = await main([
      'collect',
      ...call.collect,
      '--quiet',
      '-o',
      snapshot,
    ]);
    if (collected !== 0) return collected;
    return await main(call.command.map(a => (a === SNAPSHOT ? snapshot : a)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await run(process.argv.slice(2));
