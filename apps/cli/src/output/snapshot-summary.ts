/** The text a person reads after `chokepoint snapshot`: what the snapshot holds. */

import { countObjects } from '@chokepoint/model';
import type { Snapshot } from '@chokepoint/model';

export function snapshotSummary(
  snapshot: Snapshot,
  writtenTo?: string,
): string {
  const { cluster, collection } = snapshot;
  const lines: string[] = [];
  const total = countObjects(snapshot);
  lines.push(
    `Cluster ${cluster.name}${cluster.serverVersion ? ` (${cluster.serverVersion})` : ''}: ` +
      `${String(total)} objects from ${String(collection.sources.length)} source${collection.sources.length === 1 ? '' : 's'}`,
  );
  const kinds = Object.entries(snapshot.objects);
  const width = Math.max(...kinds.map(([kind]) => kind.length), 4);
  for (const [kind, list] of kinds) {
    const namespaces = new Set(
      list.map(o => o.metadata.namespace).filter(Boolean),
    ).size;
    lines.push(
      `  ${kind.padEnd(width)} ${String(list.length).padStart(6)}` +
        (namespaces > 0
          ? `  in ${String(namespaces)} namespace${namespaces === 1 ? '' : 's'}`
          : ''),
    );
  }
  const { secretValues, lastAppliedAnnotations, configMapValues } =
    collection.redacted;
  lines.push(
    `Redacted: ${String(secretValues)} secret values, ${String(lastAppliedAnnotations)} last-applied annotations, ` +
      `${String(configMapValues)} ConfigMap values`,
  );
  if (collection.missingKinds.length > 0) {
    lines.push(`Not in the input: ${collection.missingKinds.join(', ')}`);
  }
  for (const gap of collection.gaps) {
    lines.push(
      `Not collected: ${gap.resource}${gap.namespace ? ` in ${gap.namespace}` : ''}: ${gap.message}`,
    );
  }
  if (writtenTo !== undefined) lines.push(`Snapshot written to ${writtenTo}`);
  return `${lines.join('\n')}\n`;
}
