/**
 * Benchmark of `chokepoint analyze` on generated clusters (analysis issue,
 * point 7): for each size, the wall time and peak memory of a full analysis
 * (read, graph, paths, choke points, findings, report) in a fresh process,
 * its ratio to `chokepoint graph` on the same file in the same run (issue
 * 10: at most 1.5x at 20k pods) and to a plain JSON.parse of it, and where
 * the time goes: the per-phase wall time and heap of `analyze --timings`.
 * Results go to docs/benchmarks.md with the machine, the date and the load.
 *
 *   nice -n 10 node apps/cli/node_modules/tsx/dist/cli.mjs scripts/bench.ts [--sizes 10000,20000,100000] [--write]
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGraph, shortestPath } from '@chokepoint/engine';
import type { Snapshot } from '@chokepoint/model';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'apps/cli/bin/chokepoint.js');

interface Row {
  pods: number;
  bytes: number;
  parseMs: number;
  analyzeMs: number;
  /** `chokepoint graph` on the same file, in the same run. */
  graphMs: number;
  peakMiB: number;
  exposed: string;
  pathMs: number;
  phases: Phase[];
}

interface Phase {
  phase: string;
  ms: number;
  heapMiB: number;
}

// In the order analyze runs them.
const PHASES = [
  'read',
  'findings',
  'graph',
  'paths',
  'chokepoints',
  'plan',
  'report',
];

function timeChild(args: string[]): {
  ms: number;
  peakKiB: number;
  stdout: string;
} {
  // GNU time reports the child's peak RSS; node's own timer the wall time.
  const start = process.hrtime.bigint();
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, '--max-old-space-size=6144', ...args],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${args.join(' ')} failed: ${run.stderr.slice(-2000)}`);
  const peakKiB = Number(run.stderr.trim().split('\n').at(-1));
  return { ms, peakKiB, stdout: run.stdout };
}

function parseMs(file: string): number {
  const text = readFileSync(file, 'utf8');
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    JSON.parse(text);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

function bench(pods: number, dir: string): Row {
  const file = join(dir, `cluster-${String(pods)}.json`);
  execFileSync(
    process.execPath,
    [CLI, 'generate', '--pods', String(pods), '-o', file],
    { stdio: 'ignore' },
  );
  const analyze = timeChild([
    CLI,
    'analyze',
    file,
    '--format',
    'json',
    '--out',
    join(dir, 'report.json'),
    '--timings',
  ]);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
    summary: { exposedEntryPoints: number; entryPoints: number };
    timings: { phases: Phase[] };
  };
  // The target (issue 10 point 6) compares analyze with graph on the same input, in one run.
  const graph = timeChild([
    CLI,
    'graph',
    file,
    '--format',
    'json',
    '--out',
    join(dir, 'graph.json'),
  ]);
  const path = pathQueryMs(file);
  return {
    pods,
    bytes: statSync(file).size,
    parseMs: parseMs(file),
    analyzeMs: analyze.ms,
    graphMs: graph.ms,
    peakMiB: analyze.peakKiB / 1024,
    exposed: `${String(report.summary.exposedEntryPoints)}/${String(report.summary.entryPoints)}`,
    pathMs: path,
    phases: report.timings.phases,
  };
}

/** One `path` query on an already built graph (what the viewer and a server answer). */
function pathQueryMs(file: string): number {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const { graph } = buildGraph(snapshot);
  const container =
    graph.filterNodes((_id, a) => a.kind === 'Container')[0] ?? 'Internet';
  let worst = 0;
  for (const [from, to] of [
    ['Internet', 'Group:system:masters'],
    [container, 'Group:system:masters'],
  ] as const) {
    const start = process.hrtime.bigint();
    shortestPath(graph, from, to);
    worst = Math.max(worst, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return worst;
}

const sizesArg = process.argv.indexOf('--sizes');
const sizes =
  sizesArg === -1
    ? [10_000, 20_000, 100_000]
    : (process.argv[sizesArg + 1] ?? '').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'chokepoint-bench-'));
const rows: Row[] = [];
for (const pods of sizes) {
  const row = bench(pods, dir);
  rows.push(row);
  console.log(JSON.stringify(row));
}
const load = loadavg()
  .map(n => n.toFixed(1))
  .join(', ');
const machine = `${String(cpus().length)} cores (${cpus()[0]?.model ?? 'unknown'}), ${String(Math.round(totalmem() / 2 ** 30))} GiB, Node ${process.version}`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, by \`scripts/bench.ts\`; load average ${load} (1, 5, 15 min) at the end.`,
  '',
  '| pods | snapshot | JSON.parse | graph (wall) | analyze (wall) | analyze / graph | analyze / parse | peak RSS (analyze) | exposed | `path` query on a built graph |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    r =>
      `| ${r.pods.toLocaleString('en-US')} | ${(r.bytes / 2 ** 20).toFixed(0)} MiB | ${(r.parseMs / 1000).toFixed(2)} s | ${(r.graphMs / 1000).toFixed(1)} s | ${(r.analyzeMs / 1000).toFixed(1)} s | ${(r.analyzeMs / r.graphMs).toFixed(2)}× | ${(r.analyzeMs / r.parseMs).toFixed(0)}× | ${r.peakMiB.toFixed(0)} MiB | ${r.exposed} | ${r.pathMs.toFixed(0)} ms |`,
  ),
  '',
  'Where the time goes (`analyze --timings`): wall time of each phase, and the V8 heap in use after it.',
  '',
  `| pods | ${PHASES.join(' | ')} |`,
  `|---|${PHASES.map(() => '---').join('|')}|`,
  ...rows.map(r => {
    const cells = PHASES.map(name => {
      const p = r.phases.find(x => x.phase === name);
      return p === undefined
        ? '–'
        : `${(p.ms / 1000).toFixed(1)} s, ${p.heapMiB.toFixed(0)} MiB`;
    });
    return `| ${r.pods.toLocaleString('en-US')} | ${cells.join(' | ')} |`;
  }),
  '',
].join('\n');
console.log(table);
if (process.argv.includes('--write')) {
  const path = join(ROOT, 'docs/benchmarks.md');
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text =
      '# Benchmarks\n\nEvery figure here was measured by a script of `scripts/`; the machine and the date are given with each table.\n';
  }
  const heading = '## Analysis (`chokepoint analyze`)';
  const start = text.indexOf(heading);
  const section = `${heading}\n\n${table}`;
  if (start === -1) text = `${text.trimEnd()}\n\n${section}`;
  else {
    const next = text.indexOf('\n## ', start + heading.length);
    text =
      text.slice(0, start) +
      section +
      (next === -1 ? '' : text.slice(next + 1));
  }
  writeFileSync(path, `${text.trimEnd()}\n`);
}
