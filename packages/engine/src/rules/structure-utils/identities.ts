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
import type { RuleContext } from '../../rule-context.ts';
import type { IdentitySubject } from '../define-rule.ts';

/** The subjects of `matchIdentity`: every ServiceAccount, then every User. */
export function identitySubjects(
  ctx: Pick<RuleContext, 'accounts' | 'identities'>,
): IdentitySubject[] {
  return [
    ...ctx.accounts.all.map((sa): IdentitySubject => ({
      id: sa.id,
      kind: 'ServiceAccount',
      name: sa.name,
      namespace: sa.namespace,
    })),
    ...ctx.identities.users.map((name): IdentitySubject => ({
      id: objectId('User', name),
      kind: 'User',
      name,
    })),
  ];
}
