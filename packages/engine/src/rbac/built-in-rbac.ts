/**
 * Does the input already hold the built-in RBAC policy? Decides
 * `assumeDefaults: 'auto'` (catalog 4.5): a live cluster always has ClusterRole
 * `cluster-admin` and the `system:` roles and bindings the API server
 * bootstraps; manifest input usually has none of them.
 */

import type { KubeObject } from '@chokepoint/model';

export function hasBuiltInRbac(input: {
  readonly clusterRoles: readonly KubeObject[];
  readonly clusterRoleBindings: readonly KubeObject[];
}): boolean {
  const system = (o: KubeObject) => o.metadata.name.startsWith('system:');
  return (
    input.clusterRoles.some(
      o => o.metadata.name === 'cluster-admin' || system(o),
    ) || input.clusterRoleBindings.some(system)
  );
}
