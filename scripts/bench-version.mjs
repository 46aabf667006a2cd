#!/usr/bin/env node
// `chokepoint --version` of the npm package (dist/package, from `npm run
// package`) against a bare `node -e 0` and the repository's tsx bin: wall
// time and CPU time (user + system) per run, median of N runs. On a shared
// machine compare the CPU times; wall times there include waiting for a core.
//   node scripts/bench-version.mjs [--runs 9]
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt === -1 ? 9 : Number(process.argv[runsAt + 1]);
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(args) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(
      '/usr/bin/time',
      ['-f', '%U %S', process.execPath, ...args],
      {
        encoding: 'utf8',
      },
    );
    const started = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    cpu.push((started[0] + started[1]) * 1000);
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, args);
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

const rows = [
  ['node -e 0', ['-e', '0']],
  [
    'package: chokepoint --version',
    [join(ROOT, 'dist/package/dist/cli.js'), '--version'],
  ],
  [
    'repository bin (tsx): chokepoint --version',
    [join(ROOT, 'apps/cli/bin/chokepoint.js'), '--version'],
  ],
].map(([name, args]) => ({ name, ...measure(args) }));
console.log(
  `${new Date().toISOString().slice(0, 10)}, ${String(cpus().length)} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, load average ${loadavg()
    .map(n => n.toFixed(1))
    .join(', ')}, median of ${String(runs)} runs`,
);
for (const r of rows)
  console.log(
    `| ${r.name} | ${(r.wallMs / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s |`,
  );
