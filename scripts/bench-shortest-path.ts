/**
 * Why the engine searches its own CSR arrays instead of calling
 * graphology-shortest-path (docs/dependencies.md): both answer the engine's
 * two questions on the same generated cluster, and their answers are checked
 * against each other.
 *
 * 1. Batch: every node's distance to the nearest critical asset over
 *    traversable edges (what `analyze` needs for exposure and paths).
 *    Engine: compile the AttackIndex, one reverse multi-source BFS.
 *    Library: it searches whole graphs, so it needs a copy holding only the
 *    traversable edges, reversed, plus a virtual sink linked to every
 *    critical asset; then `singleSourceLength` from the sink.
 * 2. Pair: `chokepoint path FROM TO` for sampled exposed entry points.
 *    Engine: `shortestPath` (a BFS over the graph that skips structural
 *    edges). Library: `bidirectional` over the traversable copy.
 *
 *   node apps/cli/node_modules/tsx/dist/cli.mjs scripts/bench-shortest-path.ts [--pods 20000] [--runs 3] [--pairs 200]
 *
 * Prints a Markdown table (median of the runs, CPU time of this process
 * beside wall time) with the machine, date and load average.
 */

import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { DirectedGraph } from 'graphology';
import {
  bidirectional,
  singleSourceLength,
} from 'graphology-shortest-path/unweighted.js';
import { generateCluster } from '../packages/collector/src/index.ts';
import { buildGraph, shortestPath } from '../packages/engine/src/index.ts';
import { resolveTargets } from '../packages/engine/src/analysis/targets.ts';
import { compileAttackIndex } from '../packages/engine/src/analysis/attack-index.ts';
import { distanceToCritical } from '../packages/engine/src/analysis/reach.ts';

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    pairs: { type: 'string', default: '200' },
  },
});
const pods = Number(values.pods);
const runs = Number(values.runs);
const pairs = Number(values.pairs);

interface Timing {
  wall: number;
  cpu: number;
}

function timed<T>(work: () => T): [T, Timing] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = work();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [result, { wall, cpu: (c.user + c.system) / 1000 }];
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const load0 = loadavg();
const snapshot = generateCluster({
  pods,
  seed: 1,
  tool: 'bench',
  now: () => new Date(0),
});
const build = buildGraph(snapshot);
const { graph } = build;
const targets = resolveTargets(graph, build.index);
const traversable = graph.filterEdges(
  (_key, attributes) => attributes.traversable,
).length;
console.error(
  `graph: ${String(graph.order)} nodes, ${String(graph.size)} edges (${String(traversable)} traversable); ${String(targets.entryPoints.length)} entry points, ${String(targets.criticalAssets.length)} critical assets`,
);

const SINK = '\u0000sink';
const rows = new Map<string, Timing[]>();
const record = (name: string, timing: Timing): void => {
  const list = rows.get(name) ?? [];
  list.push(timing);
  rows.set(name, list);
};

let checkedNodes = 0;
let checkedPairs = 0;
for (let run = 0; run < runs; run++) {
  // Engine: compile once, then the reverse multi-source BFS.
  const [index, compile] = timed(() => compileAttackIndex(graph));
  const critical = targets.criticalAssets
    .map(id => index.indexOf.get(id))
    .filter((i): i is number => i !== undefined);
  const [reach, search] = timed(() => distanceToCritical(index, critical));
  record('engine: compile the AttackIndex (CSR)', compile);
  record('engine: reverse multi-source BFS', search);

  // Library: a reversed copy of the traversable edges plus a sink.
  const [copy, copied] = timed(() => {
    const g = new DirectedGraph();
    graph.forEachNode(id => {
      g.addNode(id);
    });
    g.addNode(SINK);
    graph.forEachEdge((_key, attributes, source, target) => {
      if (attributes.traversable) g.mergeEdge(target, source);
    });
    for (const id of targets.criticalAssets) g.mergeEdge(SINK, id);
    return g;
  });
  const [lengths, searched] = timed(() => singleSourceLength(copy, SINK));
  record('graphology: reversed traversable copy + sink', copied);
  record('graphology-shortest-path: singleSourceLength', searched);

  // The two must agree on every node (the sink adds one hop).
  checkedNodes = 0;
  for (let i = 0; i < index.ids.length; i++) {
    const id = index.ids[i] ?? '';
    const ours = reach.distance[i] ?? -1;
    const theirs = lengths[id];
    const expected = theirs === undefined ? -1 : theirs - 1;
    if (ours !== expected)
      throw new Error(
        `distance of ${id}: engine ${String(ours)}, graphology ${String(expected)}`,
      );
    checkedNodes++;
  }

  // Pair queries: sampled exposed entry points to their nearest asset.
  const forward = new DirectedGraph();
  graph.forEachNode(id => {
    forward.addNode(id);
  });
  graph.forEachEdge((_key, attributes, source, target) => {
    if (attributes.traversable) forward.mergeEdge(source, target);
  });
  const exposed = targets.entryPoints
    .map(id => index.indexOf.get(id) ?? -1)
    .filter(i => i >= 0 && (reach.distance[i] ?? -1) > 0);
  const step = Math.max(1, Math.floor(exposed.length / pairs));
  const sample: [string, string][] = [];
  for (let k = 0; k < exposed.length && sample.length < pairs; k += step) {
    const from = exposed[k] ?? 0;
    let node = from;
    while ((reach.distance[node] ?? 0) > 0) node = reach.nextNode[node] ?? 0;
    sample.push([index.ids[from] ?? '', index.ids[node] ?? '']);
  }
  const [ourLengths, pairOurs] = timed(() =>
    sample.map(([from, to]) => shortestPath(graph, from, to)?.length ?? -1),
  );
  const [theirLengths, pairTheirs] = timed(() =>
    sample.map(
      ([from, to]) => (bidirectional(forward, from, to)?.length ?? 0) - 1,
    ),
  );
  record(`engine: shortestPath, ${String(sample.length)} pairs`, pairOurs);
  record(
    `graphology-shortest-path: bidirectional, ${String(sample.length)} pairs (copy above not counted)`,
    pairTheirs,
  );
  checkedPairs = sample.length;
  sample.forEach(([from, to], k) => {
    if (ourLengths[k] !== theirLengths[k])
      throw new Error(
        `path ${from} -> ${to}: engine ${String(ourLengths[k])}, graphology ${String(theirLengths[k])}`,
      );
  });
}
const load1 = loadavg();

const fmt = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
const lines = [...rows].map(
  ([name, list]) =>
    `| ${name} | ${fmt(median(list.map(t => t.wall)))} | ${fmt(median(list.map(t => t.cpu)))} |`,
);
console.log(`Machine: ${String(cpus().length)} cores (${cpus()[0]?.model.trim() ?? '?'}), ${String(Math.round(totalmem() / 2 ** 30))} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average ${load0.map(x => x.toFixed(1)).join(', ')} at the start, ${load1.map(x => x.toFixed(1)).join(', ')} at the end.
Graph of \`generate --pods ${String(pods)}\`: ${graph.order.toLocaleString('en')} nodes, ${graph.size.toLocaleString('en')} edges (${traversable.toLocaleString('en')} traversable), ${String(targets.criticalAssets.length)} critical assets. Median of ${String(runs)} runs. Distances agreed on all ${checkedNodes.toLocaleString('en')} nodes and ${String(checkedPairs)} path lengths.

| step | wall | CPU |
|---|---|---|
${lines.join('\n')}`);
