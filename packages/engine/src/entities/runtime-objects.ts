/**
 * Objects every running cluster has that no manifest holds (issue #17,
 * point 2). The API server, the controller manager and the installer keep
 * Secrets in kube-system at runtime: bootstrap tokens (kubeadm joins nodes
 * with them), cloud-provider and CNI credentials, Helm release records of
 * charts installed there, legacy tokens of old clusters. Reading them is
 * the classic step from a compromised controller to the whole cluster, so a
 * critical asset stands for them: `Secret:kube-system/*`, "any Secret in
 * kube-system", reached by whoever can read Secrets there (SECRET_READ) at
 * medium confidence at most, since its contents are inferred.
 *
 * An input that shows the real ones gets no stand-in: a live collection
 * that listed Secrets, an input holding a Secret of kube-system, or a whole
 * cluster's dump (both cluster-admin objects, as for the bootstrap policy:
 * rbac/built-in-rbac.ts).
 */

import { isWholeCluster } from '../rbac/built-in-rbac.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';

export const RUNTIME_SECRETS_NAMESPACE = 'kube-system';
export const RUNTIME_SECRETS_ID = 'Secret:kube-system/*';

export const RUNTIME_SECRETS_MEANING =
  'any Secret in kube-system: every running cluster keeps some there (bootstrap tokens, cloud-provider and CNI credentials, Helm releases), though manifests never hold them';

/** Whether the runtime Secrets of kube-system stand in the graph. */
export function assumesRuntimeSecrets(
  index: Pick<SnapshotIndex, 'live' | 'snapshot'>,
): boolean {
  const { objects, collection } = index.snapshot;
  if (!index.live) {
    const secrets = objects.Secret ?? [];
    if (secrets.some(s => s.metadata.namespace === RUNTIME_SECRETS_NAMESPACE))
      return false;
    return !isWholeCluster({
      clusterRoles: objects.ClusterRole ?? [],
      clusterRoleBindings: objects.ClusterRoleBinding ?? [],
    });
  }
  return collection.gaps.some(
    gap =>
      gap.resource === 'secrets' &&
      (gap.namespace === undefined ||
        gap.namespace === RUNTIME_SECRETS_NAMESPACE),
  );
}
