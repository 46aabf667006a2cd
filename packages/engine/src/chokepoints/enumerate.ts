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
import type { CandidateContext, EdgeView } from './candidates.ts';
import { cutBounds } from './cut-bounds.ts';
import type { CutBounds, NamedBy } from './cut-bounds.ts';

export interface Candidate extends CutBounds {
  readonly fix: Fix;
  /** Exposed entries whose shortest path crosses an edge this fix came from. */
  readonly onPaths: number;
  /** Where in the attack subgraph it comes from. */
  readonly namedBy: NamedBy;
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

/**
 * The fixes an edge names, each once, and those of them that take away every
 * way it holds in: a fix one way names leaves the edge standing when another
 * way does not need what it changes. An identity holding its permissions
 * through several bindings keeps a GRANTS edge (to the permissions the other
 * bindings give) when one of them goes.
 */
function fixesOfEdge(
  ctx: CandidateContext,
  edge: EdgeView,
): { fixes: Fix[]; sure: ReadonlySet<string> } {
  const { alsoVia, ...first } = edge.evidence;
  const ways = Array.isArray(alsoVia)
    ? [first, ...(alsoVia as Record<string, unknown>[])]
    : [first];
  const byId = new Map<string, Fix>();
  let sure: Set<string> | undefined;
  for (const way of ways) {
    const fixes = candidatesForEdge(ctx, { ...edge, evidence: way });
    for (const fix of fixes) if (!byId.has(fix.id)) byId.set(fix.id, fix);
    const ids = new Set(fixes.map(f => f.id));
    sure =
      sure === undefined ? ids : new Set([...sure].filter(id => ids.has(id)));
  }
  const shared =
    edge.kind === 'GRANTS' &&
    Array.isArray(first.bindings) &&
    first.bindings.length > 1;
  return {
    fixes: [...byId.values()],
    sure: shared ? new Set() : (sure ?? new Set()),
  };
}

export function enumerateCandidates(
  graph: AttackGraph,
  index: AttackIndex,
  exposure: Exposure,
  critical: readonly number[],
  ctx: CandidateContext,
): Candidate[] {
  interface Named {
    readonly fix: Fix;
    readonly entries: Set<number>;
    readonly slots: number[];
    readonly sureSlots: number[];
    readonly assets: number[];
  }
  const byId = new Map<string, Named>();
  const named = (fix: Fix): Named => {
    let seen = byId.get(fix.id);
    if (seen === undefined)
      byId.set(
        fix.id,
        (seen = {
          fix,
          entries: new Set(),
          slots: [],
          sureSlots: [],
          assets: [],
        }),
      );
    return seen;
  };
  const edgeView = (key: string): EdgeView => {
    const attributes = graph.getEdgeAttributes(key);
    return {
      kind: attributes.kind,
      from: graph.source(key),
      to: graph.target(key),
      evidence: attributes.evidence,
    };
  };
  const perSlot = new Map<number, ReturnType<typeof fixesOfEdge>>();
  const fixesOfSlot = (slot: number): ReturnType<typeof fixesOfEdge> => {
    let fixes = perSlot.get(slot);
    if (fixes === undefined) {
      fixes = fixesOfEdge(ctx, edgeView(index.edgeKeys[slot] ?? ''));
      perSlot.set(slot, fixes);
    }
    return fixes;
  };

  const subgraph = attackSubgraph(index, exposure, critical);
  for (const slot of subgraph.slots) {
    const { fixes, sure } = fixesOfSlot(slot);
    for (const fix of fixes) {
      const seen = named(fix);
      seen.slots.push(slot);
      if (sure.has(fix.id)) seen.sureSlots.push(slot);
    }
  }
  for (const asset of critical) {
    if (subgraph.forward[asset] !== 1) continue;
    graph.forEachOutEdge(index.ids[asset] ?? '', (key, attributes) => {
      if (attributes.kind === 'GRANTS')
        for (const fix of fixesOfEdge(ctx, edgeView(key)).fixes)
          named(fix).assets.push(asset);
    });
  }
  for (const entry of exposure.exposed)
    for (const slot of pathSlots(index, exposure.reach, entry))
      for (const fix of fixesOfSlot(slot).fixes) named(fix).entries.add(entry);

  const all = [...byId.values()];
  const bounds = cutBounds(index, exposure, critical, subgraph, all);
  // Those that surely cut most first, then those that may cut most.
  return all
    .map(({ fix, entries, ...namedBy }, i) => ({
      fix,
      onPaths: entries.size,
      namedBy,
      ...(bounds[i] ?? { sure: 0, crossed: 0 }),
    }))
    .sort(
      (a, b) =>
        b.sure - a.sure ||
        b.crossed - a.crossed ||
        b.onPaths - a.onPaths ||
        (a.fix.id < b.fix.id ? -1 : 1),
    );
}
