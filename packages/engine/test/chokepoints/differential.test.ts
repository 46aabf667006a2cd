/**
 * Differential test, part 1 (differential.ts says how): every rule
 * fixture (with its technique's targets as the critical assets), the scenarios of fixtures/scenarios, the demo cluster, the
 * real install manifests of test/fixtures/real-manifests and clusters of the
 * collector's generator of several seeds and sizes; and the remediation
 * plan of each input but the fixtures, step by step (its sets of fixes).
 * Parts 2 and 3 (differential-random-*.test.ts, `npm run
 * test:differential`) measure small random clusters dense in attack paths;
 * together at least 5,000 candidates. A sample of them is in `npm test`
 * (differential-sample.test.ts).
 */

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '@chokepoint/model';
import { buildGraph } from '../../src/index.ts';
import type { TargetOptions } from '../../src/analysis/targets.ts';
import { fixture, snapshotOf } from '../manifests.ts';
import { compareEveryCandidate, comparePlan } from './differential.ts';
import { DIFFERENTIAL_INPUTS } from './differential-inputs.ts';

const KINDS = readdirSync(new URL('../fixtures/attacks/', import.meta.url))
  .filter(f => f.endsWith('.yaml'))
  .map(f => f.slice(0, -5));

const inputs = DIFFERENTIAL_INPUTS;

let measured = 0;

/**
 * A rule fixture's cluster rarely reaches a default critical asset: the
 * targets of its own technique's edges are made the critical assets, so
 * every fix of the technique's evidence is measured.
 */
async function fixtureCase(
  kind: string,
): Promise<{ snapshot: Snapshot; options: TargetOptions }> {
  const snapshot = await snapshotOf(await fixture(kind));
  const { graph } = buildGraph(snapshot);
  const critical = new Set<string>();
  graph.forEachEdge((_key, attributes, _source, target) => {
    if (attributes.kind === kind) critical.add(target);
  });
  return { snapshot, options: { critical: [...critical].sort() } };
}

describe('what-if engine against the oracle: fixtures, scenarios, demo, generated', () => {
  it.each(KINDS)(
    'fixture %s.yaml: every candidate, both ways',
    async kind => {
      const { snapshot, options } = await fixtureCase(kind);
      const compared = await compareEveryCandidate(kind, snapshot, options);
      measured += compared.measured;
      expect(compared.differences).toEqual([]);
    },
    600_000,
  );

  it.each(inputs)(
    '%s: every candidate, both ways',
    async (name, input) => {
      const compared = await compareEveryCandidate(name, await input());
      measured += compared.measured;
      expect(compared.differences).toEqual([]);
    },
    600_000,
  );

  let steps = 0;
  it.each(inputs)(
    '%s: the plan, step by step',
    async (name, input) => {
      const compared = await comparePlan(name, await input());
      steps += compared.measured;
      expect(compared.differences).toEqual([]);
    },
    600_000,
  );

  it('checked every step of their plans', () => {
    // What these inputs gave when the test was written (2026-12-07).
    expect(steps).toBeGreaterThanOrEqual(28);
  });

  it('measured every candidate of them', () => {
    // What these inputs gave when the test was last counted (2026-12-07,
    // with the narrower fix kinds); the random clusters of parts 2 and 3
    // (`npm run test:differential`) bring the total over 5,000.
    expect(measured).toBeGreaterThanOrEqual(323);
  });
});
