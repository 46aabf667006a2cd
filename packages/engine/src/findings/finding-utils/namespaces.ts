/**
 * The namespaces the namespace findings look at (catalog 6 F-NS-*): those
 * with at least one running workload (a pod, or a controller's stand-in),
 * sorted by name. An empty namespace has nothing to isolate yet; the attack
 * edges (POD_CREATE) already cover pods an attacker could add to it.
 */

import type { SnapshotIndex } from '../../snapshot-index.ts';

export function namespacesWithWorkloads(index: SnapshotIndex): string[] {
  const out: string[] = [];
  for (const name of index.namespaces.keys()) {
    if (index.workloadsInNamespace(name).some(w => w.running)) out.push(name);
  }
  return out.sort();
}
