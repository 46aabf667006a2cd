/** The bundled demo cluster, read as the CLI reads it, analysed once per file. */

import { readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import {
  analyze,
  buildGraph,
  findingsByObject,
  nodeTags,
} from '../../src/index.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

export async function demoSnapshot(): Promise<Snapshot> {
  return readInputs([DEMO], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
}

export async function demoGraph() {
  return buildGraph(await demoSnapshot()).graph;
}

/** The analysis without choke points (what `serve` computes at start-up) and its query contexts. */
export async function demoAnalysis() {
  const snapshot = await demoSnapshot();
  const analysis = analyze(snapshot, { maxCandidates: 0, planRounds: 0 });
  const { result, build, attackIndex } = analysis;
  const tags = nodeTags(build.graph, {
    findings: result.findings,
    entryPoints: result.entryPoints,
    exposed: result.paths.map(p => p.from),
    criticalAssets: result.criticalAssets,
  });
  return {
    snapshot,
    analysis,
    tags,
    queryContext: {
      graph: build.graph,
      index: attackIndex,
      criticalAssets: result.criticalAssets,
      tags,
    },
    profileContext: {
      graph: build.graph,
      index: attackIndex,
      holders: build.holders,
      entryPoints: new Set(result.entryPoints),
      criticalAssets: new Set(result.criticalAssets),
      findingsByObject: findingsByObject(result.findings),
    },
  };
}
