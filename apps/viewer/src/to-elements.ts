/**
 * Pure mapping from the server's graph answers (cli-contract graph JSON
 * nodes and edges, attack paths) to cytoscape element definitions.
 *
 * Scale rule of the viewer: cytoscape never gets more than a few thousand
 * elements. Siblings (same anchor, direction, kind and namespace) beyond a
 * small number are folded into one aggregate node, "14 more pods in ns web",
 * together with the siblings the server already left out. Paths are laid out
 * left to right, entry first, with preset positions.
 */

import type { ElementDefinition } from 'cytoscape';
import type { AttackPath } from '@chokepoint/engine';
import {
  AUXILIARY_EDGE_KINDS,
  EDGE_KINDS,
  isEdgeKind,
  kindOfId,
} from '@chokepoint/model';
import type { GraphJsonEdge } from '@chokepoint/model';
import type { Subgraph, SubgraphNode } from '@chokepoint/viewer-api';

export const MAX_ELEMENTS = 3000;

export interface ElementOptions {
  /** Siblings shown before the rest are folded into an aggregate. */
  readonly maxSiblings?: number;
  readonly entries?: ReadonlySet<string>;
  readonly critical?: ReadonlySet<string>;
  readonly maxElements?: number;
}

export interface Aggregate {
  readonly id: string;
  readonly anchor: string;
  readonly direction: 'in' | 'out';
  readonly kind: string;
  readonly namespace?: string;
  readonly count: number;
  /** Member ids the server sent (the rest were counted only). */
  readonly members: readonly string[];
  readonly label: string;
}

export interface SubgraphElements {
  readonly elements: ElementDefinition[];
  readonly aggregates: readonly Aggregate[];
  /** True when the element budget cut the answer further. */
  readonly truncated: boolean;
}

/** `ServiceAccount` -> `service accounts`, `Ingress` -> `ingresses`. */
export function pluralKind(kind: string, count = 2): string {
  const words = kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (count === 1) return words;
  if (words.endsWith('s')) return `${words}es`;
  if (/[^aeiou]y$/.test(words)) return `${words.slice(0, -1)}ies`;
  return `${words}s`;
}

export function aggregateLabel(
  count: number,
  kind: string,
  namespace?: string,
): string {
  const where = namespace === undefined ? '' : ` in ns ${namespace}`;
  return `${String(count)} more ${pluralKind(kind, count)}${where}`;
}

/** The display name of an id when the node itself is not at hand. */
export function nameOfId(id: string): string {
  const kind = kindOfId(id);
  return id === kind ? id : id.slice(kind.length + 1);
}

function nodeClasses(
  id: string,
  kind: string,
  options: ElementOptions,
  extra: readonly string[] = [],
): string {
  const classes = [`kind-${kind}`, ...extra];
  if (options.entries?.has(id) === true) classes.push('entry');
  if (options.critical?.has(id) === true) classes.push('critical');
  return classes.join(' ');
}

export function edgeClass(kind: string, traversable: boolean): string {
  if (Object.hasOwn(AUXILIARY_EDGE_KINDS, kind)) return 'auxiliary';
  if (!traversable) return 'structural';
  return 'attack';
}

function edgeElement(edge: GraphJsonEdge, extra: string[] = []) {
  return {
    group: 'edges' as const,
    data: {
      id: `${edge.from}|${edge.kind}|${edge.to}`,
      source: edge.from,
      target: edge.to,
      kind: edge.kind,
      label: edge.kind,
      traversable: edge.traversable,
      confidence: edge.confidence,
    },
    classes: [edgeClass(edge.kind, edge.traversable), ...extra].join(' '),
  };
}

interface Placement {
  readonly anchor: string;
  readonly direction: 'in' | 'out';
}

/**
 * The subgraph as elements, with sibling groups folded. Nodes are placed
 * level by level (depth from the centre), so the children of folded nodes
 * hang off the aggregate and are grouped together too.
 */
