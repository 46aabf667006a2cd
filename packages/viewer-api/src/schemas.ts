/**
 * The shapes the viewer and `chokepoint serve` exchange, declared once as
 * valibot schemas; the TypeScript types are inferred from them. The server
 * parses every request with them (hostile input gets a 400, never a crash)
 * and the viewer parses every answer.
 *
 * Shapes another contract already declares (the `analyze` result and the
 * `path` JSON of cli-contract.md, declared by the engine) are referenced, not
 * copied: a light check here, their type from their owner.
 */

import * as v from 'valibot';
import type { AnalysisResult, AttackPath } from '@chokepoint/engine';
import { CONFIDENCE_ORDER } from '@chokepoint/model';

/** A catalog id (`Kind:namespace/name`); long enough for any real one. */
export const NodeId = v.pipe(v.string(), v.minLength(1), v.maxLength(2048));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const Confidence = v.picklist(CONFIDENCE_ORDER);

/** A node of the cli-contract `graph` JSON. */
export const GraphNode = v.object({
  id: v.string(),
  kind: v.string(),
  name: v.string(),
  namespace: v.exactOptional(v.string()),
  props: v.exactOptional(v.record(v.string(), v.unknown())),
});
export type GraphNode = v.InferOutput<typeof GraphNode>;

/** An edge of the cli-contract `graph` JSON. */
export const GraphEdge = v.object({
  from: v.string(),
  to: v.string(),
  kind: v.string(),
  traversable: v.boolean(),
  confidence: Confidence,
  evidence: v.record(v.string(), v.unknown()),
});
export type GraphEdge = v.InferOutput<typeof GraphEdge>;

export const NodeSummary = v.object({
  id: v.string(),
  kind: v.string(),
  name: v.string(),
  namespace: v.exactOptional(v.string()),
});
export type NodeSummary = v.InferOutput<typeof NodeSummary>;

/**
 * The `analyze` result as the viewer gets it: findings capped (on attack
 * paths first), with their total when capped.
 */
export type ViewerResult = AnalysisResult & { readonly findingsTotal?: number };

export const AnalysisResultRef = v.custom<ViewerResult>(
  value =>
    isRecord(value) &&
    value.schemaVersion === 1 &&
    isRecord(value.summary) &&
    Array.isArray(value.paths) &&
    Array.isArray(value.chokepoints),
  'not an analysis result (schemaVersion 1)',
);

export const AttackPathRef = v.custom<AttackPath>(
  value =>
    isRecord(value) &&
    typeof value.from === 'string' &&
    typeof value.to === 'string' &&
    Array.isArray(value.steps),
  'not an attack path',
);

export const ErrorBody = v.object({ error: v.string() });
export type ErrorBody = v.InferOutput<typeof ErrorBody>;

// ---------------------------------------------------------------------------
// Requests.

/** No parameters. */
export const NoQuery = v.object({});

/** `?id=`: a node of the graph. */
export const NodeQuery = v.object({ id: NodeId });

const Limit = v.pipe(
  v.string(),
  v.regex(/^\d{1,4}$/, 'limit must be a number'),
  v.toNumber(),
  v.minValue(1),
  v.maxValue(200),
);

export const SearchQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(500)), ''),
  namespace: v.exactOptional(v.pipe(v.string(), v.maxLength(253))),
  kind: v.exactOptional(v.pipe(v.string(), v.maxLength(100))),
  limit: v.optional(Limit, '50'),
});
export type SearchQuery = v.InferOutput<typeof SearchQuery>;

export const PathQuery = v.object({ from: NodeId, to: NodeId });

/** What-if: the fix ids (of the measured choke points) to apply together. */
export const WhatIfRequest = v.object({
  fixes: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(4096))),
    v.maxLength(500),
  ),
});
export type WhatIfRequest = v.InferOutput<typeof WhatIfRequest>;

// ---------------------------------------------------------------------------
// Answers.

