/**
 * The identity nodes a snapshot yields (catalog 1: User, ServiceAccount),
 * enumerated exactly as the engine's entity builder creates them, so that
 * MEMBER_OF (catalog 3.6) leaves from nodes that exist: ServiceAccount
 * objects, every ServiceAccount a workload or a token Secret names, binding
 * subjects, `system:node:<n>` for every node, and the users of the policy's
 * `memberships`. ImpersonatedUser nodes appear later (holder rules), so they
 * are not listed here.
 *
 * Reference: catalog section 1 and 3.6.
 */

import { objectId } from '@chokepoint/model';
import { annotationOf } from '../../predicates/pod-spec.ts';
import { SA_NAME_ANNOTATION } from '../../predicates/service-account-token.ts';
import type { RuleContext } from '../../rule-context.ts';

export interface ServiceAccountIdentity {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** Where the identity comes from, for evidence. */
  readonly source: string;
}

export interface UserIdentity {
  readonly id: string;
  readonly name: string;
  readonly source: string;
}

export interface Identities {
  readonly serviceAccounts: readonly ServiceAccountIdentity[];
  readonly users: readonly UserIdentity[];
}

export function identitiesOf(
  ctx: Pick<RuleContext, 'index' | 'rbac' | 'policy'>,
): Identities {
  const { index, rbac, policy } = ctx;
  const serviceAccounts = new Map<string, ServiceAccountIdentity>();
  const users = new Map<string, UserIdentity>();
  const addServiceAccount = (
    namespace: string,
    name: string,
    source: string,
  ): void => {
    const id = objectId('ServiceAccount', name, namespace);
    if (!serviceAccounts.has(id))
      serviceAccounts.set(id, { id, namespace, name, source });
  };
  const addUser = (name: string, source: string): void => {
    const id = objectId('User', name);
    if (!users.has(id)) users.set(id, { id, name, source });
  };

  for (const node of index.nodes.values())
    addUser(`system:node:${node.name}`, `node ${node.id}`);
  for (const workload of index.workloads) {
    addServiceAccount(
      workload.namespace,
      workload.serviceAccount,
      `serviceAccountName of ${workload.id}`,
    );
  }
  for (const sa of index.objects('ServiceAccount')) {
    addServiceAccount(
      sa.metadata.namespace ?? 'default',
      sa.metadata.name,
      'ServiceAccount object',
    );
  }
  for (const secret of index.objects('Secret')) {
    const owner = annotationOf(secret, SA_NAME_ANNOTATION);
    const namespace = secret.metadata.namespace ?? 'default';
    if (owner !== undefined) {
      addServiceAccount(
        namespace,
        owner,
        `annotation of ${objectId('Secret', secret.metadata.name, namespace)}`,
      );
    }
  }
  for (const subject of rbac.subjectsNamed()) {
    if (subject.kind === 'ServiceAccount') {
      addServiceAccount(
        subject.namespace ?? 'default',
        subject.name,
        'binding subject',
      );
    } else if (subject.kind === 'User')
      addUser(subject.name, 'binding subject');
  }
  for (const member of Object.keys(policy.memberships)) {
    if (member.startsWith('User:'))
      addUser(member.slice('User:'.length), 'policy memberships');
  }
  const byId = <T extends { readonly id: string }>(
    map: ReadonlyMap<string, T>,
  ): T[] =>
    [...map.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { serviceAccounts: byId(serviceAccounts), users: byId(users) };
}
