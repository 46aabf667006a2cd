import { describe, expect, it } from 'vitest';
import { seededRandom } from '@chokepoint/collector';
import {
  minimumHittingSet,
  planWeights,
  remediationPlan,
} from '../../src/chokepoints/plan.ts';
import type { PlanImpact, PlanProblem } from '../../src/chokepoints/plan.ts';

interface Fix {
  readonly id: string;
}

/**
 * A cluster in miniature: each entry point has a few attack paths, each path
 * cut by any one of a few fixes (none: a path no fix cuts). An entry point
 * stays exposed while one of its paths is left whole.
 */
interface Instance {
  readonly fixes: readonly Fix[];
  readonly paths: ReadonlyMap<string, readonly (readonly number[])[]>;
}

function generated(seed: number): Instance {
  const next = seededRandom(seed);
  const n = 1 + Math.floor(next() * 11);
  const fixes = Array.from({ length: n }, (_, i) => ({
    id: `fix-${String(i)}`,
  }));
  const paths = new Map<string, number[][]>();
  const entries = 1 + Math.floor(next() * 8);
  for (let e = 0; e < entries; e++) {
    const list: number[][] = [];
    const count = 1 + Math.floor(next() * 3);
    for (let p = 0; p < count; p++) {
      const cutters = new Set<number>();
      const size = next() < 0.04 ? 0 : 1 + Math.floor(next() * 3);
      while (cutters.size < Math.min(size, n))
        cutters.add(Math.floor(next() * n));
      list.push([...cutters]);
    }
    paths.set(`entry-${String(e)}`, list);
  }
  return { fixes, paths };
}

function exposedUnder(instance: Instance, fixes: readonly Fix[]): Set<string> {
  const applied = new Set(fixes.map(f => Number(f.id.slice('fix-'.length))));
  const exposed = new Set<string>();
  for (const [entry, list] of instance.paths)
    if (list.some(path => !path.some(i => applied.has(i)))) exposed.add(entry);
  return exposed;
}

/** The oracle: every subset of the fixes, smallest first; the fewest exposed, then the fewest fixes. */
function bruteForce(instance: Instance): { exposed: number; size: number } {
  let best = { exposed: Infinity, size: Infinity };
  const n = instance.fixes.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    const subset = instance.fixes.filter((_, i) => (mask >> i) & 1);
    const exposed = exposedUnder(instance, subset).size;
    if (
      exposed < best.exposed ||
      (exposed === best.exposed && subset.length < best.size)
    )
      best = { exposed, size: subset.length };
  }
  return best;
}

function problemOf(instance: Instance): PlanProblem<Fix> & { calls: number } {
  const problem = {
    calls: 0,
    candidates: () => instance.fixes,
    exposed: exposedUnder(instance, []).size,
    measure: (fixes: readonly Fix[]) => {
      problem.calls++;
      return exposedUnder(instance, fixes);
    },
  };
  return problem;
}

