/**
 * Every ServiceAccount the graph has a node for, and whether each exists
 * (catalog 1 and 2.6), computed once per analysis: ServiceAccount objects,
 * the `default` of every namespace (the ServiceAccount controller creates
 * it), and every name a workload, a token Secret or a binding subject refers
 * to, the assumed bootstrap bindings included. Entity building, MEMBER_OF and
 * every rule that targets "the ServiceAccounts of a namespace" read this one
 * table, so they cannot disagree.
 */

import { objectId } from '@chokepoint/model';
import type { RbacModel } from '../rbac/index.ts';
import { annotationOf } from '../predicates/pod-spec.ts';
import {
  SA_NAME_ANNOTATION,
  buildServiceAccountIndex,
  saExists,
  serviceAccountReferences,
} from '../predicates/service-account-token.ts';
import type {
  ServiceAccountIndex,
  ServiceAccountRef,
} from '../predicates/service-account-token.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';
import { CONTROLLER_KINDS } from './owners.ts';

export interface AccountInfo {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** SAExists (catalog 2.6). */
  readonly exists: boolean;
  /** Existence inferred from references in manifest input: edges relying on it are at most medium. */
  readonly inferred: boolean;
}

export interface ServiceAccountTable {
  readonly index: ServiceAccountIndex;
  /** Every ServiceAccount node, by namespace, sorted by name. */
  readonly byNamespace: ReadonlyMap<string, readonly AccountInfo[]>;
  readonly all: readonly AccountInfo[];
}

export function serviceAccountTable(
  index: SnapshotIndex,
  rbac: RbacModel,
): ServiceAccountTable {
  const referencing = [
    ...index.objects('Pod'),
    ...index.objects('RoleBinding'),
    ...index.objects('ClusterRoleBinding'),
    ...CONTROLLER_KINDS.flatMap(kind => index.objects(kind)),
  ];
  const references: ServiceAccountRef[] = [
    ...serviceAccountReferences(referencing),
  ];
  for (const subject of rbac.subjectsNamed()) {
    if (subject.kind === 'ServiceAccount' && subject.namespace !== undefined) {
      references.push({ namespace: subject.namespace, name: subject.name });
    }
  }
  const accounts = buildServiceAccountIndex({
    serviceAccounts: index.objects('ServiceAccount'),
    referenced: references,
    live: index.live,
  });

  const names = new Map<string, Set<string>>();
  const add = (namespace: string, name: string): void => {
    let set = names.get(namespace);
    if (set === undefined) names.set(namespace, (set = new Set()));
    set.add(name);
  };
  for (const namespace of index.namespaces.keys()) add(namespace, 'default');
  for (const sa of index.objects('ServiceAccount'))
    add(sa.metadata.namespace ?? 'default', sa.metadata.name);
  for (const workload of index.workloads)
    add(workload.namespace, workload.serviceAccount);
  for (const secret of index.objects('Secret')) {
    const owner = annotationOf(secret, SA_NAME_ANNOTATION);
    if (owner !== undefined) add(secret.metadata.namespace ?? 'default', owner);
  }
  for (const reference of references) add(reference.namespace, reference.name);
  for (const namespace of names.keys()) add(namespace, 'default');

  const byNamespace = new Map<string, AccountInfo[]>();
  const all: AccountInfo[] = [];
  for (const namespace of [...names.keys()].sort()) {
    const list: AccountInfo[] = [];
    for (const name of [...(names.get(namespace) ?? [])].sort()) {
      const found = saExists(accounts, namespace, name);
      list.push({
        id: objectId('ServiceAccount', name, namespace),
        namespace,
        name,
        exists: found.exists,
        inferred: found.inferred,
      });
    }
    byNamespace.set(namespace, list);
    all.push(...list);
  }
  return { index: accounts, byNamespace, all };
}

/** The kinds whose pod spec or pod template names a ServiceAccount. */
export const POD_SPEC_KINDS = [
  'Pod',
  'PodTemplate',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;

/**
 * SAExists' view (catalog 2.6) over the ServiceAccount objects and the names
 * the objects of `kinds` reference, without the model's binding subjects:
 * for checks that must not count what `serviceAccountTable` adds.
 */
export function referencedAccountsIndex(
  index: SnapshotIndex,
  kinds: readonly string[],
): ServiceAccountIndex {
  const objects = kinds.flatMap(kind => index.objects(kind));
  return buildServiceAccountIndex({
    serviceAccounts: index.objects('ServiceAccount'),
    referenced: serviceAccountReferences(objects),
    live: index.live,
  });
}
