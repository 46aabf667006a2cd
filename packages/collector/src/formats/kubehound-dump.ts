/**
 * KubeHound dump directories: one `kubectl get -o json`-style List per
 * resource, named `<plural>[.<group>].json`, cluster-scoped ones at the top and
 * namespaced ones in one folder per namespace, plus an optional
 * `metadata.json` naming the cluster. Go clients drop the kind of list items,
 * so it is taken from the file name.
 */

import { basename } from 'node:path';
import { resourceByFileStem, apiVersionOf } from '../resources.ts';

const DUMP_MARKERS = [
  'nodes.json',
  'clusterroles.rbac.authorization.k8s.io.json',
  'clusterrolebindings.rbac.authorization.k8s.io.json',
];

export function isKubehoundDump(entries: readonly string[]): boolean {
  return entries.some(entry => DUMP_MARKERS.includes(entry));
}

export function dumpKindOfFile(
  path: string,
): { kind: string; apiVersion: string } | undefined {
  const name = basename(path);
  if (!name.endsWith('.json')) return undefined;
  const resource = resourceByFileStem(name.slice(0, -'.json'.length));
  return (
    resource && { kind: resource.kind, apiVersion: apiVersionOf(resource) }
  );
}

/** The cluster name in a dump's metadata.json, in either shape KubeHound wrote. */
export function dumpClusterName(metadata: unknown): string | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const cluster = (metadata as Record<string, unknown>).cluster;
  if (typeof cluster === 'string' && cluster !== '') return cluster;
  if (typeof cluster === 'object' && cluster !== null) {
    const name = (cluster as Record<string, unknown>).name;
    if (typeof name === 'string' && name !== '') return name;
  }
  return undefined;
}
