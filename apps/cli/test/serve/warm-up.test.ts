/**
 * The full worker's warm-up: while idle after its analysis it measures a few
 * candidates, never the choke points' own fixes (those a user toggles
 * first are measured when asked).
 */

import { describe, expect, it } from 'vitest';
import { analyze, DEFAULT_POLICY } from '@chokepoint/engine';
import { warmUpFixes } from '../../src/serve/analysis-worker.ts';
import { readDemo } from './demo-server.ts';

describe("the full worker's warm-up", () => {
  it('measures candidates other than the choke points, in candidate order, at most the count asked', async () => {
    const snapshot = await readDemo();
    const analysis = analyze(snapshot, { policy: DEFAULT_POLICY });
    const shown = new Set(analysis.result.chokepoints.map(c => c.fix.id));
    expect(shown.size).toBeGreaterThan(0);
    const others = analysis.candidates.filter(fix => !shown.has(fix.id));
    expect(others.length).toBeGreaterThan(3);

    const fixes = warmUpFixes(analysis, 3);
    expect(fixes.map(fix => fix.id)).toEqual(
      others.slice(0, 3).map(fix => fix.id),
    );
    expect(warmUpFixes(analysis, others.length + 5)).toHaveLength(
      others.length,
    );
  }, 120_000);
});
