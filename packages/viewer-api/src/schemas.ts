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
import type {
  AnalysisFinding,
  AnalysisResult,
  AttackPath,
  Severity,
} from '@chokepoint/engine';
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
  label: v.exactOptional(v.string()),
  tags: v.exactOptional(v.array(v.string())),
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

export const FindingRef = v.custom<AnalysisFinding>(
  value =>
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.check === 'string' &&
    Array.isArray(value.objects),
  'not a finding',
);

/** An RBAC rule (rbac/v1 PolicyRule) as the engine resolved it. */
export const PolicyRuleRef = v.custom<{
  readonly verbs: readonly string[];
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}>(value => isRecord(value) && Array.isArray(value.verbs), 'not a rule');

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const SeveritySchema = v.picklist(SEVERITIES);
// The engine's severities and these must stay the same list.
type SameSeverities = [Severity] extends [(typeof SEVERITIES)[number]]
  ? [(typeof SEVERITIES)[number]] extends [Severity]
    ? true
    : never
  : never;
const _sameSeverities: SameSeverities = true;

/**
 * What the viewer draws for a node an answer mentions by id: a readable
 * label (a PermissionSet by its roles, a container by its pod), how many
 * checklist findings name it and the worst severity, and its property tags.
 */
export const NodeBrief = v.object({
  label: v.string(),
  findings: v.exactOptional(v.number()),
  severity: v.exactOptional(SeveritySchema),
  tags: v.exactOptional(v.array(v.string())),
});
export type NodeBrief = v.InferOutput<typeof NodeBrief>;

export const Briefs = v.record(v.string(), NodeBrief);
export type Briefs = v.InferOutput<typeof Briefs>;

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

const SmallCount = (max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{1,3}$/, 'must be a number'),
    v.toNumber(),
    v.minValue(1),
    v.maxValue(max),
  );

export const PathsQuery = v.object({
  from: NodeId,
  to: NodeId,
  /** `shortest`: fewest steps; `likely`: most likely by edge confidence. */
  mode: v.optional(v.picklist(['shortest', 'likely']), 'shortest'),
  /** How many distinct paths (each preferring steps the others did not take). */
  alternatives: v.optional(SmallCount(5), '1'),
});
export type PathsQuery = v.InferOutput<typeof PathsQuery>;

/** A technique's doc page, by edge kind. */
export const TechniqueQuery = v.object({
  kind: v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'an edge kind')),
});

export const QueryQuery = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'a query id')),
});

export const FindingsQuery = v.object({
  severity: v.exactOptional(SeveritySchema),
  check: v.exactOptional(v.pipe(v.string(), v.maxLength(100))),
  q: v.optional(v.pipe(v.string(), v.maxLength(500)), ''),
  /** Only findings on attack paths. */
  onPath: v.exactOptional(v.picklist(['true', 'false'])),
  offset: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,7}$/, 'must be a number'), v.toNumber()),
    '0',
  ),
  limit: v.optional(SmallCount(500), '100'),
});
export type FindingsQuery = v.InferOutput<typeof FindingsQuery>;

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
  /** The nodes the result names: paths, entry points, assets, fix targets. */
  briefs: Briefs,
  /** Milliseconds the analysis shown took on the server. */
  ms: v.number(),
});
export type AnalysisResponse = v.InferOutput<typeof AnalysisResponse>;

export const WhatIfResponse = v.object({
  fixes: v.array(v.string()),
  result: AnalysisResultRef,
  briefs: Briefs,
  ms: v.number(),
});
export type WhatIfResponse = v.InferOutput<typeof WhatIfResponse>;

const Tally = v.pipe(v.number(), v.integer(), v.minValue(0));

/**
 * A what-if's figures, measured incrementally by the engine from the full
 * analysis (no rebuild): how the entry points differ from the analysis's
 * (the list itself is as long as the cluster's containers, and a fix rarely
 * changes it) and those still exposed, by class. The paths come from
 * `POST /api/what-if`.
 */
export const WhatIfExposureResponse = v.object({
  fixes: v.array(v.string()),
  entryPoints: v.object({
    /** How many there are with the fixes made. */
    total: Tally,
    /** Entry points the fixes bring (not in the analysis). */
    added: v.array(v.string()),
    /** Entry points of the analysis the fixes remove (replaced pods' containers). */
    removed: v.array(v.string()),
  }),
  exposed: v.array(v.string()),
  exposedByClass: v.object({
    internet: Tally,
    unauthenticated: Tally,
    authenticated: Tally,
    other: Tally,
    container: Tally,
  }),
  /** Names of the entry points, for the ones the fixes add or remove. */
  briefs: Briefs,
  ms: v.number(),
});
export type WhatIfExposureResponse = v.InferOutput<
  typeof WhatIfExposureResponse
>;

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
  briefs: Briefs,
});
export type Subgraph = v.InferOutput<typeof Subgraph>;

export const PathResponse = v.nullable(AttackPathRef);

export const PathsResponse = v.object({
  paths: v.array(AttackPathRef),
  briefs: Briefs,
});
export type PathsResponse = v.InferOutput<typeof PathsResponse>;

const Distance = v.object({ id: v.string(), distance: v.number() });
const Reach = v.object({
  total: v.number(),
  byKind: v.record(v.string(), v.number()),
});

