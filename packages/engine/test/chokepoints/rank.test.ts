import { describe, expect, it } from 'vitest';
import type { Breadth } from '../../src/chokepoints/breadth.ts';
import type { ImpactLevel } from '../../src/chokepoints/impact/index.ts';
import { rankChokepoints } from '../../src/chokepoints/rank.ts';

function candidate(
  id: string,
  cut: string[],
  level: ImpactLevel,
  breadth: Breadth = { class: 1, amount: 1 },
  pathShare = 0,
) {
  return {
    fix: { id },
    entriesCut: cut.length,
    // Ten exposed before; nothing newly exposed.
    exposedAfter: 10 - cut.length,
    pathShare,
    impact: { level, reason: id },
    breadth,
    cut: new Set(cut),
  };
}

describe('ranking choke points', () => {
  it('puts what breaks a component last, then orders by entries cut, impact and narrowness', () => {
    const ranked = rankChokepoints([
      candidate('kube-proxy-privileged', ['a', 'b', 'c'], 'breaks'),
      candidate('delete-binding', ['d', 'e'], 'degrades', {
        class: 2,
        amount: 90,
      }),
      candidate('remove-subject', ['d', 'e'], 'degrades', {
        class: 0,
        amount: 45,
      }),
      candidate('drop-token', ['d', 'e'], 'none'),
      candidate('narrow-rule', ['f'], 'none', { class: 0, amount: 1 }),
    ]);
    expect(ranked.map(c => [c.rank, c.fix.id])).toEqual([
      [1, 'drop-token'],
      [2, 'remove-subject'],
      [3, 'delete-binding'],
      [4, 'narrow-rule'],
      [5, 'kube-proxy-privileged'],
    ]);
  });

  it('offers beside a breaking fix the non-breaking fix that cuts most of the same entries', () => {
    const ranked = rankChokepoints([
      candidate('delete-crb', ['a', 'b', 'c'], 'breaks'),
      candidate('remove-resource', ['a', 'b'], 'degrades'),
      candidate('token-off', ['a'], 'none'),
      candidate('elsewhere', ['z', 'y', 'x'], 'none'),
    ]);
    const broken = ranked.find(c => c.fix.id === 'delete-crb');
    expect(broken?.alternative?.fix.id).toBe('remove-resource');
    expect(
      ranked.find(c => c.fix.id === 'token-off')?.alternative,
    ).toBeUndefined();
  });

  it('offers no alternative when every fix for those entries breaks something', () => {
    const ranked = rankChokepoints([
      candidate('privileged-off', ['a'], 'breaks'),
      candidate('non-root', ['a'], 'breaks'),
    ]);
    expect(ranked.every(c => c.alternative === undefined)).toBe(true);
  });
});
