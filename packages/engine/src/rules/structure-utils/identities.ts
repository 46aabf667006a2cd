/**
 * The identity nodes a snapshot yields (catalog 1: User, ServiceAccount),
 * exactly as the entity builder creates them, so that MEMBER_OF (catalog
 * 3.6) leaves from nodes that exist: the shared ServiceAccount table
 * (`ctx.accounts`) and the shared identity table (`ctx.identities`: the
 * users named by binding subjects, the policy's `memberships`,
 * `kube-system/aws-auth`, plus `system:node:<n>` for every node).
 * ImpersonatedUser nodes appear later (holder rules); MEMBER_OF's
 * `matchNode` handles them.
 *
 * Reference: catalog section 1 and 3.6.
 */

import { objectId } from '@chokepoint/model';
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
  ctx: Pick<RuleContext, 'accounts' | 'identities'>,
): Identities {
  return {
    serviceAccounts: ctx.accounts.all,
    users: ctx.identities.users.map(name => ({
      id: objectId('User', name),
      name,
    })),
  };
}
