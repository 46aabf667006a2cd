/**
 * AttackGraph <-> the `graph` JSON of cli-contract.md. This shape is the
 * product's interchange format; graphology's own serialization stays internal.
 * Output lists are sorted so golden files are stable.
 */

import { createAttackGraph, edgeKey } from './attack-graph.ts';
import type {
  AttackGraph,
  EdgeAttributes,
  NodeAttributes,
} from './attack-graph.ts';

export interface GraphJsonNode extends NodeAttributes {
  id: string;
}

export type GraphJsonEdge = EdgeAttributes & {
  from: string;
  to: string;
};

export interface GraphJson {
  schemaVersion: 1;
  cluster: string;
  serverVersion?: string;
  nodes: GraphJsonNode[];
  edges: GraphJsonEdge[];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function toGraphJson(graph: AttackGraph): GraphJson {
  const nodes: GraphJsonNode[] = [];
  graph.forEachNode((id, attributes) => nodes.push({ id, ...attributes }));
  nodes.sort((a, b) => byString(a.id, b.id));
  const edges: GraphJsonEdge[] = [];
  graph.forEachEdge((_key, attributes, from, to) => {
    edges.push({ from, to, ...attributes });
  });
  edges.sort(
    (a, b) =>
      byString(a.from, b.from) ||
      byString(a.to, b.to) ||
      byString(a.kind, b.kind),
  );
  const { cluster, serverVersion } = graph.getAttributes();
  return {
    schemaVersion: 1,
    cluster,
    ...(serverVersion === undefined ? {} : { serverVersion }),
    nodes,
    edges,
  };
}

export function fromGraphJson(json: GraphJson): AttackGraph {
  const graph = createAttackGraph({
    cluster: json.cluster,
    ...(json.serverVersion === undefined
      ? {}
      : { serverVersion: json.serverVersion }),
  });
  for (const { id, ...attributes } of json.nodes) graph.addNode(id, attributes);
  for (const edge of json.edges) {
    const { from, to, ...attributes } = edge;
    graph.addDirectedEdgeWithKey(
      edgeKey(from, edge.kind, to),
      from,
      to,
      attributes,
    );
  }
  return graph;
}
