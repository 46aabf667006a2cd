/**
 * The cytoscape canvas: shows one focused element set at a time (a path, a
 * neighbourhood, a blast radius), lays it out, and reports taps. Element
 * sets come from to-elements.ts, so the canvas never holds the whole graph.
 */

import cytoscape from 'cytoscape';
import type {
  Core,
  EdgeSingular,
  ElementDefinition,
  EventObject,
  LayoutOptions,
  NodeSingular,
} from 'cytoscape';
import { stylesheet } from './style.ts';

export type ViewLayout = 'preset' | 'concentric' | 'tree';

export interface GraphView {
  readonly cy: Core;
  show(
    elements: ElementDefinition[],
    layout: ViewLayout,
    center?: string,
  ): void;
  png(): Promise<Blob>;
  onTapNode(handler: (id: string) => void): void;
  onTapEdge(handler: (id: string) => void): void;
}

function layoutOptions(layout: ViewLayout, center?: string): LayoutOptions {
  if (layout === 'preset') return { name: 'preset', fit: true, padding: 40 };
  if (layout === 'concentric') {
    return {
      name: 'concentric',
      fit: true,
      padding: 30,
      animate: false,
      minNodeSpacing: 30,
      concentric: node => (node.id() === center ? 2 : 1),
      levelWidth: () => 1,
    };
  }
  return {
    name: 'breadthfirst',
    fit: true,
    padding: 30,
    animate: false,
    directed: true,
    spacingFactor: 1.1,
    ...(center === undefined ? {} : { roots: [center] }),
    // Left to right instead of top down.
    transform: (_node, position) => ({ x: position.y * 1.6, y: position.x }),
  };
}

export function createGraphView(container: HTMLElement): GraphView {
  const cy = cytoscape({
    container,
    style: stylesheet(),
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 4,
  });
  return {
    cy,
    show(elements, layout, center) {
      cy.batch(() => {
        cy.elements().remove();
        cy.add(elements);
      });
      cy.layout(layoutOptions(layout, center)).run();
      if (cy.nodes().length <= 2) cy.zoom(Math.min(cy.zoom(), 1.5));
    },
    png() {
      return Promise.resolve(
        cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }),
      );
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
  };
}
