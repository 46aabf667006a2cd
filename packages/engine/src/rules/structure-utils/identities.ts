/**
 * The identity nodes a snapshot yields (catalog 1: User, ServiceAccount),
 * exactly as the entity builder creates them, so that MEMBER_OF (catalog
 * 3.6) leaves from nodes that exist: the shared ServiceAccount table, and
 * the users named by binding subjects, the policy's `memberships`,
 * `kube-system/aws-auth`, plus `system:node:<n>` for every node.
 * ImpersonatedUser nodes appear later (holder rules); MEMBER_OF's
 * `matchNode` handles them.
 *
 * Reference: catalog section 1 and 3.6.
 */

import { objectId } from '@chokepoint/model';
import { awsAuthMappings, isTemplated } from '../../entities/aws-auth.ts';
import type { AccountInfo } from '../../entities/service-accounts.ts';
import type { RuleContext } from '../../rule-context.ts';

export interface UserIdentity {
  readonly id: string;
  readonly name: string;
}

export interface Identities {
  readonly serviceAccounts: readonly AccountInfo[];
  readonly users: readonly UserIdentity[];
}

export function identitiesOf(
  ctx: Pick<RuleContext, 'index' | 'rbac' | 'policy' | 'accounts'>,
): Identities {
  const { index, rbac, policy } = ctx;
  const users = new Set<string>();
  for (const node of index.nodes.values())
    users.add(`system:node:${node.name}`);
  for (const subject of rbac.subjectsNamed())
    if (subject.kind === 'User') users.add(subject.name);
  for (const member of Object.keys(policy.memberships)) {
    if (member.startsWith('User:')) users.add(member.slice('User:'.length));
  }
  for (const mapping of awsAuthMappings(
    index.get('ConfigMap', 'kube-system', 'aws-auth'),
  ).mappings) {
    if (mapping.username !== undefined && !isTemplated(mapping.username))
      users.add(mapping.username);
  }
  return {
    serviceAccounts: ctx.accounts.all,
    users: [...users]
      .sort()
      .map(name => ({ id: objectId('User', name), name })),
  };
}
