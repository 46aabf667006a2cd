/**
 * Combining confidences (catalog 3.0): a step holds at the lowest confidence
 * of what it relies on, and caps ("at most medium") lower, never raise.
 */

import type { Confidence } from '@chokepoint/model';

const RANK: Readonly<Record<Confidence, number>> = {
  low: 0,
  medium: 1,
  high: 2,
};

/** The lowest of the given confidences (`high` for none). */
export function lowest(...values: readonly Confidence[]): Confidence {
  let out: Confidence = 'high';
  for (const value of values) if (RANK[value] < RANK[out]) out = value;
  return out;
}
