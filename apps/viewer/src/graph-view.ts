/**
 * The cytoscape canvas: shows one focused element set at a time (a path, a
 * neighbourhood, a blast radius), lays it out, and reports taps and the
 * node menu (right click). Element sets come from to-elements.ts, so the
 * canvas never holds the whole graph.
 *
 * Readability rule: the drawing is never shrunk below MIN_ZOOM to fit; the
 * canvas grows instead and its box scrolls (the mouse wheel scrolls, the
 * toolbar zooms), so a 40-step path keeps full-size labels.
 */

import cytoscape from 'cytoscape';
import type {
  Core,
  EdgeSingular,
  ElementDefinition,
  EventObject,
  NodeSingular,
} from 'cytoscape';
import { drawLegend, legendItems } from './legend.ts';
import { MIN_ZOOM, stylesheet } from './style.ts';

const PADDING = 40;
const MAX_ZOOM = 1.4;

export interface GraphView {
  readonly cy: Core;
  /**
   * Draws elements at their preset positions (to-elements.ts places them);
   * a drawing wider than the box opens on its `start` or its `middle`.
   */
  show(elements: ElementDefinition[], open?: 'start' | 'middle'): void;
  /** Zooms by a factor (toolbar), growing or shrinking the scrolled canvas. */
  zoomBy(factor: number): void;
  /** Hides the edges of these kinds. */
  hideEdgeKinds(kinds: ReadonlySet<string>): void;
  /** Edge kinds drawn, with their counts. */
  edgeKinds(): [string, number][];
  /** The drawing as a PNG with a title and the legend. */
  png(title: string, subtitle: string): Promise<Blob>;
  onTapNode(handler: (id: string) => void): void;
  onTapEdge(handler: (id: string) => void): void;
  /** Right click (or long press) on a node: where, in the graph box. */
  onNodeMenu(handler: (id: string, x: number, y: number) => void): void;
}

export function createGraphView(container: HTMLElement): GraphView {
  const box = container.parentElement ?? container;
  const cy = cytoscape({
    container,
    style: stylesheet(),
    minZoom: 0.3,
    maxZoom: 4,
    // The wheel scrolls the box; the toolbar zooms.
    userZoomingEnabled: false,
    boxSelectionEnabled: false,
  });
  let zoom = 1;

  /** Sizes the canvas for the drawing at `target` zoom (or the best fit) and scrolls to its top left. */
  let opening: 'start' | 'middle' = 'start';

  function place(target?: number): void {
    container.style.width = '100%';
    container.style.height = '100%';
    cy.resize();
    const elements = cy.elements(':visible');
    if (elements.length === 0) return;
    cy.zoom(1);
    const bb = elements.boundingBox();
    const width = Math.max(1, bb.w);
    const height = Math.max(1, bb.h);
    const fit = Math.min(
      (box.clientWidth - 2 * PADDING) / width,
      (box.clientHeight - 2 * PADDING) / height,
    );
    const widthFit = (box.clientWidth - 2 * PADDING) / width;
    zoom =
      target ??
      (fit >= MIN_ZOOM
        ? Math.min(fit, MAX_ZOOM)
        : Math.max(MIN_ZOOM, Math.min(widthFit, 1)));
    const needW = width * zoom + 2 * PADDING;
    const needH = height * zoom + 2 * PADDING;
    if (needW > box.clientWidth)
      container.style.width = `${String(Math.ceil(needW))}px`;
    if (needH > box.clientHeight)
      container.style.height = `${String(Math.ceil(needH))}px`;
    cy.resize();
    cy.zoom(zoom);
    const extraX = Math.max(0, (container.clientWidth - needW) / 2);
    const extraY = Math.max(0, (container.clientHeight - needH) / 2);
    cy.pan({
      x: PADDING + extraX - bb.x1 * zoom,
      y: PADDING + extraY - bb.y1 * zoom,
    });
    box.scrollTo({
      left:
        opening === 'middle'
          ? Math.max(0, (container.clientWidth - box.clientWidth) / 2)
          : 0,
      top: 0,
    });
  }

  return {
    cy,
    show(elements, open = 'start') {
      opening = open;
      cy.batch(() => {
        cy.elements().remove();
        cy.add(elements);
      });
      place();
    },
    zoomBy(factor) {
      place(Math.min(4, Math.max(0.3, zoom * factor)));
    },
    hideEdgeKinds(kinds) {
      cy.batch(() => {
        cy.edges().forEach(edge => {
          if (kinds.has(String(edge.data('kind'))))
            edge.addClass('hidden-kind');
          else edge.removeClass('hidden-kind');
        });
      });
    },
    edgeKinds() {
      const counts = new Map<string, number>();
      cy.edges().forEach(edge => {
        const kind = String(edge.data('kind'));
        if (kind === 'AGGREGATE') return;
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      });
      return [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    },
    async png(title, subtitle) {
      const scale = 2;
      const drawing = new Image();
      drawing.src = cy.png({ full: true, scale, bg: '#ffffff' });
      await drawing.decode();
      const width = Math.max(drawing.width, 1400);
      const px = 14 * scale;
      const items = legendItems(cy);
      const probe = document.createElement('canvas').getContext('2d');
      if (probe === null) throw new Error('no 2D canvas');
      const legendHeight = drawLegend(probe, items, 0, 0, width - 2 * px, px);
      const header = px * 4;
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = header + drawing.height + legendHeight + px * 3;
      const g = canvas.getContext('2d');
      if (g === null) throw new Error('no 2D canvas');
      g.fillStyle = '#ffffff';
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.fillStyle = '#1b1b1b';
      g.textBaseline = 'top';
      g.font = `600 ${String(px * 1.3)}px system-ui, sans-serif`;
      g.fillText(title, px, px * 0.6);
      g.font = `${String(px * 0.9)}px system-ui, sans-serif`;
      g.fillText(subtitle, px, px * 2.4);
      g.drawImage(drawing, Math.round((width - drawing.width) / 2), header);
      g.strokeStyle = '#cccccc';
      g.beginPath();
      g.moveTo(px, header + drawing.height + px);
      g.lineTo(width - px, header + drawing.height + px);
      g.stroke();
      drawLegend(
        g,
        items,
        px,
        header + drawing.height + px * 1.5,
        width - 2 * px,
        px,
      );
      return new Promise<Blob>((done, fail) => {
        canvas.toBlob(blob => {
          if (blob === null) fail(new Error('PNG export failed'));
          else done(blob);
        }, 'image/png');
      });
    },
    onTapNode(handler) {
      cy.on('tap', 'node', (event: EventObject) => {
        handler((event.target as NodeSingular).id());
      });
    },
    onTapEdge(handler) {
      cy.on('tap', 'edge', (event: EventObject) => {
        handler((event.target as EdgeSingular).id());
      });
    },
    onNodeMenu(handler) {
      cy.on('cxttap taphold', 'node', (event: EventObject) => {
        const at = event.renderedPosition;
        handler((event.target as NodeSingular).id(), at.x, at.y);
      });
    },
  };
}
