/**
 * The differential test of the what-if engine (issue 10 point 2): every
 * candidate fix of an input is measured both ways, incrementally by the
 * engine (`whatIf`: only what the fix touches is derived again, the rest
 * masked on the CSR index) and by the oracle (oracle.ts: the input edited
 * as a user edits it and analysed from scratch), and the exposed entry
 * points must be the same, entry by entry. The test files that use this
 * split the inputs so that the two cores of CI share them.
 */

import { describe, expect, it } from 'vitest';
import type { Snapshot } from '@chokepoint/model';
import { analyze, whatIf } from '../../src/index.ts';
import type { TargetOptions } from '../../src/analysis/targets.ts';
import { applyAsUser, exposedFromScratch } from '../oracle.ts';
import { randomCluster } from './random-cluster.ts';

export interface Compared {
  /** Candidates measured both ways. */
  readonly measured: number;
  /** One line per candidate whose two measurements differ. */
  readonly differences: readonly string[];
}

/**
 * Gives the event loop a turn: a test worker blocked for a minute misses
 * vitest's own RPC deadline ("Timeout calling onTaskUpdate") on a loaded machine.
 */
const yieldTurn = (): Promise<void> =>
  new Promise(resolve => {
    setImmediate(resolve);
  });

/** Measures every candidate fix of `snapshot` both ways. */
export async function compareEveryCandidate(
  name: string,
  snapshot: Snapshot,
  options: TargetOptions = {},
): Promise<Compared> {
  const analysis = analyze(snapshot, {
    ...options,
    maxCandidates: 0,
    planRounds: 0,
  });
  // The oracle itself agrees with the analysis on the input as it is.
  expect(exposedFromScratch(snapshot, options)).toEqual(
    analysis.result.paths.map(path => path.from).sort(),
  );
  const differences: string[] = [];
  for (const fix of analysis.candidates) {
    await yieldTurn();
    let engine: string[];
    try {
      engine = [...whatIf(analysis, [fix.id]).exposed].sort();
    } catch (error) {
      differences.push(`${name} ${fix.id}: engine failed: ${String(error)}`);
      continue;
    }
    const oracle = exposedFromScratch(applyAsUser(snapshot, fix), options);
    if (JSON.stringify(engine) !== JSON.stringify(oracle))
      differences.push(
        `${name} ${fix.id}: engine only ${JSON.stringify(engine.filter(id => !oracle.includes(id)))}, oracle only ${JSON.stringify(oracle.filter(id => !engine.includes(id)))}`,
      );
  }
  return { measured: analysis.candidates.length, differences };
}

/**
 * The remediation plan of `snapshot` (its sets of fixes are measured
 * incrementally too): the oracle applies steps 1 to i as a user would, one
 * after the other, and must find step i's `exposedAfter`.
 */
export async function comparePlan(
  name: string,
  snapshot: Snapshot,
  options: TargetOptions = {},
): Promise<Compared> {
  const { plan } = analyze(snapshot, options).result;
  const differences: string[] = [];
  let edited = snapshot;
  for (const [i, step] of plan.steps.entries()) {
    await yieldTurn();
    try {
      edited = applyAsUser(edited, step.fix);
    } catch (error) {
      differences.push(`${name} step ${String(i + 1)}: ${String(error)}`);
      break;
    }
    const oracle = exposedFromScratch(edited, options).length;
    if (oracle !== step.exposedAfter)
      differences.push(
        `${name} step ${String(i + 1)} ${step.fix.id}: plan says ${String(step.exposedAfter)} exposed, the oracle ${String(oracle)}`,
      );
  }
  return { measured: plan.steps.length, differences };
}

/**
 * The random clusters of seeds `first` to `last` (random-cluster.ts), every
 * candidate of each measured both ways; `atLeast` is the number of
 * candidates these seeds gave when the test was written.
 */
export function describeRandomClusters(
  first: number,
  last: number,
  atLeast: number,
): void {
  const seeds = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  let measured = 0;
  describe(`what-if engine against the oracle: random clusters ${String(first)}-${String(last)}`, () => {
    it.each(seeds)(
      'seed %i: every candidate, both ways',
      async seed => {
        const snapshot = await randomCluster({
          seed,
          namespaces: 4,
          workloadsPerNamespace: 6,
        });
        const compared = await compareEveryCandidate(
          `seed ${String(seed)}`,
          snapshot,
        );
        measured += compared.measured;
        expect(compared.differences).toEqual([]);
        // A few seconds alone; minutes when the cores are shared.
      },
      600_000,
    );

    it('measured every candidate of them', () => {
      expect(measured).toBeGreaterThanOrEqual(atLeast);
    });
  });
}
