/**
 * The inputs of the differential tests of part 1 (differential.test.ts) and
 * of the paths after a what-if (test/analysis/paths-after.test.ts): the
 * scenarios of fixtures/scenarios, the demo cluster, the real install
 * manifests of test/fixtures/real-manifests and clusters of the collector's
 * generator of several seeds and sizes.
 */

import { readdirSync } from 'node:fs';
import { generateCluster, readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import {
  REAL_COMPONENTS,
  readComponent,
} from '../../../../test/support/real-manifests.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;
const SCENARIOS = new URL('../fixtures/scenarios/', import.meta.url);

function read(path: string): Promise<Snapshot> {
  return readInputs([path], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
}

export const DIFFERENTIAL_INPUTS: readonly (readonly [
  string,
  () => Promise<Snapshot>,
])[] = [
  ...readdirSync(SCENARIOS)
    .filter(f => f.endsWith('.yaml'))
    .map(
      f =>
        [`scenario ${f}`, () => read(new URL(f, SCENARIOS).pathname)] as const,
    ),
  ['demo cluster', () => read(DEMO)],
  // Real install manifests, with what they lack assumed (stand-ins, an
  // assumed control plane, the runtime Secrets of kube-system).
  ...REAL_COMPONENTS.map(
    component =>
      [
        `real manifests ${component.name}`,
        () => readComponent(component),
      ] as const,
  ),
  ...[
    [60, 1],
    [60, 2],
    [120, 3],
    [200, 4],
  ].map(
    ([pods = 0, seed = 0]) =>
      [
        `generated ${String(pods)} pods, seed ${String(seed)}`,
        () =>
          Promise.resolve(
            generateCluster({
              pods,
              seed,
              tool: 'test',
              now: () => new Date(0),
            }),
          ),
      ] as const,
  ),
];
