/** The bundled demo cluster, read as the CLI reads it, built once per file. */

import { readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { buildGraph } from '../../src/index.ts';

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