export const AnalysisResponse = v.object({
  cluster: v.string(),
  inputs: v.array(v.string()),
  sessionFile: v.string(),
  /** `quick`: exposure and paths; choke points are still being measured. */
  phase: v.picklist(['quick', 'full', 'error']),
  error: v.exactOptional(v.string()),
  result: AnalysisResultRef,
  /** Milliseconds the analysis shown took on the server. */
  ms: v.number(),
});
export type AnalysisResponse = v.InferOutput<typeof AnalysisResponse>;

export const WhatIfResponse = v.object({
  fixes: v.array(v.string()),
  result: AnalysisResultRef,
  ms: v.number(),
});
export type WhatIfResponse = v.InferOutput<typeof WhatIfResponse>;

export const SearchResponse = v.object({
  total: v.number(),
  nodes: v.array(NodeSummary),
});
export type SearchResponse = v.InferOutput<typeof SearchResponse>;

const Count = v.tuple([v.string(), v.number()]);
export const FacetsResponse = v.object({
  namespaces: v.array(Count),
  kinds: v.array(Count),
});
export type FacetsResponse = v.InferOutput<typeof FacetsResponse>;

export const NodeResponse = v.object({
  node: GraphNode,
  /** The Kubernetes object as read (already redacted: no secret values). */
  object: v.nullable(v.record(v.string(), v.unknown())),
  inDegree: v.number(),
  outDegree: v.number(),
});
export type NodeResponse = v.InferOutput<typeof NodeResponse>;

/** Siblings the server left out of a subgraph, counted per group. */
export const OmittedGroup = v.object({
  /** The node they hang off (the centre, or their parent in a reach tree). */
  anchor: v.string(),
  direction: v.picklist(['in', 'out']),
  kind: v.string(),
  namespace: v.exactOptional(v.string()),
  count: v.number(),
});
export type OmittedGroup = v.InferOutput<typeof OmittedGroup>;

export const SubgraphNode = v.object({
  ...GraphNode.entries,
  /** Hops from the centre. */
  depth: v.exactOptional(v.number()),
});
export type SubgraphNode = v.InferOutput<typeof SubgraphNode>;

export const Subgraph = v.object({
  center: v.string(),
  nodes: v.array(SubgraphNode),
  edges: v.array(GraphEdge),
  omitted: v.array(OmittedGroup),
  /** Nodes in the whole answer (sent or not): neighbours, or nodes reached. */
  total: v.number(),
  /** Blast radius: nodes reached per kind. */
  reachedByKind: v.exactOptional(v.record(v.string(), v.number())),
});
export type Subgraph = v.InferOutput<typeof Subgraph>;

export const PathResponse = v.nullable(AttackPathRef);

// ---------------------------------------------------------------------------
// The session file (decisions, what-if toggles), saved next to the input.

const ShortText = v.pipe(v.string(), v.maxLength(10_000));

export const Decision = v.object({
  type: v.picklist(['accept-path', 'plan-fix']),
  /** `path:FROM->TO` or the fix id. */
  key: v.pipe(v.string(), v.maxLength(4096)),
  label: ShortText,
  comment: ShortText,
  at: v.pipe(v.string(), v.maxLength(64)),
});
export type Decision = v.InferOutput<typeof Decision>;

export const Session = v.object({
  format: v.literal('chokepoint.session'),
  schemaVersion: v.literal(1),
  cluster: v.pipe(v.string(), v.maxLength(1000)),
  inputs: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(4096))),
    v.maxLength(1000),
  ),
  savedAt: v.pipe(v.string(), v.maxLength(64)),
  decisions: v.pipe(v.array(Decision), v.maxLength(10_000)),
  /** Fix ids toggled on in what-if. */
  whatIf: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(4096))),
    v.maxLength(500),
  ),
});
export type Session = v.InferOutput<typeof Session>;

export const SessionSaved = v.object({ saved: v.string() });

/** Validation issues on one line: `fixes.0: Invalid type: Expected string…`. */
export function describeIssues(
  issues: readonly v.BaseIssue<unknown>[],
): string {
  return issues
    .slice(0, 5)
    .map(issue => `${v.getDotPath(issue) ?? 'value'}: ${issue.message}`)
    .join('; ');
}
