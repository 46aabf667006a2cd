/**
 * What a rule sees (architecture.md section 4): the indexed snapshot, the
 * policy, the RBAC model, and one way to name a *set* of targets. A
 * cluster-wide grant reaches "every running pod of namespace X" through one
 * Scope node instead of one edge per pod (catalog 1.2 auxiliary nodes), which
 * keeps the edge count near-linear in the objects (engine issue, point 3).
 */

import type { Confidence } from '@chokepoint/model';
import type { Policy } from './policy.ts';
import type { RbacModel } from './rbac/index.ts';
import type { SnapshotIndex } from './snapshot-index.ts';
import type { IdentityTable } from './entities/identities.ts';
import type { ServiceAccountTable } from './entities/service-accounts.ts';

/** The RBAC model as rules see it (its public questions). */
export type RbacView = Pick<
  RbacModel,
  | 'assumedDefaults'
  | 'assumedCount'
  | 'grantsFor'
  | 'grantOf'
  | 'effectiveRules'
  | 'roles'
  | 'bindings'
  | 'subjectsNamed'
>;

export interface RuleContext {
  readonly index: SnapshotIndex;
  readonly policy: Policy;
  readonly rbac: RbacView;
  /** Every ServiceAccount node and whether it exists (entities/service-accounts.ts). */
  readonly accounts: ServiceAccountTable;
  /** Every User and Group name the graph has a node for (entities/identities.ts). */
  readonly identities: IdentityTable;
  /**
   * The node standing for a set of targets, created once per key: the
   * member itself when there is exactly one, undefined when there is none.
   * Members are node ids (other scopes included), or `{ id, confidence }`
   * for a member that belongs to the set only at that confidence.
   *
   * @param key stable name, e.g. `pods:running@Namespace:web`
   * @param label what a person reads, e.g. `running pods in namespace web`
   */
  scope(
    key: string,
    label: string,
    members: () => Iterable<ScopeMember>,
  ): string | undefined;
}

export type ScopeMember =
  string | { readonly id: string; readonly confidence: Confidence };

export function scopeId(key: string): string {
  return `Scope:${key}`;
}
