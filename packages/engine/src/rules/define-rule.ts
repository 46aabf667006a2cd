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
  Way,
  WayOf,
} from '@chokepoint/model';
import type { Holder } from '../holder.ts';
import type { RuleContext } from '../rule-context.ts';
import type { ReadKind } from './reads.ts';

/** The objects, fields and facts that make one way of an edge true (catalog 3.0). */
export type Evidence = Way;

/** A node a rule's edge may create when it is not there yet (synthetic targets). */
export interface NodeSpec extends NodeAttributes {
  readonly id: string;
}

/** One edge a rule found, with its evidence typed by the rule's kind. */
export interface EdgeRecord<E extends Way = Way> {
  readonly from: string;
  readonly to: string;
  readonly confidence: Confidence;
  readonly evidence: E;
  readonly toNode?: NodeSpec;
}

/** An edge record of kind K. */
export type RecordOf<K extends RuleEdgeKind> = EdgeRecord<WayOf<K>>;

/** Edges leaving a node that a rule created after the snapshot rules ran (toNode). */
export type NodeMatcher<K extends RuleEdgeKind = RuleEdgeKind> = (
  ctx: RuleContext,
  node: NodeSpec,
) => Iterable<RecordOf<K>>;

interface RuleBase<K extends RuleEdgeKind> {
  readonly kind: K;
  /**
   * The object kinds the rule reads, directly or through the snapshot
   * index (a workload reads its Pod or controller, a holder its roles and
   * bindings). A fix that changes none of them cannot change the rule's
   * edges; a test checks the declaration against what the rule looks up.
   */
  readonly reads: readonly ReadKind[];
  readonly matchNode?: NodeMatcher<K>;
}

export interface SnapshotRule<K extends RuleEdgeKind> extends RuleBase<K> {
  readonly match: (ctx: RuleContext) => Iterable<RecordOf<K>>;
  readonly matchHolder?: (
    ctx: RuleContext,
    holder: Holder,
  ) => Iterable<RecordOf<K>>;
}

export interface HolderRule<K extends RuleEdgeKind> extends RuleBase<K> {
  readonly match?: (ctx: RuleContext) => Iterable<RecordOf<K>>;
  readonly matchHolder: (
    ctx: RuleContext,
    holder: Holder,
  ) => Iterable<RecordOf<K>>;
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
