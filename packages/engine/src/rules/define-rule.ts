/**
 * The shape of an attack-edge rule (architecture.md section 4): a plain
 * object made by an identity function that exists only for type inference,
 * like typescript-eslint's `createRule`. A rule yields edge records; it never
 * touches the graph (build-graph.ts is the only place that adds edges).
 *
 * Two shapes: `match` reads the whole snapshot once (escapes, exposure,
 * identity structure); `matchHolder` answers for one permission holder (a
 * RoleInScope or PermissionSet node, holder.ts), for the RBAC techniques of
 * catalog 3.5. Holders appear as the graph grows (ROLE_BIND targets, users
 * reached by impersonation), so holder rules run until no new holder appears.
 */

import type { Confidence, NodeAttributes, RuleEdgeKind } from '@chokepoint/model';
import type { Holder } from '../holder.ts';
import type { RuleContext } from '../rule-context.ts';

/** The objects, fields and facts that make an edge true (catalog 3.0). */
export type Evidence = Readonly<Record<string, unknown>>;

/** A node a rule's edge may create when it is not there yet (synthetic targets). */
export interface NodeSpec extends NodeAttributes {
  readonly id: string;
}

export interface EdgeRecord {
  readonly from: string;
  readonly to: string;
  readonly confidence: Confidence;
  readonly evidence: Evidence;
  readonly toNode?: NodeSpec;
}

export interface SnapshotRule<K extends RuleEdgeKind> {
  readonly kind: K;
  readonly match: (ctx: RuleContext) => Iterable<EdgeRecord>;
}

export interface HolderRule<K extends RuleEdgeKind> {
  readonly kind: K;
  readonly matchHolder: (ctx: RuleContext, holder: Holder) => Iterable<EdgeRecord>;
}

export type Rule<K extends RuleEdgeKind = RuleEdgeKind> = SnapshotRule<K> | HolderRule<K>;

export function defineRule<K extends RuleEdgeKind>(rule: SnapshotRule<K>): SnapshotRule<K>;
export function defineRule<K extends RuleEdgeKind>(rule: HolderRule<K>): HolderRule<K>;
export function defineRule<K extends RuleEdgeKind>(rule: Rule<K>): Rule<K> {
  return rule;
}

export function isHolderRule<K extends RuleEdgeKind>(rule: Rule<K>): rule is HolderRule<K> {
  return 'matchHolder' in rule;
}