describe('remediation plan against every subset of the fixes', () => {
  it('finds a minimum plan, measured step by step, on 400 generated instances', () => {
    let exact = 0;
    let greedyWasLonger = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const instance = generated(seed);
      const oracle = bruteForce(instance);
      const plan = remediationPlan(problemOf(instance));
      const greedy = remediationPlan(problemOf(instance), {
        exactCandidates: 0,
      });
      const label = `seed ${String(seed)}`;
      expect(greedy.method, label).toBe('greedy');
      // Every step's figure is what applying it and the earlier ones gives.
      for (const p of [plan, greedy]) {
        p.steps.forEach((step, i) => {
          const fixes = p.steps.slice(0, i + 1).map(s => s.fix);
          expect(step.exposedAfter, label).toBe(
            exposedUnder(instance, fixes).size,
          );
        });
      }
      if (oracle.exposed === 0) {
        expect(plan.method, label).toBe('exact');
        expect(plan.exposedAfter, label).toBe(0);
        expect(plan.steps, label).toHaveLength(oracle.size);
        if (greedy.exposedAfter === 0)
          expect(greedy.steps.length, label).toBeGreaterThanOrEqual(
            oracle.size,
          );
        if (greedy.exposedAfter > 0 || greedy.steps.length > oracle.size)
          greedyWasLonger++;
        exact++;
      } else {
        // Some path no fix cuts: no plan reaches zero, and none is claimed minimum.
        expect(plan.method, label).toBe('greedy');
        expect(plan.exposedAfter, label).toBeGreaterThan(0);
      }
    }
    expect(exact).toBeGreaterThan(250);
    // The instances include ones where greedy is beaten, so the exact search is exercised.
    expect(greedyWasLonger).toBeGreaterThan(5);
  });

  it('finds the plan greedy misses when no single fix helps, and keeps the greedy one when the budget runs out', () => {
    // Every entry point needs two fixes: no single fix lowers the count, so greedy stalls.
    const instance: Instance = {
      fixes: Array.from({ length: 6 }, (_, i) => ({ id: `fix-${String(i)}` })),
      paths: new Map([
        [
          'a',
          [
            [0, 2],
            [1, 3],
          ],
        ],
        [
          'b',
          [
            [0, 4],
            [1, 5],
          ],
        ],
        ['c', [[2], [3]]],
      ]),
    };
    const unbounded = remediationPlan(problemOf(instance));
    expect(unbounded.method).toBe('exact');
    expect(unbounded.exposedAfter).toBe(0);
    expect(unbounded.steps).toHaveLength(4);
    expect(unbounded.steps.map(s => s.fix.id).sort()).toEqual([
      'fix-0',
      'fix-1',
      'fix-2',
      'fix-3',
    ]);
    const tight = remediationPlan(problemOf(instance), { exactMeasures: 1 });
    expect(tight).toEqual({ steps: [], exposedAfter: 3, method: 'greedy' });
  });

  it('is exact without search when one fix cuts everything', () => {
    const instance: Instance = {
      fixes: [{ id: 'fix-0' }, { id: 'fix-1' }],
      paths: new Map([
        ['a', [[0]]],
        ['b', [[0, 1]]],
      ]),
    };
    const problem = problemOf(instance);
    const plan = remediationPlan(problem);
    expect(plan).toEqual({
      steps: [{ fix: { id: 'fix-0' }, exposedAfter: 0 }],
      exposedAfter: 0,
      method: 'exact',
    });
  });
});

/** Fixes of a generated instance, each breaking, degrading or costing nothing. */
function impactsOf(seed: number, instance: Instance): Map<string, PlanImpact> {
  const next = seededRandom(seed * 7 + 3);
  return new Map(
    instance.fixes.map(f => {
      const r = next();
      return [f.id, r < 0.35 ? 'breaks' : r < 0.65 ? 'degrades' : 'none'];
    }),
  );
}

/** Plan cost: fixes that break, then fixes, then fixes that degrade. */
function costOf(
  fixes: readonly Fix[],
  impacts: ReadonlyMap<string, PlanImpact>,
): [number, number, number] {
  const level = (f: Fix): PlanImpact | undefined => impacts.get(f.id);
  return [
    fixes.filter(f => level(f) === 'breaks').length,
    fixes.length,
    fixes.filter(f => level(f) === 'degrades').length,
  ];
}

