/**
 * The schedule of concurrent relationship writes: every row written once, and
 * within a round no node is an endpoint of rows in two lanes (so concurrent
 * transactions never wait for each other's node locks, nor deadlock).
 * Checked on seeded random graphs with a hub, against the rows themselves.
 */

import { describe, expect, it } from 'vitest';
import { seededRandom } from '@chokepoint/collector';
import { dealParts, disjointRounds, tournament } from '../src/schedule.ts';

interface Row {
  readonly from: string;
  readonly to: string;
  readonly n: number;
}

describe('disjointRounds', () => {
  it('writes every row exactly once, and no node in two lanes of a round', () => {
    const next = seededRandom(14);
    const int = (n: number): number => Math.floor(next() * n);
    for (let run = 0; run < 200; run++) {
      const nodes = 1 + int(40);
      const lanes = 1 + int(4);
      const ids = Array.from({ length: nodes }, (_, i) => `n${String(i)}`);
      // A third of the rows touch node 0, a hub such as system:authenticated.
      const rows: Row[] = Array.from({ length: int(300) }, (_, n) => ({
        from: next() < 1 / 3 ? 'n0' : `n${String(int(nodes))}`,
        to: `n${String(int(nodes))}`,
        n,
      }));
      const parts = dealParts(ids, lanes);
      const rounds = disjointRounds(rows, lanes, id => parts.get(id));
      const written = rounds.flat(2).map(r => r.n);
      expect(written.sort((x, y) => x - y)).toEqual(rows.map(r => r.n));
      for (const round of rounds) {
        expect(round.length).toBeLessThanOrEqual(lanes);
        const owner = new Map<string, number>();
        round.forEach((group, lane) => {
          expect(group.length).toBeGreaterThan(0);
          for (const row of group)
            for (const node of [row.from, row.to]) {
              expect(owner.get(node) ?? lane).toBe(lane);
              owner.set(node, lane);
            }
        });
      }
    }
  });

  it('keeps row order within a group, and one lane is one round of everything', () => {
    const rows: Row[] = [
      { from: 'a', to: 'b', n: 0 },
      { from: 'b', to: 'a', n: 1 },
      { from: 'a', to: 'a', n: 2 },
    ];
    expect(disjointRounds(rows, 1, () => 0)).toEqual([[rows]]);
    expect(disjointRounds([], 1, () => 0)).toEqual([]);
    expect(disjointRounds(rows, 2, () => 3)).toEqual([[rows]]);
  });

  it('refuses a lane count that is not a positive integer', () => {
    expect(() => disjointRounds([], 0, () => 0)).toThrow(RangeError);
    expect(() => disjointRounds([], 1.5, () => 0)).toThrow(RangeError);
  });
});

describe('tournament', () => {
  it('pairs every two parts exactly once, each part once per round', () => {
    for (const parts of [2, 4, 6, 8]) {
      const rounds = tournament(parts);
      expect(rounds).toHaveLength(parts - 1);
      const seen = new Set<string>();
      for (const round of rounds) {
        expect(new Set(round.flat()).size).toBe(parts);
        for (const [a, b] of round)
          seen.add(`${String(Math.min(a, b))}-${String(Math.max(a, b))}`);
      }
      expect(seen.size).toBe((parts * (parts - 1)) / 2);
    }
    expect(() => tournament(3)).toThrow(RangeError);
  });
});
