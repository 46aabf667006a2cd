/**
 * Who holds a binding's permissions: the bindings of the input that name a
 * ServiceAccount, and the workloads that run as it with a token mounted
 * (only they can use its permissions from inside the cluster).
 */

import type { RbacModel } from '../../rbac/index.ts';
import { parseServiceAccountUsername } from '../../rbac/index.ts';
import type { BindingEntry } from '../../rbac/index.ts';
import type { SnapshotIndex, WorkloadInfo } from '../../snapshot-index.ts';
import { mountsToken } from './pod-spec-losses.ts';

function namesServiceAccount(
  binding: BindingEntry,
  namespace: string,
  name: string,
): boolean {
  return binding.subjects.some(subject => {
    if (subject.kind === 'ServiceAccount')
      return subject.name === name && subject.namespace === namespace;
    if (subject.kind !== 'User') return false;
    const parsed = parseServiceAccountUsername(subject.name);
    return parsed?.namespace === namespace && parsed.name === name;
  });
}

/** Bindings of the input (not the assumed defaults) naming the ServiceAccount. */
export function grantsNamingServiceAccount(
  rbac: RbacModel,
  namespace: string,
  name: string,
): BindingEntry[] {
  return [...rbac.bindings()].filter(
    b =>
      !b.assumedDefault &&
      b.roleExists &&
      namesServiceAccount(b, namespace, name),
  );
}

/** Workloads running as the ServiceAccount with its token mounted. */
export function workloadsUsing(
  index: SnapshotIndex,
  namespace: string,
  name: string,
): WorkloadInfo[] {
  const automount = index.get(
    'ServiceAccount',
    namespace,
    name,
  )?.automountServiceAccountToken;
  return index
    .workloadsInNamespace(namespace)
    .filter(
      w =>
        w.serviceAccount === name &&
        mountsToken(
          w.spec,
          typeof automount === 'boolean' ? automount : undefined,
        ),
    );
}
