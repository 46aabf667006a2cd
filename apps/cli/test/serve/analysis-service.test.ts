/**
 * The what-if reruns (the paths after the fixes) of the viewer's server: a
 * rerun whose asker gave up is stopped in its worker or never started, and
 * the set is rerun in full when asked again.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import { analyze, DEFAULT_POLICY } from '@chokepoint/engine';
import { AnalysisService } from '../../src/serve/analysis-service.ts';
import { HttpError } from '../../src/serve/http.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

let service: AnalysisService;
beforeAll(async () => {
  const snapshot = await readInputs([DEMO], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
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

describe("the server's what-if reruns", () => {
  it('stops a rerun nobody waits for, skips a queued one, and reruns the set when asked again', async () => {
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
  }, 300_000);
});
