/**
 * Dominator trees over CSR typed arrays (algorithms.md 4.3): d dominates v
 * when every path from the root to v crosses d. Run on the reversed attack
 * graph from a virtual sink behind the critical assets, it gives the nodes
 * every path of an entry point must cross (post-dominators), for all entry
 * points in one pass.
 *
 * Cooper, Harvey and Kennedy's iterative algorithm ("A Simple, Fast
 * Dominance Algorithm", 2001): intersect the dominators of each node's
 * predecessors in reverse postorder until nothing changes, usually in two or
 * three passes. The depth-first search is iterative: a recursive one
 * overflows V8's stack on deep attack graphs.
 */

/** A directed graph in CSR form: the successors of i are `targets[offsets[i] .. offsets[i+1])`. */
export interface Digraph {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

export interface DominatorTree {
  /** Immediate dominator of each node; the root's is the root; -1 when the root does not reach it. */
  readonly idom: Int32Array;
  /** The nodes the root reaches, in reverse postorder: the root first, every node after its immediate dominator. */
  readonly order: Int32Array;
}

/** Reverse postorder of the nodes `root` reaches, and each node's postorder number (-1 when not reached). */
function reversePostorder(
  graph: Digraph,
  root: number,
): { order: Int32Array; post: Int32Array } {
  const n = graph.offsets.length - 1;
  const post = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  const stack = new Int32Array(n);
  const cursor = new Int32Array(n);
  const postorder = new Int32Array(n);
  let count = 0;
  let top = 0;
  stack[top++] = root;
  seen[root] = 1;
  cursor[root] = graph.offsets[root]!;
  while (top > 0) {
    const v = stack[top - 1]!;
    const end = graph.offsets[v + 1]!;
    let c = cursor[v]!;
    while (c < end && seen[graph.targets[c]!] === 1) c++;
    if (c < end) {
      const w = graph.targets[c]!;
      cursor[v] = c + 1;
      seen[w] = 1;
      cursor[w] = graph.offsets[w]!;
      stack[top++] = w;
    } else {
      cursor[v] = c;
      top--;
      post[v] = count;
      postorder[count++] = v;
    }
  }
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = postorder[count - 1 - i]!;
  return { order, post };
}

export function dominatorTree(graph: Digraph, root: number): DominatorTree {
  const n = graph.offsets.length - 1;
  const { order, post } = reversePostorder(graph, root);
  // Predecessors among reached nodes, as a CSR.
  const predOffsets = new Int32Array(n + 1);
  for (const u of order) {
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++)
      predOffsets[graph.targets[e]! + 1]!++;
  }
  for (let i = 0; i < n; i++) predOffsets[i + 1]! += predOffsets[i]!;
  const preds = new Int32Array(predOffsets[n]!);
  const fill = predOffsets.slice(0, n);
  for (const u of order) {
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++)
      preds[fill[graph.targets[e]!]!++] = u;
  }

  const idom = new Int32Array(n).fill(-1);
  idom[root] = root;
  const intersect = (a: number, b: number): number => {
    let x = a;
    let y = b;
    while (x !== y) {
      while (post[x]! < post[y]!) x = idom[x]!;
      while (post[y]! < post[x]!) y = idom[y]!;
    }
    return x;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 1; i < order.length; i++) {
      const v = order[i]!;
      let next = -1;
      for (let p = predOffsets[v]!; p < predOffsets[v + 1]!; p++) {
        const u = preds[p]!;
        if (idom[u] === -1) continue;
        next = next === -1 ? u : intersect(u, next);
      }
      if (idom[v] !== next) {
        idom[v] = next;
        changed = true;
      }
    }
  }
  return { idom, order };
}

/**
 * For every node, the sum of `weight` over the nodes it dominates, itself
 * included (its subtree in the dominator tree); 0 for nodes the root does
 * not reach.
 */
export function dominatedWeight(
  tree: DominatorTree,
  weight: ArrayLike<number>,
): Float64Array {
  const sums = new Float64Array(tree.idom.length);
  for (const v of tree.order) sums[v] = weight[v] ?? 0;
  for (let i = tree.order.length - 1; i > 0; i--) {
    const v = tree.order[i]!;
    sums[tree.idom[v]!]! += sums[v]!;
  }
  return sums;
}
