/**
 * What reading offline input costs, and how much of it is the OpenAPI
 * validation (issue 12): a generated cluster of N pods (default 20000) is
 * written as one `kubectl get -o json` List and as multi-document YAML, read
 * with readInputs, and the validation of the same objects is timed on its
 * own (schema compilation separately). CPU milliseconds, so that a busy
 * machine skews the figures less; say `uptime` beside them.
 *
 *   node apps/cli/node_modules/tsx/dist/cli.mjs scripts/bench-read.ts [PODS]
 */

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  generateCluster,
  readInputs,
} from '../packages/collector/src/index.ts';
import { validateObject } from '../packages/collector/src/validation/validate-object.ts';

function cpuMs<T>(work: () => T): { value: T; ms: number } {
  const start = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(start);
  return { value, ms: Math.round((used.user + used.system) / 1000) };
}

async function cpuMsAsync<T>(
  work: () => Promise<T>,
): Promise<{ value: T; ms: number }> {
  const start = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(start);
  return { value, ms: Math.round((used.user + used.system) / 1000) };
}

const pods = Number(process.argv[2] ?? 20_000);
const cluster = generateCluster({
  pods,
  seed: 1,
  now: () => new Date(0),
  tool: 'bench',
});
const items = Object.values(cluster.objects).flat();
const dir = await mkdtemp(join(tmpdir(), 'chokepoint-bench-read-'));
const json = join(dir, 'cluster.json');
const yaml = join(dir, 'cluster.yaml');
await writeFile(
  json,
  JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 1),
);
await writeFile(yaml, items.map(item => stringify(item)).join('---\n'));

const options = {
  readStdin: () => Promise.resolve(''),
  now: () => new Date(0),
  tool: 'bench',
};
const compile = cpuMs(() => {
  for (const kind of new Set(items.map(item => item.kind))) {
    const sample = items.find(item => item.kind === kind);
    if (sample) validateObject(structuredClone(sample));
  }
});
for (const [name, file] of [
  ['JSON List', json],
  ['YAML', yaml],
] as const) {
  const read = await cpuMsAsync(() => readInputs([file], options));
  const objects = Object.values(read.value.objects)
    .flat()
    .map(o => structuredClone(o));
  const validate = cpuMs(() => {
    for (const object of objects) validateObject(object);
  });
  console.log(
    `${name}: ${String(items.length)} objects (${String(pods)} pods): read ${String(read.ms)} ms CPU, of which validating the objects ${String(validate.ms)} ms (${((100 * validate.ms) / read.ms).toFixed(1)} %)`,
  );
}
console.log(
  `schema compilation, once per process and kind: ${String(compile.ms)} ms CPU`,
);
