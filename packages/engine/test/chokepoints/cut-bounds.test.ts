/**
 * The bounds candidates are measured in order of (chokepoints/cut-bounds.ts),
 * checked by a search of their own over the graphology graph: for every
 * candidate of the demo, the scenarios and random clusters, `sure` is the
 * count of exposed entry points that reach no critical asset once the
 * edges it takes away in every way are gone (and the identity assets whose
 * binding it deletes are assets no more), `crossed` the count of those with
 * a path through an edge it is named by.
 */

import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { buildAttackGraph } from '../../src/build-graph.ts';
import { RULES } from '../../src/rules/index.ts';
import { compileAttackIndex } from '../../src/analysis/attack-index.ts';
import { computeExposure } from '../../src/analysis/exposure.ts';
import { resolveTargets } from '../../src/analysis/targets.ts';
import { enumerateCandidates } from '../../src/chokepoints/enumerate.ts';
import { randomCluster } from './random-cluster.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;
const SCENARIOS = new URL('../fixtures/scenarios/', import.meta.url).pathname;

function read(path: string): Promise<Snapshot> {
  return readInputs([path], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
}

interface Checked {
  readonly candidates: number;
  readonly exposed: number;
  readonly surelyCutting: number;
  readonly sure: ReadonlyMap<string, number>;
}

/** Every candidate's bounds against a forward search per exposed entry point. */
function checkBounds(snapshot: Snapshot): Checked {
  const build = buildAttackGraph(snapshot, RULES);
  const { graph } = build;
  const targets = resolveTargets(graph, build.index, {});
  const index = compileAttackIndex(graph, build.index.policy.minConfidence);
  const indexes = (ids: readonly string[]): number[] =>
    ids.flatMap(id => index.indexOf.get(id) ?? []);
  const critical = indexes(targets.criticalAssets);
  const exposure = computeExposure(
    index,
    indexes(targets.entryPoints),
    critical,
  );
  const candidates = enumerateCandidates(
    graph,
    index,
    exposure,
    critical,
    build,
  );
  const inIndex = new Set(index.edgeKeys);
  const isCritical = new Set(targets.criticalAssets);
  /** Nodes an entry point reaches without going past a critical asset, over index edges but `removed`. */
  const reach = (entry: string, removed: ReadonlySet<string>): Set<string> => {
    const seen = new Set([entry]);
    const queue = [entry];
    for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
      if (isCritical.has(node)) continue;
      graph.forEachOutEdge(node, (key, _attributes, _source, target) => {
        if (!inIndex.has(key) || removed.has(key) || seen.has(target)) return;
        seen.add(target);
        queue.push(target);
      });
    }
    return seen;
  };
  const exposed = exposure.exposed.map(i => index.ids[i] ?? '');
  const before = new Map(exposed.map(id => [id, reach(id, new Set())]));
  const keyOf = (slot: number): string => index.edgeKeys[slot] ?? '';

  let surelyCutting = 0;
  for (const candidate of candidates) {
    const { sureSlots, slots, assets } = candidate.namedBy;
    expect(candidate.crossed, candidate.fix.id).toBeGreaterThanOrEqual(
      candidate.sure,
    );
    if (candidate.sure > 0) surelyCutting++;
    const removed = new Set(sureSlots.map(keyOf));
    const lost = new Set(assets.map(i => index.ids[i] ?? ''));
    const left = exposed.filter(id =>
      [...reach(id, removed)].some(n => isCritical.has(n) && !lost.has(n)),
    );
    expect(candidate.sure, candidate.fix.id).toBe(exposed.length - left.length);
    const sources = new Set([
      ...slots.map(slot => graph.source(keyOf(slot))),
      ...lost,
    ]);
    const crossed = exposed.filter(id =>
      [...(before.get(id) ?? [])].some(n => sources.has(n)),
    );
    expect(candidate.crossed, candidate.fix.id).toBe(crossed.length);
  }
  return {
    candidates: candidates.length,
    exposed: exposed.length,
    surelyCutting,
    sure: new Map(candidates.map(c => [c.fix.id, c.sure])),
  };
}

describe('cut bounds', () => {
  it('on the demo cluster and the scenarios', async () => {
    const demo = checkBounds(await read(DEMO));
    expect(demo.candidates).toBeGreaterThan(30);
    expect(demo.surelyCutting).toBeGreaterThan(10);
    // The binding that makes a scenario's asset critical surely cuts every entry point.
    for (const [name, fix] of [
      [
        'default-sa-cluster-admin.yaml',
        'delete:ClusterRoleBinding:default-sa-admin',
      ],
      ['token-two-routes.yaml', 'delete:ClusterRoleBinding:deployer-admin'],
    ] as const) {
      const checked = checkBounds(await read(SCENARIOS + name));
      expect(checked.sure.get(fix), name).toBe(checked.exposed);
    }
  }, 120_000);

  it('on random clusters', async () => {
    let candidates = 0;
    for (const seed of [1, 2, 3, 4]) {
      const snapshot = await randomCluster({
        seed,
        namespaces: 4,
        workloadsPerNamespace: 6,
      });
      candidates += checkBounds(snapshot).candidates;
    }
    expect(candidates).toBeGreaterThan(50);
  }, 120_000);
});
