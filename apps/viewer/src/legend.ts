/**
 * The legend of what is drawn: node kinds (shape and colour, from the model
 * tables like the stylesheet), edge colours by MITRE tactic, and the marks
 * (entry point, critical asset, findings, accepted risk, folded siblings).
 * As DOM beside the canvas, and drawn into the PNG export.
 */

import type { Core } from 'cytoscape';
import {
  EDGE_KINDS,
  isEdgeKind,
  isNodeKind,
  NODE_KINDS,
} from '@chokepoint/model';
import { h } from './dom.ts';
import { colourOf, edgeColour, shapeOf } from './style.ts';

export interface LegendItems {
  readonly nodes: readonly { kind: string; colour: string; shape: string }[];
  readonly edges: readonly { name: string; colour: string }[];
  readonly marks: readonly { name: string; swatch: string }[];
}

const MARKS: readonly [string, string, string][] = [
  ['node.entry', 'entry point', 'entry'],
  ['node.critical', 'critical asset', 'critical'],
  [
    'node.has-findings',
    'has checklist findings (⚠ count, worst severity)',
    'findings',
  ],
  ['edge.accepted', 'step accepted as a risk', 'accepted'],
  ['node.aggregate', 'folded siblings', 'aggregate'],
  ['.cut', 'cut by the what-if fixes', 'cut'],
];

export function legendItems(cy: Core): LegendItems {
  const nodeKinds = new Set<string>();
  cy.nodes(':visible').forEach(n => {
    nodeKinds.add(String(n.data('kind')));
  });
  const tactics = new Map<string, string>();
  cy.edges(':visible').forEach(e => {
    const kind = String(e.data('kind'));
    const info = isEdgeKind(kind) ? EDGE_KINDS[kind] : undefined;
    const name =
      info?.traversable === true
        ? info.tactic
        : 'helper or structure (not an attack step)';
    tactics.set(name, edgeColour(kind));
  });
  return {
    nodes: [...nodeKinds].sort().map(kind => ({
      kind,
      colour: colourOf(kind),
      shape: isNodeKind(kind) ? shapeOf(NODE_KINDS[kind]) : 'ellipse',
    })),
    edges: [...tactics].sort().map(([name, colour]) => ({ name, colour })),
    marks: MARKS.filter(([selector]) => cy.$(selector).length > 0).map(
      ([, name, swatch]) => ({ name, swatch }),
    ),
  };
}

export function legendElement(items: LegendItems): HTMLElement {
  return h(
    'div',
    { class: 'legend', 'data-testid': 'legend' },
    h('h4', {}, 'Nodes'),
    ...items.nodes.map(n =>
      h(
        'div',
        { class: 'legend-row' },
        h('span', {
          class: `swatch shape-${n.shape}`,
          style: `background:${n.colour}`,
        }),
        n.kind,
      ),
    ),
    items.edges.length === 0
      ? null
      : h('h4', {}, 'Edges (attack steps by tactic)'),
    ...items.edges.map(e =>
      h(
        'div',
        { class: 'legend-row' },
        h('span', { class: 'swatch line', style: `background:${e.colour}` }),
        e.name,
      ),
    ),
    items.marks.length === 0 ? null : h('h4', {}, 'Marks'),
    ...items.marks.map(m =>
      h(
        'div',
        { class: 'legend-row' },
        h('span', { class: `swatch mark-${m.swatch}` }),
        m.name,
      ),
    ),
  );
}

function drawShape(
  g: CanvasRenderingContext2D,
  shape: string,
  x: number,
  y: number,
  r: number,
): void {
  g.beginPath();
  if (shape === 'diamond') {
    g.moveTo(x, y - r);
    g.lineTo(x + r, y);
    g.lineTo(x, y + r);
    g.lineTo(x - r, y);
    g.closePath();
  } else if (shape === 'ellipse') g.arc(x, y, r, 0, 2 * Math.PI);
  else g.rect(x - r, y - r, 2 * r, 2 * r);
  g.fill();
  g.stroke();
}

const MARK_COLOURS: Readonly<Record<string, string>> = {
  entry: '#d62728',
  critical: '#000000',
  findings: '#f0a202',
  accepted: '#2e7d32',
  aggregate: '#bbbbbb',
  cut: '#dddddd',
};

/** Draws the legend in columns from (x, y) within `width`; returns its height. */
export function drawLegend(
  g: CanvasRenderingContext2D,
  items: LegendItems,
  x: number,
  y: number,
  width: number,
  px: number,
): number {
  const row = px * 1.6;
  g.font = `${String(px)}px system-ui, sans-serif`;
  const texts = [
    ...items.nodes.map(n => n.kind),
    ...items.edges.map(e => e.name),
    ...items.marks.map(m => m.name),
  ];
  const column =
    Math.max(...texts.map(t => g.measureText(t).width), px * 6) + px * 3;
  const perRow = Math.max(1, Math.floor(width / column));
  const entries: { draw: (cx: number, cy: number) => void; text: string }[] = [
    ...items.nodes.map(n => ({
      text: n.kind,
      draw: (cx: number, cy: number) => {
        g.fillStyle = n.colour;
        g.strokeStyle = '#333';
        drawShape(g, n.shape, cx, cy, px * 0.45);
      },
    })),
    ...items.edges.map(e => ({
      text: e.name,
      draw: (cx: number, cy: number) => {
        g.strokeStyle = e.colour;
        g.lineWidth = px * 0.25;
        g.beginPath();
        g.moveTo(cx - px * 0.6, cy);
        g.lineTo(cx + px * 0.6, cy);
        g.stroke();
        g.lineWidth = 1;
      },
    })),
    ...items.marks.map(m => ({
      text: m.name,
      draw: (cx: number, cy: number) => {
        g.strokeStyle = MARK_COLOURS[m.swatch] ?? '#333';
        g.fillStyle = '#ffffff';
        g.lineWidth = px * 0.2;
        drawShape(g, 'ellipse', cx, cy, px * 0.4);
        g.lineWidth = 1;
      },
    })),
  ];
  g.textBaseline = 'middle';
  entries.forEach((entry, i) => {
    const cx = x + (i % perRow) * column + px;
    const cy = y + Math.floor(i / perRow) * row + row / 2;
    entry.draw(cx, cy);
    g.fillStyle = '#1b1b1b';
    g.fillText(entry.text, cx + px * 1.2, cy);
  });
  return Math.ceil(entries.length / perRow) * row;
}
