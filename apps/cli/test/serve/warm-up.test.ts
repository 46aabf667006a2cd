/**
 * The full worker's warm-up: before it reports its analysis it measures a
 * few candidates alone and together, never the choke points' own fixes
 * (those a user toggles first are measured when asked).
 */

import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_POLICY } from '@chokepoint/engine';
import { warmUpSets } from '../../src/serve/analysis-worker.ts';
import { readDemo } from './demo-server.ts';

describe("the full worker's warm-up", () => {
  it('measures candidates other than the choke points, alone and together, in candidate order', async () => {
    const snapshot = await readDemo();
    const analysis = analyze(snapshot, { policy: DEFAULT_POLICY });
    const shown = new Set(analysis.result.chokepoints.map(c => c.fix.id));
    expect(shown.size).toBeGreaterThan(0);
    const others = analysis.candidates
      .filter(fix => !shown.has(fix.id))
      .map(fix => fix.id);
    expect(others.length).toBeGreaterThan(4);

    const [a = '', b = '', c = '', d = ''] = others;
    expect(warmUpSets(analysis)).toEqual([
      [a],
      [b],
      [c],
      [d],
      [a, b],
      [a, b, c],
    ]);
  }, 120_000);
});
