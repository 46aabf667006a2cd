/**
 * Exposure and attack paths (cli-contract `analyze`): one reverse
 * multi-source BFS from the critical assets gives every entry point its
 * distance to the nearest one; an entry point is exposed when that distance
 * exists, and its path is the pointer walk along the next hops
 * (algorithms.md 4.2). An entry point that is itself critical has nothing
 * left to reach and is not counted.
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type { AnyEdgeKind, AttackGraph } from '@chokepoint/model';
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

/** The kinds of the edges parallel to `slot` (same two nodes), in forward-CSR order. */
function otherKinds(
  graph: AttackGraph,
  index: AttackIndex,
  slot: number,
  kind: AnyEdgeKind,
): AnyEdgeKind[] {
  const target = index.targets[slot];
  const source = index.indexOf.get(graph.source(index.edgeKeys[slot] ?? ''));
  const kinds: AnyEdgeKind[] = [];
  if (source === undefined) return kinds;
  for (let s = index.offsets[source]!; s < index.offsets[source + 1]!; s++) {
    if (index.targets[s] !== target) continue;
    const other = graph.getEdgeAttribute(index.edgeKeys[s] ?? '', 'kind');
    if (other !== kind && !kinds.includes(other)) kinds.push(other);
  }
  return kinds;
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
      const others = otherKinds(graph, index, slot, attributes.kind);
      return {
        from: graph.source(key),
        to: graph.target(key),
        kind: attributes.kind,
        confidence: attributes.confidence,
        evidence: attributes.evidence,
        ...(others.length === 0 ? {} : { otherKinds: others }),
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
