/**
 * The conventions of shared/conformance (kubehound/expected.json
 * `conventions`) read literally, over the attack graph of the full rule
 * registry: edge facts (one edge of a kind, preceded only by MEMBER_OF and
 * auxiliary edges and followed only by auxiliary edges), `*` wildcards,
 * `toRoleInScope`, `@cluster-admin-equivalent`, reachability with and
 * without `via`, and `exactOutgoing`. The evaluator walks the graph itself
 * instead of calling the engine's path or analysis code, so it is a second
 * opinion on both.
 */

import {
  CONFIDENCE_ORDER,
  EDGE_KINDS,
  SYSTEM_MASTERS_ID,
  isAuxiliaryEdgeKind,
} from '@chokepoint/model';
import type { AttackGraph, Confidence } from '@chokepoint/model';

export const CLUSTER_ADMIN = '@cluster-admin-equivalent';

/** Every catalog edge kind, for the wildcard kind `*`. */
export const CATALOG_KINDS: readonly string[] = Object.keys(EDGE_KINDS);

export interface EdgeFactSpec {
  readonly from: string;
  readonly to?: string;
  readonly toRoleInScope?: { readonly role: string; readonly scope: string };
  readonly kind: string;
  readonly confidence?: Confidence;
}

export interface PathFactSpec {
  readonly from: string;
  readonly to: string;
  readonly via?: string;
}

/** The `to` of an edge fact as an id pattern. */
export function targetPattern(fact: EdgeFactSpec): string {
  if (fact.toRoleInScope !== undefined)
    return `RoleInScope:${fact.toRoleInScope.role}@${fact.toRoleInScope.scope}`;
  return fact.to ?? '*';
}

/**
 * Nodes that stand for cluster-admin-equivalent power: system:masters, the
 * `*`/`*`/`*`-cluster-wide RoleInScope nodes, and every node the graph marks
 * as holding that power.
 */
export function clusterAdminNodes(graph: AttackGraph): Set<string> {
  const out = new Set<string>([SYSTEM_MASTERS_ID]);
  graph.forEachNode((id, attributes) => {
    if (
      id === 'RoleInScope:ClusterRole:cluster-admin@cluster' ||
      id === 'RoleInScope:*@cluster' ||
      attributes.props?.clusterAdmin === true
    )
      out.add(id);
  });
  return out;
}

/** Whether `id` matches a fact's `to`: exact, trailing `*`, or cluster-admin-equivalent. */
export function matchesTarget(
  graph: AttackGraph,
  pattern: string,
  id: string,
  admins: ReadonlySet<string> = clusterAdminNodes(graph),
): boolean {
  if (pattern === CLUSTER_ADMIN) return admins.has(id);
  if (pattern.endsWith('*')) return id.startsWith(pattern.slice(0, -1));
  return pattern === id;
}

/** `start` and what it reaches over edges whose kind passes `follow`. */
function closure(
  graph: AttackGraph,
  start: string,
  follow: (kind: string) => boolean,
): Map<string, Confidence> {
  const seen = new Map<string, Confidence>([[start, 'high']]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() ?? '';
    const here = seen.get(node) ?? 'high';
    graph.forEachOutEdge(node, (_edge, attributes, _source, target) => {
      if (!follow(attributes.kind) || seen.has(target)) return;
      seen.set(target, lower(here, attributes.confidence));
      queue.push(target);
    });
  }
  return seen;
}

function lower(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCE_ORDER.indexOf(a) <= CONFIDENCE_ORDER.indexOf(b) ? a : b;
}

const DIRECT_SOURCES = ['Container:', 'Pod:', 'Node:'];

export interface EdgeMatch {
  readonly kind: string;
  readonly to: string;
  readonly confidence: Confidence;
}

/**
 * The identity-level edges of a fact (conventions.edgeFact): each catalog
 * edge of the fact's kind (any kind for `*`) leaving `from` or a node `from`
 * reaches over MEMBER_OF and auxiliary edges, with every node its target
 * reaches over auxiliary edges that matches the fact's `to`. The confidence
 * is the edge's, lowered by the auxiliary edges after it.
 */
export function edgeMatches(
  graph: AttackGraph,
  fact: EdgeFactSpec,
): EdgeMatch[] {
  if (!graph.hasNode(fact.from)) return [];
  const pattern = targetPattern(fact);
  const admins = clusterAdminNodes(graph);
  const kinds = new Set(fact.kind === '*' ? CATALOG_KINDS : [fact.kind]);
  const sources = DIRECT_SOURCES.some(p => fact.from.startsWith(p))
    ? [fact.from]
    : [
        ...closure(
          graph,
          fact.from,
          kind => kind === 'MEMBER_OF' || isAuxiliaryEdgeKind(kind),
        ).keys(),
      ];
  const best = new Map<string, EdgeMatch>();
  for (const source of sources) {
    graph.forEachOutEdge(source, (_edge, attributes, _s, target) => {
      if (!kinds.has(attributes.kind)) return;
      for (const [node, after] of closure(graph, target, isAuxiliaryEdgeKind)) {
        if (!matchesTarget(graph, pattern, node, admins)) continue;
        const confidence = lower(attributes.confidence, after);
        const key = `${attributes.kind} ${node}`;
        const seen = best.get(key);
        if (
          seen === undefined ||
          CONFIDENCE_ORDER.indexOf(confidence) >
            CONFIDENCE_ORDER.indexOf(seen.confidence)
        )
          best.set(key, { kind: attributes.kind, to: node, confidence });
      }
    });
  }
  return [...best.values()].sort((a, b) =>
    `${a.kind} ${a.to}` < `${b.kind} ${b.to}` ? -1 : 1,
  );
}

/** Every node reachable from `from` over traversable edges (itself excluded unless on a cycle). */
export function reachableFrom(graph: AttackGraph, from: string): Set<string> {
  const seen = new Set<string>();
  if (!graph.hasNode(from)) return seen;
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift() ?? '';
    graph.forEachOutEdge(node, (_edge, attributes, _source, target) => {
      if (!attributes.traversable || seen.has(target)) return;
      seen.add(target);
      queue.push(target);
    });
  }
  return seen;
}

/**
 * The reached nodes matching a path fact's `to`; with `via`, only those
 * entered (ignoring trailing auxiliary edges) through an edge of that kind
 * whose source `from` reaches.
 */
export function reachedTargets(
  graph: AttackGraph,
  fact: PathFactSpec,
): string[] {
  const reached = reachableFrom(graph, fact.from);
  const admins = clusterAdminNodes(graph);
  const matching = (id: string) =>
    matchesTarget(graph, fact.to, id, admins) && id !== fact.from;
  if (fact.via === undefined) return [...reached].filter(matching).sort();
  const out = new Set<string>();
  graph.forEachEdge((_edge, attributes, source, target) => {
    if (attributes.kind !== fact.via) return;
    if (source !== fact.from && !reached.has(source)) return;
    for (const node of closure(graph, target, isAuxiliaryEdgeKind).keys())
      if (matching(node)) out.add(node);
  });
  return [...out].sort();
}

/** The traversable catalog edges leaving `from`, auxiliary ones excluded, as `<kind> <to>`. */
export function outgoing(graph: AttackGraph, from: string): string[] {
  if (!graph.hasNode(from)) return [];
  const out = new Set<string>();
  graph.forEachOutEdge(from, (_edge, attributes, _source, target) => {
    if (!attributes.traversable || isAuxiliaryEdgeKind(attributes.kind)) return;
    out.add(`${attributes.kind} ${target}`);
  });
  return [...out].sort();
}
