/**
 * Pure mapping from the server's graph answers (cli-contract graph JSON
 * nodes and edges, attack paths) to cytoscape element definitions.
 *
 * Scale rule of the viewer: cytoscape never gets more than a few thousand
 * elements. Siblings (same anchor, direction, kind and namespace) beyond a
 * small number are folded into one aggregate node, "14 more pods in ns web",
 * together with the siblings the server already left out. Paths are laid out
 * top to bottom, entry first, one row per step, with preset positions, so a
 * path of any length keeps its labels at full size (the canvas scrolls).
 * Labels come from the answer's briefs: readable names and finding marks.
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
import type { Briefs, Subgraph, SubgraphNode } from '@chokepoint/viewer-api';
import { findingMark, labelOf, nameOfId } from './labels.ts';

export const MAX_ELEMENTS = 3000;

export interface ElementOptions {
  /** Siblings shown before the rest are folded into an aggregate. */
  readonly maxSiblings?: number;
  readonly entries?: ReadonlySet<string>;
  readonly critical?: ReadonlySet<string>;
  readonly maxElements?: number;
  /** Readable labels and findings of the nodes. */
  readonly briefs?: Briefs;
  /** Keys (`edge:FROM|KIND|TO`) of steps accepted as a risk. */
  readonly accepted?: ReadonlySet<string>;
  /**
   * Where nodes go: `sides` (a neighbourhood: what reaches the centre on
   * the left, what it reaches on the right) or `columns` (a blast radius:
   * one column per hop). One row per node, labels beside their node, so
   * no label overlaps another however many there are (the canvas scrolls).
   */
  readonly arrange?: 'sides' | 'columns';
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

function nodeClasses(
  id: string,
  kind: string,
  options: ElementOptions,
  extra: readonly string[] = [],
): string {
  const classes = [`kind-${kind}`, ...extra];
  if (options.entries?.has(id) === true) classes.push('entry');
  if (options.critical?.has(id) === true) classes.push('critical');
  if (options.briefs?.[id]?.findings !== undefined)
    classes.push('has-findings');
  return classes.join(' ');
}

export function edgeClass(kind: string, traversable: boolean): string {
  if (Object.hasOwn(AUXILIARY_EDGE_KINDS, kind)) return 'auxiliary';
  if (!traversable) return 'structural';
  return 'attack';
}

/** What an edge element draws: a graph edge, or a folding edge (kind AGGREGATE). */
type DrawnEdge = Pick<GraphJsonEdge, 'from' | 'to' | 'traversable'> & {
  readonly kind: string;
  readonly confidence: string;
};

function edgeElement(
  edge: DrawnEdge,
  extra: string[] = [],
  accepted?: ReadonlySet<string>,
  label: string = edge.kind,
) {
  const isAccepted =
    accepted?.has(`edge:${edge.from}|${edge.kind}|${edge.to}`) === true;
  return {
    group: 'edges' as const,
    data: {
      id: `${edge.from}|${edge.kind}|${edge.to}`,
      source: edge.from,
      target: edge.to,
      kind: edge.kind,
      label: isAccepted ? `${label} (accepted)` : label,
      traversable: edge.traversable,
      confidence: edge.confidence,
    },
    classes: [
      edgeClass(edge.kind, edge.traversable),
      ...extra,
      ...(isAccepted ? ['accepted'] : []),
    ].join(' '),
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
  options = { ...options, briefs: { ...subgraph.briefs, ...options.briefs } };
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
        label: nodeLabel(node, options.briefs),
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
            }
          : {
              from: aggregate.id,
              to: aggregate.anchor,
              kind: 'AGGREGATE',
              traversable: false,
              confidence: 'high',
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
    elements.push(edgeElement({ ...edge, from, to }, [], options.accepted));
  }
  arrange(
    elements,
    center,
    options.arrange ?? 'sides',
    depthOf,
    (id: string) => placement.get(id) ?? aggregates.find(a => a.id === id),
  );
  return { elements, aggregates, truncated };
}

/**
 * A side column's distance from the centre: wide enough that an edge's label
 * (at its middle) clears the 180 px label boxes under the side nodes and the
 * centre node.
 */
export const SIDE_X = 260;
export const COLUMN_X = 360;
/** Row heights: side columns carry their label below the node. */
export const SIDE_ROW_Y = 86;
export const ROW_Y = 66;

