/**
 * Finding nodes of the attack graph for a person who types part of a name:
 * exact name or id first, then prefix, then substring; filtered by kind and
 * namespace. Facets count the namespaces and kinds to filter by.
 */

import type { AttackGraph } from '@chokepoint/model';

export interface NodeRow {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface NodeSearch {
  readonly q: string;
  readonly namespace?: string;
  readonly kind?: string;
  readonly limit: number;
}

export function nodeRow(graph: AttackGraph, id: string): NodeRow {
  const a = graph.getNodeAttributes(id);
  return {
    id,
    kind: a.kind,
    name: a.name,
    ...(a.namespace === undefined ? {} : { namespace: a.namespace }),
  };
}

export function searchNodes(
  graph: AttackGraph,
  query: NodeSearch,
): { total: number; nodes: NodeRow[] } {
  const q = query.q.trim().toLowerCase();
  const scored: { row: NodeRow; score: number }[] = [];
  graph.forEachNode((id, a) => {
    if (query.kind !== undefined && a.kind !== query.kind) return;
    if (query.namespace !== undefined && a.namespace !== query.namespace)
      return;
    const name = a.name.toLowerCase();
    let score = 3;
    if (q !== '') {
      if (name === q || id.toLowerCase() === q) score = 0;
      else if (name.startsWith(q)) score = 1;
      else if (name.includes(q) || id.toLowerCase().includes(q)) score = 2;
      else return;
    }
    scored.push({ row: nodeRow(graph, id), score });
  });
  scored.sort((x, y) => x.score - y.score || (x.row.id < y.row.id ? -1 : 1));
  return {
    total: scored.length,
    nodes: scored.slice(0, query.limit).map(s => s.row),
  };
}

export function facets(graph: AttackGraph): {
  namespaces: [string, number][];
  kinds: [string, number][];
} {
  const namespaces = new Map<string, number>();
  const kinds = new Map<string, number>();
  graph.forEachNode((_id, a) => {
    kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    if (a.namespace !== undefined)
      namespaces.set(a.namespace, (namespaces.get(a.namespace) ?? 0) + 1);
  });
  const sorted = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { namespaces: sorted(namespaces), kinds: sorted(kinds) };
}