describe('a plan prefers fixes that break nothing', () => {
  it('is of least cost (breaking fixes, then fixes, then degrading ones) among every subset, on 400 generated instances', () => {
    let withBreaks = 0;
    let avoided = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const instance = generated(seed);
      const impacts = impactsOf(seed, instance);
      const problem = {
        ...problemOf(instance),
        impact: (f: Fix): PlanImpact => impacts.get(f.id) ?? 'none',
      };
      const label = `seed ${String(seed)}`;
      let cheapest: [number, number, number] | undefined;
      const n = instance.fixes.length;
      for (let mask = 0; mask < 1 << n; mask++) {
        const subset = instance.fixes.filter((_, i) => (mask >> i) & 1);
        if (exposedUnder(instance, subset).size > 0) continue;
        const cost = costOf(subset, impacts);
        if (
          cheapest === undefined ||
          cost[0] < cheapest[0] ||
          (cost[0] === cheapest[0] &&
            (cost[1] < cheapest[1] ||
              (cost[1] === cheapest[1] && cost[2] < cheapest[2])))
        )
          cheapest = cost;
      }
      const plan = remediationPlan(problem);
      if (cheapest !== undefined) {
        expect(plan.method, label).toBe('exact');
        expect(plan.exposedAfter, label).toBe(0);
        expect(
          costOf(
            plan.steps.map(s => s.fix),
            impacts,
          ),
          label,
        ).toEqual(cheapest);
        const size = bruteForce(instance).size;
        if (cheapest[0] > 0) withBreaks++;
        if (cheapest[1] > size) avoided++;
      }
      // Greedy takes a breaking fix only when no other single fix helps.
      const greedy = remediationPlan(problem, { exactCandidates: 0 });
      greedy.steps.forEach((step, i) => {
        if (impacts.get(step.fix.id) !== 'breaks') return;
        const before = greedy.steps.slice(0, i).map(s => s.fix);
        const exposed = exposedUnder(instance, before).size;
        for (const other of instance.fixes)
          if (impacts.get(other.id) !== 'breaks')
            expect(
              exposedUnder(instance, [...before, other]).size,
              `${label}: ${other.id} instead of ${step.fix.id}`,
            ).toBe(exposed);
      });
    }
    // Instances where the cheapest plan still breaks something, and where it is longer than the smallest.
    expect(withBreaks).toBeGreaterThan(50);
    expect(avoided).toBeGreaterThan(10);
  });
});

describe('minimum hitting set against every subset', () => {
  it('finds the lightest set with weights that order plans by cost', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = seededRandom(seed * 13);
      const n = 1 + Math.floor(next() * 9);
      const levels = Array.from({ length: n }, (): PlanImpact => {
        const r = next();
        return r < 0.3 ? 'breaks' : r < 0.6 ? 'degrades' : 'none';
      });
      const weights = planWeights(levels);
      const cores = Array.from({ length: Math.floor(next() * 8) }, () => {
        const core = new Set<number>();
        const size = 1 + Math.floor(next() * 4);
        while (core.size < Math.min(size, n)) core.add(Math.floor(next() * n));
        return [...core];
      });
      let lightest = Infinity;
      for (let mask = 0; mask < 1 << n; mask++) {
        if (!cores.every(core => core.some(x => (mask >> x) & 1))) continue;
        let weight = 0;
        for (let x = 0; x < n; x++)
          if ((mask >> x) & 1) weight += weights[x] ?? 0;
        lightest = Math.min(lightest, weight);
      }
      const found = minimumHittingSet(cores, n, Infinity, weights) ?? [];
      const label = `seed ${String(seed)}`;
      expect(
        found.reduce((sum, x) => sum + (weights[x] ?? 0), 0),
        label,
      ).toBe(lightest);
      expect(cores.every(core => core.some(x => found.includes(x)))).toBe(true);
      expect(
        minimumHittingSet(cores, n, lightest - 1, weights),
        label,
      ).toBeUndefined();
    }
  });

  it('agrees on 500 generated families of cores', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const next = seededRandom(seed * 31);
      const n = 1 + Math.floor(next() * 10);
      const cores = Array.from({ length: Math.floor(next() * 9) }, () => {
        const core = new Set<number>();
        const size = 1 + Math.floor(next() * 4);
        while (core.size < Math.min(size, n)) core.add(Math.floor(next() * n));
        return [...core];
      });
      let smallest = Infinity;
      for (let mask = 0; mask < 1 << n; mask++) {
        if (cores.every(core => core.some(x => (mask >> x) & 1)))
          smallest = Math.min(smallest, popcount(mask));
      }
      const found = minimumHittingSet(cores, n, Infinity);
      expect(found?.length, `seed ${String(seed)}`).toBe(smallest);
      expect(cores.every(core => core.some(x => found?.includes(x)))).toBe(
        true,
      );
      // With a limit below the minimum there is none.
      expect(minimumHittingSet(cores, n, smallest - 1)).toBeUndefined();
    }
  });
});

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m > 0; m >>= 1) count += m & 1;
  return count;
}
