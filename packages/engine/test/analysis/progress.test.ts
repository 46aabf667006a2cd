import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import { analyze, buildGraph, RULES } from '../../src/index.ts';
import type { EngineProgress } from '../../src/index.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

const demo = () =>
  readInputs([DEMO], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date('2026-12-06T00:00:00Z'),
    tool: 'test',
  });

describe('engine progress callback', () => {
  it('reports every rule of the build, in order, ending at the rule count', async () => {
    const events: EngineProgress[] = [];
    buildGraph(await demo(), { onProgress: e => events.push(e) });
    const rules = Object.keys(RULES).length;
    expect(events.map(e => e.done)).toEqual(
      Array.from({ length: rules + 1 }, (_, i) => i),
    );
    expect(new Set(events.map(e => `${e.phase}/${String(e.total)}`))).toEqual(
      new Set([`graph/${String(rules)}`]),
    );
  });

  it('goes through the phases in order, counts the measured candidates, and changes no result', async () => {
    const snapshot = await demo();
    const events: EngineProgress[] = [];
    const withProgress = analyze(snapshot, {
      // The demo's sixth candidate in the engine's order is the first that cuts.
      maxCandidates: 6,
      onProgress: e => events.push(e),
    });
    const phases = events
      .map(e => e.phase)
      .filter((phase, i, all) => phase !== all[i - 1]);
    expect(phases).toEqual([
      'findings',
      'graph',
      'paths',
      'chokepoints',
      'plan',
    ]);
    const measured = events.filter(e => e.phase === 'chokepoints');
    expect(measured.map(e => e.done)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(measured.every(e => e.total === 6)).toBe(true);
    expect(withProgress.result.chokepoints.length).toBeGreaterThan(0);
    expect(withProgress.result).toEqual(
      analyze(snapshot, { maxCandidates: 6 }).result,
    );
  });
});
