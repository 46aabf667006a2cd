/**
 * The cytoscape stylesheet, derived from the model tables (NODE_KINDS,
 * EDGE_KINDS): a node kind's colour comes from its name, its shape from
 * whether it is synthetic or auxiliary; an edge's colour from its MITRE
 * tactic. A kind added to the model is drawn without viewer changes.
 */

import type { Css, StylesheetJson } from 'cytoscape';
import { EDGE_KINDS, isEdgeKind, NODE_KINDS } from '@chokepoint/model';
import type { NodeKindInfo } from '@chokepoint/model';

const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#bab0ac',
  '#86bcb6',
  '#d37295',
  '#a0cbe8',
];

const TACTIC_COLOURS = [
  '#d62728',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
];

/** A stable colour for a name (FNV-1a hash into the palette). */
export function colourOf(name: string, palette = PALETTE): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return palette[hash % palette.length] ?? '#888888';
}

/** Tactics of attack edges, sorted: each gets its own colour. */
const TACTICS: readonly string[] = [
  ...new Set(
    Object.values(EDGE_KINDS)
      .filter(e => e.traversable)
      .map(e => e.tactic),
  ),
].sort();

/** A distinct colour per MITRE tactic (a hash would give two the same). */
export function tacticColour(tactic: string): string {
  const i = TACTICS.indexOf(tactic);
  return i < 0
    ? '#999999'
    : (TACTIC_COLOURS[i % TACTIC_COLOURS.length] ?? '#999999');
}

/** The colour of an edge kind: its MITRE tactic's, grey for helper edges. */
export function edgeColour(kind: string): string {
  const info = isEdgeKind(kind) ? EDGE_KINDS[kind] : undefined;
  return info?.traversable === true ? tacticColour(info.tactic) : '#999999';
}

export function shapeOf(info: NodeKindInfo): Css.NodeShape {
  if (info.auxiliary === true) return 'round-tag';
  if (info.synthetic === true) return 'diamond';
  return info.namespaced ? 'ellipse' : 'round-rectangle';
}

/**
 * Label sizes in CSS pixels at zoom 1. The canvas never zooms out below
 * MIN_ZOOM on its own (it scrolls instead), so no label is drawn smaller
 * than LABEL_PX * MIN_ZOOM.
 */
export const LABEL_PX = 14;
export const PATH_LABEL_PX = 15;
export const EDGE_LABEL_PX = 12;
export const PATH_EDGE_LABEL_PX = 13;
export const MIN_ZOOM = 0.85;

export function stylesheet(): StylesheetJson {
  const kinds = Object.entries(NODE_KINDS) as [string, NodeKindInfo][];
  const tactics = TACTICS;
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-max-width': '200px',
        'font-size': LABEL_PX,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-background-color': '#fafafa',
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        width: 28,
        height: 28,
        'background-color': '#888',
        'border-width': 1,
        'border-color': '#333',
        color: '#222',
      },
    },
    ...kinds.map(([kind, info]) => ({
      selector: `node.kind-${kind}`,
      style: {
        'background-color': colourOf(kind),
        shape: shapeOf(info),
      },
    })),
    {
      // Paths run top to bottom: the label stands to the right of its node.
      selector: 'node.on-path',
      style: {
        'font-size': PATH_LABEL_PX,
        'text-max-width': '290px',
        'text-valign': 'center',
        'text-halign': 'right',
        'text-margin-x': 10,
        'text-margin-y': 0,
        width: 34,
        height: 34,
      },
    },
    {
      selector: 'node.label-right',
      style: {
        'text-valign': 'center',
        'text-halign': 'right',
        'text-margin-x': 8,
        'text-margin-y': 0,
        'text-max-width': '250px',
      },
    },
    {
      selector: 'node.label-below',
      style: { 'text-max-width': '180px' },
    },
    {
      selector: 'node.has-findings',
      style: {
        'underlay-color': '#f0a202',
        'underlay-opacity': 0.45,
        'underlay-padding': 6,
        'underlay-shape': 'ellipse',
      },
    },
    {
      selector: 'node.aggregate',
      style: {
        shape: 'round-rectangle',
        'border-style': 'dashed',
        'background-opacity': 0.35,
        width: 40,
        height: 22,
        'font-style': 'italic',
      },
    },
    {
      selector: 'node.entry',
      style: { 'border-width': 4, 'border-color': '#d62728' },
    },
    {
      selector: 'node.critical',
      style: {
        'border-width': 4,
        'border-color': '#000',
        'border-style': 'double',
        width: 38,
        height: 38,
      },
    },
    {
      selector: 'node.center',
      style: { 'border-width': 5, 'border-color': '#1f77b4' },
    },
    {
      selector: 'node:selected',
      style: { 'overlay-color': '#1f77b4', 'overlay-opacity': 0.25 },
    },
    {
      selector: 'edge',
      style: {
        width: 2,
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'line-color': '#999',
        'target-arrow-color': '#999',
        label: 'data(label)',
        'font-size': EDGE_LABEL_PX,
        color: '#333',
        'text-rotation': 'autorotate',
        'text-background-color': '#fff',
        'text-background-opacity': 0.9,
        'text-background-padding': '2px',
      },
    },
    ...tactics.map(tactic => ({
      selector: Object.entries(EDGE_KINDS)
        .filter(([, e]) => e.traversable && e.tactic === tactic)
        .map(([kind]) => `edge[kind = "${kind}"]`)
        .join(', '),
      style: {
        'line-color': tacticColour(tactic),
        'target-arrow-color': tacticColour(tactic),
      },
    })),
    {
      selector: 'edge.on-path',
      style: {
        width: 4,
        'font-size': PATH_EDGE_LABEL_PX,
        'text-rotation': 'none',
      },
    },
    {
      selector: 'edge.to-aggregate',
      style: { label: '' },
    },
    {
      selector: 'edge.structural, edge.to-aggregate',
      style: { 'line-style': 'dashed', 'line-color': '#bbb', width: 1 },
    },
    {
      selector: 'edge.auxiliary',
      style: { 'line-style': 'dotted', 'line-color': '#777' },
    },
    {
      selector: 'edge.accepted',
      style: {
        'line-style': 'dashed',
        'line-color': '#2e7d32',
        'target-arrow-color': '#2e7d32',
        color: '#2e7d32',
      },
    },
    {
      selector: '.cut',
      style: { opacity: 0.25 },
    },
    {
      selector: '.hidden-kind',
      style: { display: 'none' },
    },
    {
      selector: 'edge:selected',
      style: { width: 5, 'line-color': '#1f77b4' },
    },
  ];
}
