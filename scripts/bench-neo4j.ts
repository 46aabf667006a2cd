/**
 * Benchmark of the Neo4j export (docs/benchmarks.md, "Neo4j export"): the
 * graph of a generated 100k-pod cluster, exported through Bolt into a real
 * Neo4j 5.26 (scripts/neo4j.sh, 2 GB heap), then exported again (the
 * idempotent re-run), then the same rows loaded offline with
 * `neo4j-admin database import full` from the CSV pair, for comparison.
 * Each Bolt row names how the export wrote: CREATE into the empty database
 * or MERGE over the existing cluster, and with how many concurrent sessions.
 *
 *   pnpm exec tsx scripts/bench-neo4j.ts [--pods 100000] [--sessions 1-4]
 *
 * Prints a Markdown table with the load average at the start and the end
 * (on a shared machine the figures measure the others' jobs too). Starts
 * and stops its own Neo4j (twice).
 */

import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCluster } from '../packages/collector/src/index.ts';
import { buildGraph } from '../packages/engine/src/index.ts';
import {
  connect,
  exportGraph,
  toAdminCsv,
  toExportRows,
} from '../packages/neo4j/src/index.ts';

const SCRIPT = join(import.meta.dirname, 'neo4j.sh');
const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '100000' },
    sessions: { type: 'string', default: '2' },
  },
});
const pods = Number(values.pods);
const sessions = Number(values.sessions);
const load = () =>
  loadavg()
    .map(n => n.toFixed(1))
    .join(', ');
const loadAtStart = load();

interface Started {
  uri: string;
  password: string;
  run: string;
  seconds: number;
}

