/** An attack path drawn step by step for a terminal. */

import { reasonOf } from '@chokepoint/model';
import type { AttackGraph, AttackPath } from '@chokepoint/model';

function label(graph: AttackGraph, id: string): string {
  const kind = graph.getNodeAttribute(id, 'kind');
  return kind === 'Scope'
    ? `${id} (${graph.getNodeAttribute(id, 'name')})`
    : id;
}

export function pathText(
  graph: AttackGraph,
  path: AttackPath | null,
  from: string,
  to: string,
): string {
  if (path === null) return `No attack path from ${from} to ${to}.\n`;
  if (path.length === 0) return `${from} is ${to}.\n`;
  const lines = [
    `${String(path.length)} steps from ${from} to ${to} (confidence ${path.confidence}):`,
    `  ${label(graph, from)}`,
  ];
  for (const step of path.steps) {
    const why = reasonOf(step.evidence);
    const reason = why === undefined ? '' : `: ${why}`;
    lines.push(
      `    --${step.kind}${step.confidence === 'high' ? '' : ` (${step.confidence})`}--> ${label(graph, step.to)}${reason}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
