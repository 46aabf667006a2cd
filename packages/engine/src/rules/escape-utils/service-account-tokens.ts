/**
 * ServiceAccount tokens in containers (catalog 2.6), for IDENTITY_ASSUME,
 * CE_VAR_LOG_SYMLINK and EXPLOIT_HOST_TRAVERSE: which ServiceAccount's token
 * a container holds, how sure that is (an inferred ServiceAccount is at most
 * medium), and that ServiceAccount's RBAC grants. The ServiceAccount
 * admission plugin rejects pods naming a missing ServiceAccount, so a token
 * counts only when SAExists holds. Computed once per container and snapshot.
 */

import { objectId } from '@chokepoint/model';
import type { Confidence } from '@chokepoint/model';
import { serviceAccountIdentity } from '../../rbac/index.ts';
import type { Grant } from '../../rbac/index.ts';
import type { RuleContext } from '../../rule-context.ts';
import type { ContainerInfo, SnapshotIndex } from '../../snapshot-index.ts';
import {
  POD_SPEC_KINDS,
  referencedAccountsIndex,
} from '../../entities/service-accounts.ts';
import {
  saExists,
  tokenMounted,
} from '../../predicates/service-account-token.ts';
import type {
  ServiceAccountIndex,
  TokenMountWay,
} from '../../predicates/service-account-token.ts';

const indexes = new WeakMap<SnapshotIndex, ServiceAccountIndex>();

/**
 * SAExists' view of the snapshot (catalog 2.6). Not `ctx.accounts.index`:
 * that one also counts the RBAC model's binding subjects (the assumed
 * bootstrap bindings included) and not PodTemplate objects, which would
 * change which inferred ServiceAccounts exist here.
 */
export function serviceAccountIndexOf(
  index: SnapshotIndex,
): ServiceAccountIndex {
  const cached = indexes.get(index);
  if (cached !== undefined) return cached;
  const built = referencedAccountsIndex(index, [
    ...POD_SPEC_KINDS,
    'RoleBinding',
    'ClusterRoleBinding',
  ]);
  indexes.set(index, built);
  return built;
}

export interface ContainerToken {
  /** `ServiceAccount:<ns>/<name>`. */
  readonly serviceAccount: string;
  readonly namespace: string;
  readonly name: string;
  /** `medium` when the ServiceAccount's existence is inferred. */
  readonly confidence: Confidence;
  readonly ways: readonly TokenMountWay[];
  readonly reason: string;
}

const tokens = new WeakMap<SnapshotIndex, Map<string, ContainerToken | null>>();

/** The usable Kubernetes token of the pod's ServiceAccount in `c`, if any. */
export function containerToken(
  ctx: RuleContext,
  container: ContainerInfo,
): ContainerToken | undefined {
  let perIndex = tokens.get(ctx.index);
  if (perIndex === undefined) {
    perIndex = new Map();
    tokens.set(ctx.index, perIndex);
  }
  const cached = perIndex.get(container.id);
  if (cached !== undefined) return cached ?? undefined;
  const found = computeToken(ctx, container);
  perIndex.set(container.id, found ?? null);
  return found;
}

function computeToken(
  ctx: RuleContext,
  container: ContainerInfo,
): ContainerToken | undefined {
  const { workload } = container;
  const namespace = workload.namespace;
  const name = workload.serviceAccount;
  const saIndex = serviceAccountIndexOf(ctx.index);
  const existence = saExists(saIndex, namespace, name);
  if (!existence.exists) return undefined;
  const serviceAccount = ctx.index.get('ServiceAccount', namespace, name);
  const mount = tokenMounted({
    pod: workload.spec,
    container: container.view,
    ...(serviceAccount === undefined ? {} : { serviceAccount }),
    apiAudiences: ctx.policy.apiAudiences,
    secret: secret => ctx.index.get('Secret', namespace, secret),
    index: saIndex,
  });
  if (!mount.mounted) return undefined;
  const usable = mount.ways.filter(way => !way.revivableOnly);
  const inferred = existence.inferred || usable.every(way => way.inferred);
  return {
    serviceAccount: objectId('ServiceAccount', name, namespace),
    namespace,
    name,
    confidence: inferred ? 'medium' : 'high',
    ways: usable,
    reason: inferred
      ? `token of ${namespace}/${name} mounted (${existence.reason})`
      : `token of ${namespace}/${name} mounted`,
  };
}

const grants = new WeakMap<SnapshotIndex, Map<string, readonly Grant[]>>();

/** The RBAC grants of one ServiceAccount, computed once per snapshot. */
export function serviceAccountGrants(
  ctx: RuleContext,
  namespace: string,
  name: string,
): readonly Grant[] {
  let perIndex = grants.get(ctx.index);
  if (perIndex === undefined) {
    perIndex = new Map();
    grants.set(ctx.index, perIndex);
  }
  const key = `${namespace}/${name}`;
  const cached = perIndex.get(key);
  if (cached !== undefined) return cached;
  const found = ctx.rbac.grantsFor(serviceAccountIdentity(namespace, name));
  perIndex.set(key, found);
  return found;
}
