/**
 * Exposure after a fix, from the graph's difference (provenance/what-if.ts)
 * and the CSR index of the graph before it (algorithms.md 4.7): the entry
 * points and critical assets are chosen again over the changed nodes, the
 * edges that lost every way are masked, the ways that came are added, and
 * one reverse reachability pass from the critical assets says which entry
 * points still reach one. No graph is rebuilt.
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type {
  AttackGraph,
  Confidence,
  NodeAttributes,
} from '@chokepoint/model';
import {
  AUXILIARY_EDGE_KINDS,
  EDGE_KINDS,
  isEdgeKind,
} from '@chokepoint/model';
import type { WayOut } from '../provenance/derive.ts';
import type { GraphDelta } from '../provenance/what-if.ts';
import type { AttackIndex } from './attack-index.ts';
import { distanceToCritical } from './reach.ts';
import type { DistanceToCritical, IndexOverlay } from './reach.ts';
import { IDENTITY_OR_SCOPE, resolveTargets } from './targets.ts';
import type { NodeSource, TargetOptions, Targets } from './targets.ts';

/**
 * The graph's identity and RoleInScope nodes with their attributes, in its
 * order (the analysed graph is not changed after its build; kinds never
 * change).
 */
const identityOrScopeNodes = new WeakMap<
  AttackGraph,
  readonly (readonly [string, NodeAttributes])[]
>();

function identitiesAndScopes(
  graph: AttackGraph,
): readonly (readonly [string, NodeAttributes])[] {
  let nodes = identityOrScopeNodes.get(graph);
  if (nodes === undefined) {
    const found: (readonly [string, NodeAttributes])[] = [];
    graph.forEachNode((id, attributes) => {
      if (IDENTITY_OR_SCOPE.has(attributes.kind)) found.push([id, attributes]);
    });
    identityOrScopeNodes.set(graph, (nodes = found));
  }
  return nodes;
}

/** The nodes of the graph after a fix, for choosing entry points and assets again. */
export function nodesAfter(graph: AttackGraph, delta: GraphDelta): NodeSource {
  const attributesOf = (
    id: string,
    attributes: NodeAttributes,
  ): NodeAttributes => {
    const admin = delta.clusterAdmin.get(id);
    if (admin === undefined) return attributes;
    const props = { ...(attributes.props ?? {}) };
    if (admin) props.clusterAdmin = true;
    else Reflect.deleteProperty(props, 'clusterAdmin');
    return { ...attributes, props };
  };
  return {
    hasNode: id =>
      delta.addedNodes.has(id) ||
      (!delta.removedNodes.has(id) && graph.hasNode(id)),
    nodes: () => [
      ...graph.filterNodes(id => !delta.removedNodes.has(id)),
      ...delta.addedNodes.keys(),
    ],
    forEachNode(callback) {
      graph.forEachNode((id, attributes) => {
        if (!delta.removedNodes.has(id))
          callback(id, attributesOf(id, attributes));
      });
      for (const [id, attributes] of delta.addedNodes)
        callback(id, attributesOf(id, attributes));
    },
    forEachIdentityOrScope(callback) {
      for (const [id, attributes] of identitiesAndScopes(graph))
        if (!delta.removedNodes.has(id))
          callback(id, attributesOf(id, attributes));
      for (const [id, attributes] of delta.addedNodes)
        if (IDENTITY_OR_SCOPE.has(attributes.kind))
          callback(id, attributesOf(id, attributes));
    },
  };
}

/** Entry points and critical assets that no longer exist are left out, as after any fix. */
export function lenient(
  options: TargetOptions,
  nodes: Pick<NodeSource, 'hasNode'>,
): TargetOptions {
  return {
    ...(options.entry === undefined
      ? {}
      : { entry: options.entry.filter(id => nodes.hasNode(id)) }),
    ...(options.critical === undefined
      ? {}
      : { critical: options.critical.filter(id => nodes.hasNode(id)) }),
  };
}

function traversable(kind: string): boolean {
  if (isEdgeKind(kind)) return EDGE_KINDS[kind].traversable;
  return Object.hasOwn(AUXILIARY_EDGE_KINDS, kind);
}

const slotsOf = new WeakMap<AttackIndex, ReadonlyMap<string, number>>();

function slotOfKey(index: AttackIndex): ReadonlyMap<string, number> {
  let slots = slotsOf.get(index);
  if (slots === undefined) {
    const built = new Map<string, number>();
    index.edgeKeys.forEach((key, slot) => built.set(key, slot));
    slotsOf.set(index, (slots = built));
  }
  return slots;
}

export interface Measured {
  readonly targets: Targets;
  /** Exposed entry points after the fix. */
  readonly exposed: ReadonlySet<string>;
}

