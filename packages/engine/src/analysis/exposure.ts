/**
 * Exposure and attack paths (cli-contract `analyze`): one reverse
 * multi-source BFS from the critical assets gives every entry point its
 * distance to the nearest one; an entry point is exposed when that distance
 * exists, and its path is the pointer walk along the next hops
 * (algorithms.md 4.2). An entry point that is itself critical has nothing
 * left to reach and is not counted.
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type { AttackGraph } from '@chokepoint/model';
import type { AttackPath, PathStep } from '../algorithms/shortest-path.ts';
import type { AttackIndex } from './attack-index.ts';
import { distanceToCritical, pathSlots } from './reach.ts';
import type { DistanceToCritical } from './reach.ts';

export interface Exposure {
  readonly reach: DistanceToCritical;
  /** Indexes of exposed entry points, ascending. */
  readonly exposed: readonly number[];
}

export function computeExposure(
  index: AttackIndex,
  entries: readonly number[],
  critical: readonly number[],
): Exposure {
  const reach = distanceToCritical(index, critical);
  const exposed = entries
    .filter(entry => reach.distance[entry]! > 0)
    .sort((a, b) => a - b);
  return { reach, exposed };
}

export function attackPath(
  graph: AttackGraph,
  index: AttackIndex,
  exposure: Exposure,
  entry: number,
): AttackPath {
  const steps: PathStep[] = pathSlots(index, exposure.reach, entry).map(
    slot => {
      const key = index.edgeKeys[slot] ?? '';
      const attributes = graph.getEdgeAttributes(key);
      return {
        from: graph.source(key),
        to: graph.target(key),
        kind: attributes.kind,
        confidence: attributes.confidence,
        evidence: attributes.evidence,
      };
    },
  );
  const lowest = Math.min(
    ...steps.map(step => CONFIDENCE_ORDER.indexOf(step.confidence)),
  );
  const from = index.ids[entry] ?? '';
  return {
    from,
    to: steps.at(-1)?.to ?? from,
    length: steps.length,
    confidence: CONFIDENCE_ORDER[lowest] ?? 'low',
    steps,
  };
}
