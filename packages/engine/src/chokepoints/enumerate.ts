/**
 * Every candidate fix of an analysed state (issue 10 point 3). A fix can
 * only cut an entry point if it removes an edge of some path from an exposed
 * entry point to a critical asset, or if it makes an asset stop being one:
 *
 * - the attack subgraph: edges u -> v with u forward-reachable from an
 *   exposed entry point (not through a critical asset: past the first one
 *   reached the entry point is exposed already) and v backward-reachable
 *   from a critical asset; every fix its evidence names is a candidate;
 * - the asset side: the bindings an identity asset holds its power through
 *   (the GRANTS edges out of it), so the binding that makes an identity
 *   cluster-admin-equivalent is measured. A critical ServiceAccount's token
 *   mount and the hostPath or privilege that exposes a node come from the
 *   edges into those assets, which lie in the subgraph.
 *
 * Each candidate also says how many exposed entry points' shortest paths
 * cross an edge it came from (its path share in the report).
 */

import type { AttackGraph } from '@chokepoint/model';
import type { AttackIndex } from '../analysis/attack-index.ts';
import type { Exposure } from '../analysis/exposure.ts';
import { pathSlots } from '../analysis/reach.ts';
import type { Fix } from './apply-fix.ts';
import { candidatesForEdge } from './candidates.ts';
import type { CandidateContext } from './candidates.ts';

export interface Candidate {
  readonly fix: Fix;
  /** Exposed entries whose shortest path crosses an edge this fix came from. */
  readonly onPaths: number;
}

export interface AttackSubgraph {
  /** 1 for nodes forward-reachable from an exposed entry point (assets not passed). */
  readonly forward: Uint8Array;
  /** Forward edge slots on some exposed entry point -> critical asset path. */
  readonly slots: readonly number[];
}

/** The edges that lie on any path from an exposed entry point to a critical asset. */
export function attackSubgraph(
  index: AttackIndex,
  exposure: Exposure,
  critical: readonly number[],
): AttackSubgraph {
  const n = index.ids.length;
  const isCritical = new Uint8Array(n);
  for (const i of critical) isCritical[i] = 1;
  const forward = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (const entry of exposure.exposed) {
    if (forward[entry] === 1) continue;
    forward[entry] = 1;
    queue[tail++] = entry;
  }
  const { offsets, targets } = index;
  const { distance } = exposure.reach;
  const slots: number[] = [];
  for (let head = 0; head < tail; head++) {
    const u = queue[head] ?? 0;
    if (isCritical[u] === 1) continue;
    for (let s = offsets[u] ?? 0; s < (offsets[u + 1] ?? 0); s++) {
      const v = targets[s] ?? 0;
      if ((distance[v] ?? -1) < 0) continue;
      slots.push(s);
      if (forward[v] === 1) continue;
      forward[v] = 1;
      queue[tail++] = v;
    }
  }
  return { forward, slots };
}

export function enumerateCandidates(
  graph: AttackGraph,
  index: AttackIndex,
  exposure: Exposure,
  critical: readonly number[],
  ctx: CandidateContext,
): Candidate[] {
  const byId = new Map<string, { fix: Fix; entries: Set<number> }>();
  const add = (fixes: readonly Fix[], entry?: number): void => {
    for (const fix of fixes) {
      let seen = byId.get(fix.id);
      if (seen === undefined)
        byId.set(fix.id, (seen = { fix, entries: new Set() }));
      if (entry !== undefined) seen.entries.add(entry);
    }
  };
  const fixesOfKey = (key: string): Fix[] => {
    const attributes = graph.getEdgeAttributes(key);
    return candidatesForEdge(ctx, {
      kind: attributes.kind,
      from: graph.source(key),
      to: graph.target(key),
      evidence: attributes.evidence,
    });
  };
  const perSlot = new Map<number, Fix[]>();
  const fixesOfSlot = (slot: number): Fix[] => {
    let fixes = perSlot.get(slot);
    if (fixes === undefined) {
      fixes = fixesOfKey(index.edgeKeys[slot] ?? '');
      perSlot.set(slot, fixes);
    }
    return fixes;
  };

  const subgraph = attackSubgraph(index, exposure, critical);
  for (const slot of subgraph.slots) add(fixesOfSlot(slot));
  for (const asset of critical) {
    if (subgraph.forward[asset] !== 1) continue;
    graph.forEachOutEdge(index.ids[asset] ?? '', (key, attributes) => {
      if (attributes.kind === 'GRANTS') add(fixesOfKey(key));
    });
  }
  for (const entry of exposure.exposed)
    for (const slot of pathSlots(index, exposure.reach, entry))
      add(fixesOfSlot(slot), entry);

  return [...byId.values()]
    .map(({ fix, entries }) => ({ fix, onPaths: entries.size }))
    .sort((a, b) => b.onPaths - a.onPaths || (a.fix.id < b.fix.id ? -1 : 1));
}