/** The graph after a delta over the index (reach.ts) and what names its nodes and extra edges. */
export interface DeltaOverlay extends IndexOverlay {
  /** The number of a node after the delta, numbering it when the index lacks it. */
  readonly numberOf: (id: string) => number;
  /** The id of a node number. */
  readonly idOf: (i: number) => string;
  /** The ways after the delta of each extra edge, by edge number. */
  readonly extraWays: readonly (readonly WayOut[])[];
}

/**
 * The edges the delta changed, over the index: an edge that lost every
 * (traversable, confident enough) way is masked; one that came, or kept
 * some way but changed, is an extra edge with its ways after (a changed
 * edge's confidence and evidence are those after the fix); the edges of a
 * removed node are masked.
 */
export function overlayOf(
  index: AttackIndex,
  delta: GraphDelta,
  minConfidence: Confidence,
): DeltaOverlay {
  const floor = CONFIDENCE_ORDER.indexOf(minConfidence);
  const slots = slotOfKey(index);
  // Nodes the index lacks get numbers after its own (the index is shared:
  // nothing of it is copied).
  const baseN = index.ids.length;
  const extraIds = new Map<string, number>();
  const extraNames: string[] = [];
  const numberOf = (id: string): number => {
    let i = index.indexOf.get(id) ?? extraIds.get(id);
    if (i === undefined) {
      i = baseN + extraIds.size;
      extraIds.set(id, i);
      extraNames.push(id);
    }
    return i;
  };
  const masked = new Uint8Array(index.targets.length);
  const extraFrom: number[] = [];
  const extraTo: number[] = [];
  const extraWays: (readonly WayOut[])[] = [];
  for (const [key, ways] of delta.edges) {
    let best = -1;
    for (const way of ways)
      if (traversable(way.kind))
        best = Math.max(best, CONFIDENCE_ORDER.indexOf(way.confidence));
    const alive = best >= floor && best >= 0;
    const slot = slots.get(key);
    if (slot !== undefined) masked[slot] = 1;
    const way = ways[0];
    if (!alive || way === undefined) continue;
    extraFrom.push(numberOf(way.from));
    extraTo.push(numberOf(way.to));
    extraWays.push(ways);
  }
  for (const id of delta.removedNodes) {
    const i = index.indexOf.get(id);
    if (i === undefined) continue;
    for (let s = index.offsets[i] ?? 0; s < (index.offsets[i + 1] ?? 0); s++)
      masked[s] = 1;
    for (
      let r = index.reverseOffsets[i] ?? 0;
      r < (index.reverseOffsets[i + 1] ?? 0);
      r++
    )
      masked[index.reverseEdge[r] ?? 0] = 1;
  }
  return {
    get size() {
      return baseN + extraIds.size;
    },
    masked,
    extraFrom,
    extraTo,
    extraWays,
    numberOf,
    idOf: i =>
      i < baseN ? (index.ids[i] ?? '') : (extraNames[i - baseN] ?? ''),
  };
}

export interface ReachedAfterDelta extends Measured {
  readonly overlay: DeltaOverlay;
  /** Distances and next hops after the delta, by node number (overlay). */
  readonly reach: DistanceToCritical;
}

/** Exposure, distances and next hops once `delta` is applied to the graph `index` was compiled from. */
export function reachAfterDelta(
  graph: AttackGraph,
  index: AttackIndex,
  delta: GraphDelta,
  options: TargetOptions,
  minConfidence: Confidence,
): ReachedAfterDelta {
  const nodes = nodesAfter(graph, delta);
  const targets = resolveTargets(
    nodes,
    delta.parts.index,
    lenient(options, nodes),
  );
  const overlay = overlayOf(index, delta, minConfidence);
  const critical = targets.criticalAssets.map(overlay.numberOf);
  const entries = targets.entryPoints.map(overlay.numberOf);
  const reach = distanceToCritical(index, critical, overlay);
  // A critical entry point has nothing left to reach (distance 0).
  const exposed = new Set<string>();
  targets.entryPoints.forEach((id, k) => {
    if ((reach.distance[entries[k] ?? 0] ?? 0) > 0) exposed.add(id);
  });
  return { targets, exposed, overlay, reach };
}

/** Exposure once `delta` is applied to the graph `index` was compiled from. */
export function measureDelta(
  graph: AttackGraph,
  index: AttackIndex,
  delta: GraphDelta,
  options: TargetOptions,
  minConfidence: Confidence,
): Measured {
  const { targets, exposed } = reachAfterDelta(
    graph,
    index,
    delta,
    options,
    minConfidence,
  );
  return { targets, exposed };
}