/** The node panel: what it can do, who can reach it. */
export const ProfileResponse = v.object({
  id: v.string(),
  reaches: v.object({ ...Reach.entries, criticalAssets: v.array(Distance) }),
  reachedBy: v.object({ ...Reach.entries, entryPoints: v.array(Distance) }),
  permissions: v.exactOptional(
    v.object({
      holder: v.string(),
      clusterAdmin: v.boolean(),
      grants: v.array(
        v.object({
          binding: v.string(),
          role: v.string(),
          scope: v.string(),
          builtIn: v.boolean(),
          rules: v.array(PolicyRuleRef),
        }),
      ),
    }),
  ),
  findings: v.array(FindingRef),
  briefs: Briefs,
});
export type ProfileResponse = v.InferOutput<typeof ProfileResponse>;

export const QueryInfo = v.object({
  id: v.string(),
  title: v.string(),
  question: v.string(),
});
export type QueryInfo = v.InferOutput<typeof QueryInfo>;

export const QueriesResponse = v.object({ queries: v.array(QueryInfo) });

export const QueryResponse = v.object({
  ...QueryInfo.entries,
  answer: v.variant('kind', [
    v.object({ kind: v.literal('paths'), paths: v.array(AttackPathRef) }),
    v.object({
      kind: v.literal('nodes'),
      rows: v.array(v.object({ id: v.string(), detail: v.string() })),
    }),
  ]),
  briefs: Briefs,
});
export type QueryResponse = v.InferOutput<typeof QueryResponse>;

export const FindingsResponse = v.object({
  total: v.number(),
  /** Counts over every finding, whatever the filter. */
  bySeverity: v.record(v.string(), v.number()),
  byCheck: v.record(v.string(), v.number()),
  findings: v.array(FindingRef),
  briefs: Briefs,
});
export type FindingsResponse = v.InferOutput<typeof FindingsResponse>;

export const TechniqueResponse = v.object({
  kind: v.string(),
  /** The doc page's Markdown (docs/attacks/KIND.md); the viewer renders it. */
  markdown: v.string(),
});
export type TechniqueResponse = v.InferOutput<typeof TechniqueResponse>;

// ---------------------------------------------------------------------------
// The session file: decisions, notes and what-if sets, saved next to the input.

const ShortText = v.pipe(v.string(), v.maxLength(10_000));
const Key = v.pipe(v.string(), v.maxLength(4096));
const Stamp = v.pipe(v.string(), v.maxLength(64));
const FixIds = v.pipe(v.array(Key), v.maxLength(500));

export const Decision = v.object({
  /**
   * `accept-edge` and `accept-path`: a risk accepted (who, why, until
   * when); `plan-fix`: a fix the team will make.
   */
  type: v.picklist(['accept-edge', 'accept-path', 'plan-fix']),
  /** `edge:FROM|KIND|TO`, `path:FROM->TO` or the fix id. */
  key: Key,
  label: ShortText,
  who: v.pipe(v.string(), v.maxLength(200)),
  why: ShortText,
  /** `YYYY-MM-DD`, or `''` for no end date. */
  until: v.union([v.literal(''), v.pipe(v.string(), v.isoDate())]),
  at: Stamp,
});
export type Decision = v.InferOutput<typeof Decision>;

export const Note = v.object({
  id: v.pipe(v.string(), v.maxLength(64)),
  text: ShortText,
  /** What it is about: a node id, an edge or path key, or `''` for the session. */
  about: Key,
  aboutLabel: ShortText,
  at: Stamp,
});
export type Note = v.InferOutput<typeof Note>;

export const WhatIfSet = v.object({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  fixes: FixIds,
  /** Exposed entry points with the set applied, when it was computed. */
  exposedAfter: v.exactOptional(v.number()),
  at: Stamp,
});
export type WhatIfSet = v.InferOutput<typeof WhatIfSet>;

const SessionHead = {
  format: v.literal('chokepoint.session'),
  cluster: v.pipe(v.string(), v.maxLength(1000)),
  inputs: v.pipe(v.array(Key), v.maxLength(1000)),
  savedAt: Stamp,
};

export const Session = v.object({
  ...SessionHead,
  schemaVersion: v.literal(2),
  decisions: v.pipe(v.array(Decision), v.maxLength(10_000)),
  notes: v.pipe(v.array(Note), v.maxLength(10_000)),
  whatIfSets: v.pipe(v.array(WhatIfSet), v.maxLength(500)),
  /** Fix ids toggled on in what-if. */
  whatIf: FixIds,
});
export type Session = v.InferOutput<typeof Session>;

/** A version 1 file (decisions with one comment, no notes), read as version 2. */
export const SessionV1 = v.pipe(
  v.object({
    ...SessionHead,
    schemaVersion: v.literal(1),
    decisions: v.pipe(
      v.array(
        v.object({
          type: v.picklist(['accept-path', 'plan-fix']),
          key: Key,
          label: ShortText,
          comment: ShortText,
          at: Stamp,
        }),
      ),
      v.maxLength(10_000),
    ),
    whatIf: FixIds,
  }),
  v.transform((old): Session => ({
    format: old.format,
    schemaVersion: 2,
    cluster: old.cluster,
    inputs: old.inputs,
    savedAt: old.savedAt,
    decisions: old.decisions.map(d => ({
      type: d.type,
      key: d.key,
      label: d.label,
      who: '',
      why: d.comment,
      until: '',
      at: d.at,
    })),
    notes: [],
    whatIfSets: [],
    whatIf: old.whatIf,
  })),
);

/** A session file of any version, as version 2. */
export const SessionFile = v.variant('schemaVersion', [Session, SessionV1]);

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