function start(env: Record<string, string> = {}): Started {
  const began = Date.now();
  const out = execFileSync('bash', [SCRIPT, 'start'], {
    encoding: 'utf8',
    env: { ...process.env, NEO4J_HEAP: '2g', NEO4J_PAGECACHE: '1024', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const get = (name: string): string =>
    new RegExp(`^export ${name}=(.*)$`, 'm').exec(out)?.[1] ?? '';
  return {
    uri: get('NEO4J_URI'),
    password: get('NEO4J_PASSWORD'),
    run: get('NEO4J_RUN'),
    seconds: (Date.now() - began) / 1000,
  };
}

function stop(started: Started): void {
  execFileSync('bash', [SCRIPT, 'stop', started.run], { stdio: 'inherit' });
}

function rss(run: string): number {
  const pid = execFileSync('tail', ['-1', join(run, 'pids')], {
    encoding: 'utf8',
  }).trim();
  return (
    Number(
      execFileSync('ps', ['-o', 'rss=', '-p', pid], {
        encoding: 'utf8',
      }).trim(),
    ) / 1024
  );
}

async function write(path: string, chunks: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path);
  for (const chunk of chunks) {
    if (!stream.write(chunk)) {
      await new Promise<void>(resolve => {
        stream.once('drain', () => {
          resolve();
        });
      });
    }
  }
  await new Promise<void>(resolve => {
    stream.end(() => {
      resolve();
    });
  });
}

async function countAll(
  uri: string,
  password: string,
): Promise<{ nodes: number; relationships: number }> {
  const d = connect(uri, 'neo4j', password);
  try {
    const n = await d.executeQuery('MATCH (n) RETURN count(n) AS n');
    const r = await d.executeQuery('MATCH ()-[r]->() RETURN count(r) AS n');
    return {
      nodes: n.records[0]?.get('n') as number,
      relationships: r.records[0]?.get('n') as number,
    };
  } finally {
    await d.close();
  }
}

const t0 = Date.now();
const snapshot = generateCluster({
  pods,
  seed: 1,
  tool: 'bench',
  now: () => new Date(0),
});
const { graph } = buildGraph(snapshot);
const buildSeconds = (Date.now() - t0) / 1000;
console.error(
  `graph: ${String(graph.order)} nodes, ${String(graph.size)} edges (generate + build ${buildSeconds.toFixed(1)} s)`,
);

const lines: string[] = [];
const neo = start();
let firstRss = 0;
try {
  const d = connect(neo.uri, 'neo4j', neo.password);
  try {
    for (const label of [
      'first export (empty database)',
      're-export (same snapshot)',
    ]) {
      let last = 0;
      const summary = await exportGraph(d, graph, {
        sessions,
        onProgress: p => {
          if (p.done - last >= 100_000 || p.done === p.total) {
            last = p.done;
            console.error(`  ${p.phase} ${String(p.done)}/${String(p.total)}`);
          }
        },
      });
      const relPerSec =
        summary.relationships / (summary.milliseconds.relationships / 1000);
      const nodePerSec = summary.nodes / (summary.milliseconds.nodes / 1000);
      lines.push(
        `| Bolt export: ${label} | ${summary.mode}, ${String(summary.sessions)} session${summary.sessions === 1 ? '' : 's'} | ${(summary.milliseconds.total / 1000).toFixed(1)} s | ${Math.round(nodePerSec).toLocaleString('en')} nodes/s | ${Math.round(relPerSec).toLocaleString('en')} rels/s |`,
      );
      console.error(lines.at(-1));
    }
  } finally {
    await d.close();
  }
  const counted = await countAll(neo.uri, neo.password);
  if (counted.nodes !== graph.order || counted.relationships !== graph.size)
    throw new Error(`counts ${JSON.stringify(counted)} differ from the graph`);
  firstRss = rss(neo.run);
} finally {
  stop(neo);
}

const work = mkdtempSync(join(tmpdir(), 'chokepoint-bench-neo4j-'));
try {
  const c0 = Date.now();
  const csv = toAdminCsv(toExportRows(graph));
  await write(join(work, 'nodes.csv'), csv.nodes);
  await write(join(work, 'relationships.csv'), csv.relationships);
  const csvSeconds = (Date.now() - c0) / 1000;
  const home = join(work, 'home');
  const i0 = Date.now();
  execFileSync(
    'bash',
    [
      SCRIPT,
      'import',
      home,
      `--nodes=${join(work, 'nodes.csv')}`,
      `--relationships=${join(work, 'relationships.csv')}`,
      '--array-delimiter=;',
      '--overwrite-destination=true',
      // Else neo4j-admin writes an (empty) import.report into the working directory.
      `--report-file=${join(work, 'import.report')}`,
      'neo4j',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NEO4J_HEAP: '2g' },
    },
  );
  const importSeconds = (Date.now() - i0) / 1000;
  const served = start({ NEO4J_HOME_DIR: home });
  try {
    const counted = await countAll(served.uri, served.password);
    if (counted.nodes !== graph.order || counted.relationships !== graph.size)
      throw new Error(
        `imported counts ${JSON.stringify(counted)} differ from the graph`,
      );
  } finally {
    stop(served);
  }
  lines.push(
    `| CSV pair written (toAdminCsv) | | ${csvSeconds.toFixed(1)} s | | |`,
  );
  lines.push(
    `| neo4j-admin database import full | offline | ${importSeconds.toFixed(1)} s | | ${Math.round(graph.size / importSeconds).toLocaleString('en')} rels/s (incl. JVM start) |`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`Machine: ${String(cpus().length)} cores, ${String(Math.round(totalmem() / 2 ** 30))} GiB, Node ${process.version}; Neo4j 5.26.30 Community, 2 GB heap, 1 GB page cache; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average ${loadAtStart} at the start, ${load()} at the end.
Graph of \`generate --pods ${String(pods)}\`: ${graph.order.toLocaleString('en')} nodes, ${graph.size.toLocaleString('en')} relationships (generate + build ${buildSeconds.toFixed(1)} s); Neo4j start ${neo.seconds.toFixed(1)} s, RSS after the exports ${Math.round(firstRss).toLocaleString('en')} MB.

| Step | Mode | Total time | Nodes | Relationships |
|---|---|---|---|---|
${lines.join('\n')}`);
