/**
 * The shape of an attack-edge rule (architecture.md section 4): a plain
 * object made by an identity function that exists only for type inference,
 * like typescript-eslint's `createRule`. A rule yields edge records; it never
 * touches the graph (build-graph.ts is the only place that adds edges).
 *
 * Two functions, at least one per rule: `match` reads the whole snapshot
 * once (escapes, exposure, identity structure); `matchHolder` answers for
 * one permission holder (a
 * RoleInScope or PermissionSet node, holder.ts), for the RBAC techniques of
 * catalog 3.5. Holders appear as the graph grows (ROLE_BIND targets, users
 * reached by impersonation), so holder rules run until no new holder appears.
 */

import type {
  Confidence,
  NodeAttributes,
  RuleEdgeKind,
} from '@chokepoint/model';
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

/** Edges leaving a node that a rule created after the snapshot rules ran (toNode). */
export type NodeMatcher = (
  ctx: RuleContext,
  node: NodeSpec,
) => Iterable<EdgeRecord>;

export interface SnapshotRule<K extends RuleEdgeKind> {
  readonly kind: K;
  readonly match: (ctx: RuleContext) => Iterable<EdgeRecord>;
  readonly matchHolder?: (
    ctx: RuleContext,
    holder: Holder,
  ) => Iterable<EdgeRecord>;
  readonly matchNode?: NodeMatcher;
}

export interface HolderRule<K extends RuleEdgeKind> {
  readonly kind: K;
  readonly match?: (ctx: RuleContext) => Iterable<EdgeRecord>;
  readonly matchHolder: (
    ctx: RuleContext,
    holder: Holder,
  ) => Iterable<EdgeRecord>;
  readonly matchNode?: NodeMatcher;
}

/** A kind with variants of both shapes (CLOUD_IDENTITY_ASSUME) gives both functions. */
export type Rule<K extends RuleEdgeKind = RuleEdgeKind> =
  SnapshotRule<K> | HolderRule<K>;

export function defineRule<K extends RuleEdgeKind>(
  rule: SnapshotRule<K>,
): SnapshotRule<K>;
export function defineRule<K extends RuleEdgeKind>(
  rule: HolderRule<K>,
): HolderRule<K>;
export function defineRule<K extends RuleEdgeKind>(rule: Rule<K>): Rule<K> {
  return rule;
}