export function subgraphElements(
  subgraph: Subgraph,
  options: ElementOptions = {},
): SubgraphElements {
  const maxSiblings = options.maxSiblings ?? 6;
  const keep = Math.max(1, maxSiblings - 1);
  const maxElements = options.maxElements ?? MAX_ELEMENTS;
  const { center } = subgraph;
  const byId = new Map<string, SubgraphNode>();
  for (const node of subgraph.nodes) byId.set(node.id, node);
  const depthOf = (id: string): number =>
    id === center ? 0 : (byId.get(id)?.depth ?? 1);

  // Where each node hangs: the first edge to it from a shallower node.
  const placement = new Map<string, Placement>();
  for (const edge of subgraph.edges) {
    if (
      edge.to !== center &&
      !placement.has(edge.to) &&
      depthOf(edge.from) < depthOf(edge.to)
    ) {
      placement.set(edge.to, { anchor: edge.from, direction: 'out' });
    }
  }
  for (const edge of subgraph.edges) {
    if (
      edge.from !== center &&
      !placement.has(edge.from) &&
      depthOf(edge.to) < depthOf(edge.from)
    ) {
      placement.set(edge.from, { anchor: edge.to, direction: 'in' });
    }
  }

  const rep = new Map<string, string>([[center, center]]);
  const repOf = (id: string): string => rep.get(id) ?? id;
  const aggregates: Aggregate[] = [];
  const levels = [
    ...new Set([
      ...subgraph.nodes.map(n => depthOf(n.id)),
      ...subgraph.omitted.map(o => depthOf(o.anchor) + 1),
    ]),
  ].sort((a, b) => a - b);

  interface Group {
    readonly placement: Placement;
    readonly kind: string;
    readonly namespace?: string;
    readonly ids: string[];
    omitted: number;
  }
  const addAggregate = (
    id: string,
    placement: Placement,
    kind: string,
    namespace: string | undefined,
    hidden: readonly string[],
    count: number,
    label: string,
  ): void => {
    for (const member of hidden) rep.set(member, id);
    aggregates.push({
      id,
      anchor: placement.anchor,
      direction: placement.direction,
      kind,
      ...(namespace === undefined ? {} : { namespace }),
      count,
      members: hidden,
      label,
    });
  };

  for (const level of levels) {
    if (level === 0) continue;
    const groups = new Map<string, Group>();
    const groupFor = (p: Placement, kind: string, namespace?: string) => {
      const key = `${p.anchor}|${p.direction}|${kind}|${namespace ?? ''}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = {
          placement: p,
          kind,
          ...(namespace === undefined ? {} : { namespace }),
          ids: [],
          omitted: 0,
        };
        groups.set(key, group);
      }
      return group;
    };
    for (const node of subgraph.nodes) {
      if (node.id === center || depthOf(node.id) !== level) continue;
      const raw = placement.get(node.id) ?? {
        anchor: center,
        direction: 'out' as const,
      };
      const p = { anchor: repOf(raw.anchor), direction: raw.direction };
      groupFor(p, node.kind, node.namespace).ids.push(node.id);
    }
    for (const omitted of subgraph.omitted) {
      if (depthOf(omitted.anchor) + 1 !== level) continue;
      const p = {
        anchor: repOf(omitted.anchor),
        direction: omitted.direction,
      };
      groupFor(p, omitted.kind, omitted.namespace).omitted += omitted.count;
    }
    // Families: the groups of one kind under one anchor, across namespaces.
    const families = new Map<string, [string, Group][]>();
    for (const entry of [...groups.entries()].sort((a, b) =>
      a[0] < b[0] ? -1 : 1,
    )) {
      const g = entry[1];
      const family = `${g.placement.anchor}|${g.placement.direction}|${g.kind}`;
      const list = families.get(family) ?? [];
      list.push(entry);
      families.set(family, list);
    }
    for (const [family, list] of families) {
      const kept = list.length > maxSiblings ? list.slice(0, keep) : list;
      const merged = list.slice(kept.length);
      for (const [key, group] of kept) {
        const ids = [...group.ids].sort();
        for (const id of ids) rep.set(id, id);
        // Children of folded nodes fold too: one aggregate under the aggregate.
        const underAggregate = group.placement.anchor.startsWith('agg:');
        const fits =
          ids.length + group.omitted <= maxSiblings && !underAggregate;
        if (fits && group.omitted === 0) continue;
        const shown = underAggregate ? [] : fits ? ids : ids.slice(0, keep);
        const hidden = ids.slice(shown.length);
        const count = hidden.length + group.omitted;
        if (count === 0) continue;
        addAggregate(
          `agg:${key}`,
          group.placement,
          group.kind,
          group.namespace,
          hidden,
          count,
          aggregateLabel(count, group.kind, group.namespace),
        );
      }
      const first = merged[0]?.[1];
      if (first === undefined) continue;
      const hidden = merged.flatMap(([, g]) => g.ids);
      const count =
        hidden.length + merged.reduce((n, [, g]) => n + g.omitted, 0);
      addAggregate(
        `agg:${family}|*`,
        first.placement,
        first.kind,
        undefined,
        hidden,
        count,
        `${String(count)} more ${pluralKind(first.kind, count)} in ${String(merged.length)} other namespaces`,
      );
    }
  }

  const elements: ElementDefinition[] = [];
  let truncated = false;
  const shownNodes = new Set<string>();
  for (const node of subgraph.nodes) {
    if (repOf(node.id) !== node.id) continue;
    if (elements.length >= maxElements / 2) {
      truncated = true;
      rep.set(node.id, '');
      continue;
    }
    shownNodes.add(node.id);
    elements.push({
      group: 'nodes',
      data: {
        id: node.id,
        label: nodeLabel(node),
        kind: node.kind,
        name: node.name,
        ...(node.namespace === undefined ? {} : { namespace: node.namespace }),
      },
      classes: nodeClasses(
        node.id,
        node.kind,
        options,
        node.id === center ? ['center'] : [],
      ),
    });
  }
  for (const aggregate of aggregates) {
    if (
      elements.length + 2 > maxElements * 0.7 ||
      !shownNodes.has(aggregate.anchor)
    ) {
      truncated = truncated || elements.length + 2 > maxElements * 0.7;
      continue;
    }
    shownNodes.add(aggregate.id);
    elements.push({
      group: 'nodes',
      data: {
        id: aggregate.id,
        label: aggregate.label,
        kind: aggregate.kind,
        count: aggregate.count,
      },
      classes: `aggregate kind-${aggregate.kind}`,
    });
    elements.push(
      edgeElement(
        aggregate.direction === 'out'
          ? {
              from: aggregate.anchor,
              to: aggregate.id,
              kind: 'AGGREGATE',
              traversable: false,
              confidence: 'high',
              evidence: {},
            }
          : {
              from: aggregate.id,
              to: aggregate.anchor,
              kind: 'AGGREGATE',
              traversable: false,
              confidence: 'high',
              evidence: {},
            },
        ['to-aggregate'],
      ),
    );
  }
  const edgeIds = new Set<string>();
  for (const edge of subgraph.edges) {
    const from = repOf(edge.from);
    const to = repOf(edge.to);
    if (from === to || !shownNodes.has(from) || !shownNodes.has(to)) continue;
    if (from.startsWith('agg:') || to.startsWith('agg:')) continue;
    const id = `${from}|${edge.kind}|${to}`;
    if (edgeIds.has(id)) continue;
    if (elements.length >= maxElements) {
      truncated = true;
      break;
    }
    edgeIds.add(id);
    elements.push(edgeElement({ ...edge, from, to }));
  }
  return { elements, aggregates, truncated };
}

export function nodeLabel(node: {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}): string {
  // A container's own name ("app") says little: show namespace/pod/container.
  if (node.kind === 'Container') return `${node.kind}\n${nameOfId(node.id)}`;
  const where = node.namespace === undefined ? '' : `${node.namespace}/`;
  return `${node.kind}\n${where}${node.name}`;
}

/** Kind over the last segment of the name, short enough for a projector. */
function labelOfId(id: string): string {
  const kind = kindOfId(id);
  if (kind === id) return id;
  const name = nameOfId(id);
  const last = name.slice(name.lastIndexOf('/') + 1);
  return `${kind}\n${last.length > 28 ? `${last.slice(0, 27)}…` : last}`;
}

export const PATH_COLUMN = 190;
export const PATH_ROW = 120;

/**
 * Attack paths left to right: each node sits in the column of its first
 * step index across the paths, stacked by first appearance.
 */
export function pathElements(
  paths: readonly AttackPath[],
  options: ElementOptions = {},
): ElementDefinition[] {
  const column = new Map<string, number>();
  const order: string[] = [];
  const see = (id: string, index: number): void => {
    const known = column.get(id);
    if (known === undefined) {
      column.set(id, index);
      order.push(id);
    } else if (index < known) column.set(id, index);
  };
  for (const path of paths) {
    see(path.from, 0);
    path.steps.forEach((step, i) => {
      see(step.to, i + 1);
    });
  }
  const rows = new Map<number, number>();
  const elements: ElementDefinition[] = [];
  for (const id of order) {
    const col = column.get(id) ?? 0;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    const kind = kindOfId(id);
    elements.push({
      group: 'nodes',
      data: { id, label: labelOfId(id), kind },
      position: { x: col * PATH_COLUMN, y: row * PATH_ROW },
      classes: nodeClasses(id, kind, options, ['on-path']),
    });
  }
  const seen = new Set<string>();
  for (const path of paths) {
    path.steps.forEach((step, i) => {
      const id = `${step.from}|${step.kind}|${step.to}`;
      if (seen.has(id)) return;
      seen.add(id);
      const traversable = isEdgeKind(step.kind)
        ? EDGE_KINDS[step.kind].traversable
        : true;
      elements.push({
        group: 'edges',
        data: {
          id,
          source: step.from,
          target: step.to,
          kind: step.kind,
          label: `${String(i + 1)}. ${step.kind}`,
          traversable,
          confidence: step.confidence,
        },
        classes: `${edgeClass(step.kind, traversable)} on-path`,
      });
    });
  }
  return elements;
}
