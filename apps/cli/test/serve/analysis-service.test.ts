/**
 * The what-ifs of the viewer's server. Once the choke points are measured,
 * the paths after the fixes come from the kept analysis (no rerun) and are
 * those a rerun of the fixed input finds. Before (a saved session's toggles
 * at start-up), a rerun whose asker gave up is stopped in its worker or
 * never started, and the set is rerun in full when asked again.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, DEFAULT_POLICY } from '@chokepoint/engine';
import type { Snapshot } from '@chokepoint/model';
import { AnalysisService } from '../../src/serve/analysis-service.ts';
import { HttpError } from '../../src/serve/http.ts';
import { readDemo, rerunWith } from './demo-server.ts';

let service: AnalysisService;
let snapshot: Snapshot;
beforeAll(async () => {
  snapshot = await readDemo();
  const options = { policy: DEFAULT_POLICY, maxCandidates: 0, planRounds: 0 };
  service = new AnalysisService(
    { snapshot, policy: DEFAULT_POLICY },
    analyze(snapshot, options),
    0,
  );
  await service.full;
}, 300_000);
afterAll(async () => {
  await service.stop();
});

describe("the server's what-ifs", () => {
  it('answers the paths after the fixes from the kept analysis, as a rerun of the fixed input finds them', async () => {
    const ids = service.base.result.chokepoints.map(c => c.fix.id);
    expect(ids.length).toBeGreaterThan(2);
    for (const fixes of [ids.slice(0, 1), ids.slice(0, 2), ids]) {
      const { result } = await service.whatIf(fixes);
      const rerun = rerunWith(snapshot, fixes);
      const sorted = (ids: readonly string[]): string[] => [...ids].sort();
      expect(sorted(result.entryPoints)).toEqual(sorted(rerun.entryPoints));
      expect(sorted(result.criticalAssets)).toEqual(
        sorted(rerun.criticalAssets),
      );
      expect(result.summary).toEqual(rerun.summary);
      // One shortest path per exposed entry point: the rerun's length.
      const lengths = (paths: typeof result.paths): [string, number][] =>
        paths.map(p => [p.from, p.steps.length]);
      expect(lengths(result.paths)).toEqual(lengths(rerun.paths));
      expect(result.applied).toEqual(rerun.applied);
      expect(result.chokepoints).toEqual([]);
    }
    // The page asks for the figures first: the paths then come from the
    // same measurement.
    const asked = await service.exposure([ids[1] ?? '']);
    expect((await service.whatIf([ids[1] ?? ''])).result.paths).toBe(
      asked.paths,
    );
  }, 300_000);

  it('before the choke points are measured, stops a rerun nobody waits for, skips a queued one, and reruns the set when asked again', async () => {
    // As at start-up, when a saved session's toggles are applied.
    service.phase = 'quick';
    const ids = service.base.result.chokepoints.map(c => c.fix.id);
    expect(ids.length).toBeGreaterThan(2);
    const [first = '', second = '', third = ''] = ids;

    // Given up while its worker analyses: stopped there (503), not cached.
    const running = new AbortController();
    const stopped = service.whatIf([first], running.signal);
    setTimeout(() => {
      running.abort();
    }, 300);
    const refusal = await stopped.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(HttpError);
    expect((refusal as HttpError).status).toBe(503);

    // Given up while queued behind another rerun: never started.
    const queued = new AbortController();
    const ahead = service.whatIf([second]);
    const skipped = service.whatIf([third], queued.signal);
    queued.abort();
    await expect(skipped).rejects.toThrow(/aborted/);
    expect((await ahead).result.applied.map(f => f.id)).toEqual([second]);

    // Asked again: rerun with the fix made, as the full analysis gave it.
    const again = await service.whatIf([first]);
    expect(again.result.applied.map(f => f.id)).toEqual([first]);
    const chokepoint = service.base.result.chokepoints[0];
    expect(again.result.summary.exposedEntryPoints).toBe(
      chokepoint?.exposedAfter,
    );
    service.phase = 'full';
  }, 300_000);
});