/** Preset positions for a subgraph drawing (see ElementOptions.arrange). */
function arrange(
  elements: ElementDefinition[],
  center: string,
  mode: 'sides' | 'columns',
  depthOf: (id: string) => number,
  placementOf: (id: string) => Placement | undefined,
): void {
  const nodes = elements.filter(e => e.group === 'nodes');
  const byId = new Map(nodes.map(n => [String(n.data.id), n]));
  const addClass = (element: ElementDefinition, name: string): void => {
    const { classes } = element;
    element.classes = [
      ...(classes === undefined
        ? []
        : typeof classes === 'string'
          ? [classes]
          : classes),
      name,
    ].join(' ');
  };
  const columns = new Map<number, ElementDefinition[]>();
  for (const node of nodes) {
    const id = String(node.data.id);
    if (id === center) continue;
    const placed = placementOf(id);
    const column =
      mode === 'sides'
        ? placed?.direction === 'in'
          ? -1
          : 1
        : node.classes?.includes('aggregate') === true
          ? depthOf(placed?.anchor ?? center) + 1
          : depthOf(id);
    const list = columns.get(column) ?? [];
    list.push(node);
    columns.set(column, list);
  }
  const row = new Map<string, number>([[center, 0]]);
  const centre = byId.get(center);
  if (centre !== undefined) centre.position = { x: 0, y: 0 };
  for (const column of [...columns.keys()].sort(
    (a, b) => Math.abs(a) - Math.abs(b) || a - b,
  )) {
    const list = columns.get(column) ?? [];
    // Children near their parent, then by kind and name.
    list.sort((a, b) => {
      const pa = row.get(placementOf(String(a.data.id))?.anchor ?? center) ?? 0;
      const pb = row.get(placementOf(String(b.data.id))?.anchor ?? center) ?? 0;
      return (
        pa - pb ||
        String(a.data.kind).localeCompare(String(b.data.kind)) ||
        String(a.data.label).localeCompare(String(b.data.label))
      );
    });
    const step = mode === 'sides' ? SIDE_ROW_Y : ROW_Y;
    const top = -((list.length - 1) * step) / 2;
    list.forEach((node, i) => {
      const y = mode === 'sides' ? top + i * step : i * step;
      node.position = {
        x: mode === 'sides' ? column * SIDE_X : column * COLUMN_X,
        y,
      };
      row.set(String(node.data.id), y);
      addClass(node, mode === 'sides' ? 'label-below' : 'label-right');
    });
  }
  if (centre !== undefined)
    addClass(centre, mode === 'sides' ? 'label-below' : 'label-right');
  // Edge labels next to the outer node, where rows keep them apart.
  const x = (id: unknown): number => byId.get(String(id))?.position?.x ?? 0;
  for (const edge of elements) {
    if (edge.group !== 'edges') continue;
    const at =
      x(edge.data.source) < 0 && mode === 'sides' ? 'source' : 'target';
    addClass(edge, `label-at-${at}`);
  }
}

/** Kind and finding mark over the readable name: `Container ⚠ 2 high` / `kube-proxy-b2n5x/kube-proxy`. */
export function nodeLabel(
  node: {
    readonly id: string;
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
  },
  briefs: Briefs = {},
): string {
  const mark = findingMark(node.id, briefs);
  // Without a brief a container shows namespace/pod/container: its own
  // name ("app") says little.
  const name =
    briefs[node.id]?.label ??
    (node.kind === 'Container' || node.namespace === undefined
      ? node.kind === 'Container'
        ? nameOfId(node.id)
        : node.name
      : `${node.namespace}/${node.name}`);
  const head = `${node.kind}${mark === '' ? '' : `  ${mark}`}`;
  // A node without a kind prefix in its id (Internet) is named once.
  return node.id === node.kind ? head : `${head}\n${name}`;
}

/** Pixels between two steps of a path, and between paths side by side. */
export const PATH_ROW = 120;
export const PATH_LANE = 340;

/**
 * Attack paths top to bottom: each node sits in the row of its first step
 * index across the paths; nodes sharing a row stand side by side.
 */
export function pathElements(
  paths: readonly AttackPath[],
  options: ElementOptions = {},
): ElementDefinition[] {
  const row = new Map<string, number>();
  const order: string[] = [];
  const see = (id: string, index: number): void => {
    const known = row.get(id);
    if (known === undefined) {
      row.set(id, index);
      order.push(id);
    } else if (index < known) row.set(id, index);
  };
  for (const path of paths) {
    see(path.from, 0);
    path.steps.forEach((step, i) => {
      see(step.to, i + 1);
    });
  }
  const lanes = new Map<number, number>();
  const briefs = options.briefs ?? {};
  const elements: ElementDefinition[] = [];
  for (const id of order) {
    const r = row.get(id) ?? 0;
    const lane = lanes.get(r) ?? 0;
    lanes.set(r, lane + 1);
    const kind = kindOfId(id);
    elements.push({
      group: 'nodes',
      data: {
        id,
        label: nodeLabel({ id, kind, name: labelOf(id, briefs) }, briefs),
        kind,
      },
      position: { x: lane * PATH_LANE, y: r * PATH_ROW },
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
      elements.push(
        edgeElement(
          { ...step, traversable },
          ['on-path'],
          options.accepted,
          `${String(i + 1)}. ${step.kind}`,
        ),
      );
    });
  }
  return elements;
}
