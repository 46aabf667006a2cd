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
import type { GraphDelta } from '../provenance/what-if.ts';
import type { AttackIndex } from './attack-index.ts';
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

/** Exposure once `delta` is applied to the graph `index` was compiled from. */
export function measureDelta(
  graph: AttackGraph,
  index: AttackIndex,
  delta: GraphDelta,
  options: TargetOptions,
  minConfidence: Confidence,
): Measured {
  const nodes = nodesAfter(graph, delta);
  const targets = resolveTargets(
    nodes,
    delta.parts.index,
    lenient(options, nodes),
  );
  const floor = CONFIDENCE_ORDER.indexOf(minConfidence);
  const slots = slotOfKey(index);
  // Nodes the index lacks get numbers after its own (the index is shared:
  // nothing of it is copied).
  const baseN = index.ids.length;
  const extraIds = new Map<string, number>();
  const indexOfAfter = (id: string): number | undefined =>
    index.indexOf.get(id) ?? extraIds.get(id);
  const idOf = (id: string): number => {
    let i = indexOfAfter(id);
    if (i === undefined) {
      i = baseN + extraIds.size;
      extraIds.set(id, i);
    }
    return i;
  };
  const masked = new Uint8Array(index.targets.length);
  const extraFrom: number[] = [];
  const extraTo: number[] = [];
  for (const [key, ways] of delta.edges) {
    let best = -1;
    for (const way of ways)
      if (traversable(way.kind))
        best = Math.max(best, CONFIDENCE_ORDER.indexOf(way.confidence));
    const alive = best >= floor && best >= 0;
    const slot = slots.get(key);
    if (slot !== undefined && !alive) masked[slot] = 1;
    else if (slot === undefined && alive) {
      const way = ways[0];
      if (way === undefined) continue;
      extraFrom.push(idOf(way.from));
      extraTo.push(idOf(way.to));
    }
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
  for (const id of targets.criticalAssets) idOf(id);
  for (const id of targets.entryPoints) idOf(id);
  const n = baseN + extraIds.size;
  const extraIn = new Map<number, number[]>();
  extraTo.forEach((to, e) => {
    const list = extraIn.get(to);
    const from = extraFrom[e] ?? 0;
    if (list === undefined) extraIn.set(to, [from]);
    else list.push(from);
  });
  const reached = new Uint8Array(n);
  const critical = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (const id of targets.criticalAssets) {
    const i = idOf(id);
    critical[i] = 1;
    if (reached[i] === 1) continue;
    reached[i] = 1;
    queue[tail++] = i;
  }
  const { reverseOffsets, sources, reverseEdge } = index;
  while (head < tail) {
    const v = queue[head++] ?? 0;
    if (v < baseN) {
      for (
        let r = reverseOffsets[v] ?? 0;
        r < (reverseOffsets[v + 1] ?? 0);
        r++
      ) {
        if (masked[reverseEdge[r] ?? 0] === 1) continue;
        const u = sources[r] ?? 0;
        if (reached[u] === 1) continue;
        reached[u] = 1;
        queue[tail++] = u;
      }
    }
    for (const u of extraIn.get(v) ?? []) {
      if (reached[u] === 1) continue;
      reached[u] = 1;
      queue[tail++] = u;
    }
  }
  const exposed = new Set<string>();
  for (const id of targets.entryPoints) {
    const i = indexOfAfter(id);
    if (i !== undefined && reached[i] === 1 && critical[i] !== 1)
      exposed.add(id);
  }
  return { targets, exposed };
}
