/**
 * The paths after a what-if (analysis/paths-after.ts) against a whole
 * re-analysis of the input edited as a user edits it (paths-after.ts in
 * this folder says what is compared): every candidate fix alone and runs of
 * two and three, on the demo cluster, the scenarios, the conformance input
 * (KubeHound's attacks with Bad Pods), the real install manifests,
 * generated clusters and small random clusters dense in attack paths.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '@chokepoint/model';
import { snapshotOf } from '../manifests.ts';
import { randomCluster } from '../chokepoints/random-cluster.ts';
import { DIFFERENTIAL_INPUTS } from '../chokepoints/differential-inputs.ts';
import {
  SHARED,
  docsOf,
  kubehoundInput,
} from '../conformance/kubehound-input.ts';
import { comparePathsAfter } from './paths-after.ts';

const BADPODS = new URL('badpods/', SHARED);

const badPods = (): string =>
  kubehoundInput(
    readdirSync(BADPODS)
      .filter(f => f.endsWith('.yaml'))
      .sort()
      .flatMap(f => docsOf(readFileSync(new URL(f, BADPODS), 'utf8'))),
  );

const inputs: readonly (readonly [string, () => Promise<Snapshot>])[] = [
  ...DIFFERENTIAL_INPUTS,
  [
    'conformance: KubeHound attacks and Bad Pods',
    () => snapshotOf(badPods(), 'kubehound.test.local'),
  ],
  // Seed 64: a role-rule fix whose RoleInScope holder an identity shares
  // (the evidence names the first holder's binding, as a rebuild does).
  ...[1, 2, 3, 4, 64].map(
    seed =>
      [
        `random cluster seed ${String(seed)}`,
        () => randomCluster({ seed, namespaces: 4, workloadsPerNamespace: 6 }),
      ] as const,
  ),
];

describe('paths after a what-if against a re-analysis of the fixed input', () => {
  let sets = 0;
  let paths = 0;
  let identical = 0;
  it.each(inputs)(
    '%s: every candidate alone, and runs of two and three',
    async (name, input) => {
      const compared = await comparePathsAfter(name, await input());
      sets += compared.sets;
      paths += compared.paths;
      identical += compared.identical;
      expect(compared.differences).toEqual([]);
    },
    600_000,
  );

  it("compared every set of them; most paths are the rerun's own", () => {
    // What these inputs gave when the test was written (2026-12-07).
    expect(sets).toBeGreaterThanOrEqual(600);
    expect(paths).toBeGreaterThanOrEqual(8_000);
    // Only where equally short paths tie may the two differ.
    expect(identical / paths).toBeGreaterThan(0.95);
  });
});
