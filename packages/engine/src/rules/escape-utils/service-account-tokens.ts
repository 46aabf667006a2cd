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
import { KEY } from '../../provenance/keys.ts';
import { memoPer, untracked } from '../../provenance/track.ts';
import {
  trackedAccountIndex,
  untrackedIndex,
} from '../../provenance/tracked-context.ts';
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

const indexes = memoPer<ServiceAccountIndex>();

/**
 * SAExists' view of the snapshot (catalog 2.6). Not `ctx.accounts.index`:
 * that one also counts the RBAC model's binding subjects (the assumed
 * bootstrap bindings included) and not PodTemplate objects, which would
 * change which inferred ServiceAccounts exist here.
 */
export function serviceAccountIndexOf(
  index: SnapshotIndex,
): ServiceAccountIndex {
  // Built untracked; a lookup reads its namespace's key, which a fix
  // changes only when it changes that namespace's ServiceAccounts or the
  // references into it (provenance/delta.ts).
  const raw = untrackedIndex(index);
  return indexes(raw).get('', () =>
    trackedAccountIndex(
      untracked(() => referencedAccountsIndex(raw, SA_REFERENCE_KINDS)),
      KEY.referencedAccountsIn,
      KEY.referencedAccounts,
    ),
  );
}

/** The kinds whose objects SAExists' view reads (besides ServiceAccounts). */
export const SA_REFERENCE_KINDS: readonly string[] = [
  ...POD_SPEC_KINDS,
  'RoleBinding',
  'ClusterRoleBinding',
];

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

const tokens = memoPer<ContainerToken | undefined>();

/** The usable Kubernetes token of the pod's ServiceAccount in `c`, if any. */
export function containerToken(
  ctx: RuleContext,
  container: ContainerInfo,
): ContainerToken | undefined {
  return tokens(ctx.index).get(container.id, () =>
    computeToken(ctx, container),
  );
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

const grants = memoPer<readonly Grant[]>();

/** The RBAC grants of one ServiceAccount, computed once per snapshot. */
export function serviceAccountGrants(
  ctx: RuleContext,
  namespace: string,
  name: string,
): readonly Grant[] {
  return grants(ctx.index).get(`${namespace}/${name}`, () =>
    ctx.rbac.grantsFor(serviceAccountIdentity(namespace, name)),
  );
}
