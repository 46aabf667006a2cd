/**
 * The shape of an attack-edge rule (architecture.md section 4): a plain
 * object made by an identity function that exists only for type inference,
 * like typescript-eslint's `createRule`. A rule yields edge records; it never
 * touches the graph (build-graph.ts is the only place that adds edges).
 *
 * A rule answers for one subject at a time, so that a fix re-derives only
 * the subjects whose facts it changes (provenance/derive.ts):
 * - `matchWorkload`: one workload (a pod, or the stand-in of a controller's
 *   pods, catalog 1.3): the container and pod techniques;
 * - `matchObject`: one object of `objectKinds` (a Service...);
 * - `matchIdentity`: one ServiceAccount or User of the snapshot's tables;
 * - `matchHolder`: one permission holder (a RoleInScope or PermissionSet
 *   node, holder.ts), for the RBAC techniques of catalog 3.5. Holders appear
 *   as the graph grows (ROLE_BIND targets, users reached by impersonation),
 *   so holder rules run until no new holder appears;
 * - `matchNode`: a node another rule created (an impersonated user);
 * - `match`: the whole snapshot at once, for what is read as a whole (the
 *   API server's exposure, the Services an Ingress controller publishes).
 * Functions are called again with another context when a fix is measured:
 * they keep nothing between calls but what the context caches.
 */

import type {
  Confidence,
  KubeObject,
  NodeAttributes,
  RuleEdgeKind,
  Way,
  WayOf,
} from '@chokepoint/model';
import type { Holder } from '../holder.ts';
import type { RuleContext } from '../rule-context.ts';
import type { WorkloadInfo } from '../snapshot-index.ts';
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

/** A ServiceAccount or User node of the snapshot's identity tables. */
export interface IdentitySubject {
  readonly id: string;
  readonly kind: 'ServiceAccount' | 'User';
  readonly name: string;
  /** The ServiceAccount's namespace. */
  readonly namespace?: string;
}

type Matcher<K extends RuleEdgeKind, S> = (
  ctx: RuleContext,
  subject: S,
) => Iterable<RecordOf<K>>;

export interface Rule<K extends RuleEdgeKind = RuleEdgeKind> {
  readonly kind: K;
  /**
   * The object kinds the rule reads, directly or through the snapshot
   * index (a workload reads its Pod or controller, a holder its roles and
   * bindings). A fix that changes none of them cannot change the rule's
   * edges; a test checks the declaration against what the rule looks up.
   */
  readonly reads: readonly ReadKind[];
  readonly match?: (ctx: RuleContext) => Iterable<RecordOf<K>>;
  readonly matchWorkload?: Matcher<K, WorkloadInfo>;
  /** The kinds `matchObject` answers for. */
  readonly objectKinds?: readonly ReadKind[];
  readonly matchObject?: Matcher<K, KubeObject>;
  readonly matchIdentity?: Matcher<K, IdentitySubject>;
  readonly matchHolder?: Matcher<K, Holder>;
  readonly matchNode?: NodeMatcher<K>;
}

export function defineRule<K extends RuleEdgeKind>(rule: Rule<K>): Rule<K> {
  return rule;
}
