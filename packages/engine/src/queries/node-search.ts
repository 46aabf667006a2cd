/**
 * Finding nodes of the attack graph for a person who types part of a name,
 * a kind or a property: exact name or id first, then prefix, then
 * substring, then kind and property matches; filtered by kind and
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
  /**
   * What is typed: words that must each match the name or id (substring), the
   * kind, or a property tag (node-tags.ts, by prefix: `privileged`,
   * `hostpath`, `cluster-admin`); `kind:Pod`, `ns:web`, `is:privileged` say
   * which.
   */
  readonly q: string;
  readonly namespace?: string;
  readonly kind?: string;
  readonly limit: number;
  /** Property tags by node id. */
  readonly tags?: ReadonlyMap<string, readonly string[]>;
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

export interface SearchHit extends NodeRow {
  readonly tags?: readonly string[];
}

interface Term {
  readonly field: 'any' | 'kind' | 'ns' | 'tag';
  readonly text: string;
}

function terms(q: string): Term[] {
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(word => word !== '')
    .map(word => {
      const field = /^(kind|ns|namespace|is|tag):(.+)$/.exec(word);
      if (field === null) return { field: 'any', text: word };
      const name = field[1];
      return {
        field:
          name === 'kind'
            ? 'kind'
            : name === 'ns' || name === 'namespace'
              ? 'ns'
              : 'tag',
        text: field[2] ?? '',
      };
    });
}

/** 0 exact name, 1 prefix, 2 substring, 3 by kind or tag; undefined: no match. */
function termScore(
  term: Term,
  id: string,
  name: string,
  kind: string,
  namespace: string,
  tags: readonly string[],
): number | undefined {
  const byTag = tags.some(tag => tag.startsWith(term.text));
  if (term.field === 'kind') return kind === term.text ? 3 : undefined;
  if (term.field === 'ns') return namespace === term.text ? 3 : undefined;
  if (term.field === 'tag') return byTag ? 3 : undefined;
  if (name === term.text || id === term.text) return 0;
  if (name.startsWith(term.text)) return 1;
  if (name.includes(term.text) || id.includes(term.text)) return 2;
  if (kind === term.text || byTag) return 3;
  return undefined;
}

export function searchNodes(
  graph: AttackGraph,
  query: NodeSearch,
): { total: number; nodes: SearchHit[] } {
  const whole = query.q.trim().toLowerCase();
  const words = terms(whole);
  const scored: { row: SearchHit; score: number }[] = [];
  graph.forEachNode((id, a) => {
    if (query.kind !== undefined && a.kind !== query.kind) return;
    if (query.namespace !== undefined && a.namespace !== query.namespace)
      return;
    const tags = query.tags?.get(id) ?? [];
    let score = 3;
    if (words.length > 0) {
      const name = a.name.toLowerCase();
      const lowerId = id.toLowerCase();
      // A phrase found as typed ("kube-proxy b2n5x" is not, "system:masters" is).
      const phrase =
        words.length > 1 && (name.includes(whole) || lowerId.includes(whole));
      if (phrase) score = name === whole ? 0 : 2;
      else {
        let best = 3;
        for (const term of words) {
          const s = termScore(
            term,
            lowerId,
            name,
            a.kind.toLowerCase(),
            (a.namespace ?? '').toLowerCase(),
            tags,
          );
          if (s === undefined) return;
          best = Math.min(best, s);
        }
        score = best;
      }
    }
    scored.push({
      row: { ...nodeRow(graph, id), ...(tags.length > 0 ? { tags } : {}) },
      score,
    });
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
