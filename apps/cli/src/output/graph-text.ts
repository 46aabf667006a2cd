/** The text summary of an attack graph: counts by node and edge kind, and the assumptions made. */

import type { AttackGraph } from '@chokepoint/model';

function countBy(keys: Iterable<string>): [string, number][] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
  );
}

function table(rows: [string, number][]): string[] {
  const width = Math.max(...rows.map(([k]) => k.length), 4);
  return rows.map(
    ([kind, n]) => `  ${kind.padEnd(width)} ${String(n).padStart(8)}`,
  );
}

export function graphSummary(
  graph: AttackGraph,
  notes: readonly string[],
): string {
  const nodeKinds: string[] = [];
  graph.forEachNode((_id, attributes) => nodeKinds.push(attributes.kind));
  const edgeKinds: string[] = [];
  graph.forEachEdge((_key, attributes) => edgeKinds.push(attributes.kind));
  const { cluster, serverVersion } = graph.getAttributes();
  return [
    `Attack graph of ${cluster}${serverVersion ? ` (${serverVersion})` : ''}: ${String(graph.order)} nodes, ${String(graph.size)} edges`,
    'Nodes:',
    ...table(countBy(nodeKinds)),
    'Edges:',
    ...table(countBy(edgeKinds)),
    ...notes.map(note => `Note: ${note}`),
    '',
  ].join('\n');
}
