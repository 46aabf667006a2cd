/**
 * Which built-in RBAC objects to assume (catalog 4.5). A live cluster always
 * has ClusterRole `cluster-admin` and its ClusterRoleBinding, and every other
 * object the API server bootstraps: an input holding both is a whole cluster
 * (live, or a dump of one), whose missing built-ins were really deleted.
 * Manifest input holds at most a few: a monitoring stack ships
 * `system:aggregated-metrics-reader`, which says nothing about the rest, so
 * every built-in the input lacks is assumed, one by one.
 */

import type { KubeObject } from '@chokepoint/model';

export function isWholeCluster(input: {
  readonly clusterRoles: readonly KubeObject[];
  readonly clusterRoleBindings: readonly KubeObject[];
}): boolean {
  const clusterAdmin = (o: KubeObject) => o.metadata.name === 'cluster-admin';
  return (
    input.clusterRoles.some(clusterAdmin) &&
    input.clusterRoleBindings.some(clusterAdmin)
  );
}
