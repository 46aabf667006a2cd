/**
 * The cytoscape stylesheet, derived from the model tables (NODE_KINDS,
 * EDGE_KINDS): a node kind's colour comes from its name, its shape from
 * whether it is synthetic or auxiliary; an edge's colour from its MITRE
 * tactic. A kind added to the model is drawn without viewer changes.
 */

import type { Css, StylesheetJson } from 'cytoscape';
import { EDGE_KINDS, NODE_KINDS } from '@chokepoint/model';
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

export function shapeOf(info: NodeKindInfo): Css.NodeShape {
  if (info.auxiliary === true) return 'round-tag';
  if (info.synthetic === true) return 'diamond';
  return info.namespaced ? 'ellipse' : 'round-rectangle';
}

export function stylesheet(): StylesheetJson {
  const kinds = Object.entries(NODE_KINDS) as [string, NodeKindInfo][];
  const tactics = [
    ...new Set(
      Object.values(EDGE_KINDS)
        .filter(e => e.traversable)
        .map(e => e.tactic),
    ),
  ];
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-max-width': '180px',
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
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
      selector: 'node.on-path',
      style: {
        'font-size': 15,
        'text-max-width': '170px',
        width: 34,
        height: 34,
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
        'font-size': 9,
        'text-rotation': 'autorotate',
        'text-background-color': '#fff',
        'text-background-opacity': 0.8,
      },
    },
    ...tactics.map(tactic => ({
      selector: Object.entries(EDGE_KINDS)
        .filter(([, e]) => e.traversable && e.tactic === tactic)
        .map(([kind]) => `edge[kind = "${kind}"]`)
        .join(', '),
      style: {
        'line-color': colourOf(tactic, TACTIC_COLOURS),
        'target-arrow-color': colourOf(tactic, TACTIC_COLOURS),
      },
    })),
    {
      selector: 'edge.on-path',
      style: { label: 'data(label)', width: 4, 'font-size': 12 },
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
      selector: '.cut',
      style: { opacity: 0.25 },
    },
    {
      selector: 'edge:selected',
      style: { width: 5, 'line-color': '#1f77b4' },
    },
  ];
}
