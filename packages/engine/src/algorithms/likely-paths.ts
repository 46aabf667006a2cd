/**
 * The most likely attack path and diverse alternatives (analysis issue,
 * point 2; algorithms.md 4.2 and 4.10).
 *
 * Likelihood: each edge's confidence stands for a success probability
 * (high 0.95, medium 0.7, low 0.3: ordinal, not calibrated) and the path
 * minimising the sum of -log p is the most likely under independence; ties
 * (many equally likely steps) are broken by hop count through a small
 * per-edge epsilon. Alternatives: after each path, its edges are penalised
 * and the search runs again, so each alternative prefers steps not shown yet
 * (unlike Yen's near-duplicates) but may share an unavoidable one, such as
 * the only way in. Never an enumeration of simple paths.
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type { AttackGraph, Confidence } from '@chokepoint/model';
import { pathFromParents } from './shortest-path.ts';
import type { AttackPath } from './shortest-path.ts';

const PROBABILITY: Readonly<Record<Confidence, number>> = {
  high: 0.95,
  medium: 0.7,
  low: 0.3,
};
const EPSILON = 1e-6;

export interface LikelyPathOptions {
  readonly minConfidence?: Confidence;
  /** Extra cost per edge key (alternatives avoid the edges already shown). */
  readonly penalty?: ReadonlyMap<string, number>;
}

/** Binary heap of [cost, node] keyed on cost. */
class Heap {
  private readonly costs: number[] = [];
  private readonly nodes: string[] = [];

  get size(): number {
    return this.costs.length;
  }

  push(cost: number, node: string): void {
    let i = this.costs.length;
    this.costs.push(cost);
    this.nodes.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.costs[parent] ?? 0) <= cost) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): [number, string] {
    const top: [number, string] = [this.costs[0] ?? 0, this.nodes[0] ?? ''];
    const lastCost = this.costs.pop() ?? 0;
    const lastNode = this.nodes.pop() ?? '';
    if (this.costs.length > 0) {
      this.costs[0] = lastCost;
      this.nodes[0] = lastNode;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (
          left < this.costs.length &&
          (this.costs[left] ?? 0) < (this.costs[smallest] ?? 0)
        )
          smallest = left;
        if (
          right < this.costs.length &&
          (this.costs[right] ?? 0) < (this.costs[smallest] ?? 0)
        )
          smallest = right;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return top;
  }

  private swap(a: number, b: number): void {
    [this.costs[a], this.costs[b]] = [this.costs[b] ?? 0, this.costs[a] ?? 0];
    [this.nodes[a], this.nodes[b]] = [this.nodes[b] ?? '', this.nodes[a] ?? ''];
  }
}

export function mostLikelyPath(
  graph: AttackGraph,
  from: string,
  to: string,
  options: LikelyPathOptions = {},
): AttackPath | null {
  const floor = CONFIDENCE_ORDER.indexOf(options.minConfidence ?? 'low');
  const best = new Map<string, number>([[from, 0]]);
  const via = new Map<string, string>();
  const heap = new Heap();
  heap.push(0, from);
  while (heap.size > 0) {
    const [cost, node] = heap.pop();
    if (cost > (best.get(node) ?? Infinity)) continue;
    if (node === to) break;
    graph.forEachOutEdge(node, (edge, attributes, _source, target) => {
      if (!attributes.traversable) return;
      if (CONFIDENCE_ORDER.indexOf(attributes.confidence) < floor) return;
      const next =
        cost -
        Math.log(PROBABILITY[attributes.confidence]) +
        EPSILON +
        (options.penalty?.get(edge) ?? 0);
      if (next >= (best.get(target) ?? Infinity)) return;
      best.set(target, next);
      via.set(target, edge);
      heap.push(next, target);
    });
  }
  if (from !== to && !via.has(to)) return null;
  return pathFromParents(graph, from, to, via);
}

/** A penalty that outweighs any likelihood difference a real path has. */
const SHOWN = 20;

/** Up to `count` distinct paths, each preferring edges the ones before it did not use. */
export function diversePaths(
  graph: AttackGraph,
  from: string,
  to: string,
  count: number,
  options: Omit<LikelyPathOptions, 'penalty'> = {},
): AttackPath[] {
  const penalty = new Map<string, number>();
  const seen = new Set<string>();
  const out: AttackPath[] = [];
  for (let i = 0; i < count * 2 && out.length < count; i++) {
    const path = mostLikelyPath(graph, from, to, { ...options, penalty });
    if (path === null || path.length === 0) break;
    const keys: string[] = [];
    for (const step of path.steps) {
      graph.forEachDirectedEdge(step.from, step.to, (edge, attributes) => {
        if (attributes.kind === step.kind) keys.push(edge);
      });
    }
    const signature = keys.join('>');
    if (seen.has(signature)) break;
    seen.add(signature);
    out.push(path);
    for (const key of keys) penalty.set(key, (penalty.get(key) ?? 0) + SHOWN);
  }
  return out;
}
