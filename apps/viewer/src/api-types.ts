/**
 * The JSON API of `chokepoint serve` (apps/cli/src/commands/serve.ts), as the
 * viewer reads it. The server never sends the whole graph: explore answers
 * are focused subgraphs, capped per sibling group, with counts of the rest.
 */

import type { AnalysisResult } from '@chokepoint/engine';
import type { GraphJsonEdge, GraphJsonNode } from '@chokepoint/model';

export interface AnalysisResponse {
  readonly cluster: string;
  readonly inputs: readonly string[];
  readonly sessionFile: string;
  /** `quick`: exposure and paths; choke points are still being measured. */
  readonly phase: 'quick' | 'full' | 'error';
  readonly error?: string;
  readonly result: AnalysisResult;
  /** Milliseconds the analysis shown took on the server. */
  readonly ms: number;
}

export interface WhatIfResponse {
  readonly fixes: readonly string[];
  readonly result: AnalysisResult;
  readonly ms: number;
}

export interface NodeSummary {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface SearchResponse {
  readonly total: number;
  readonly nodes: readonly NodeSummary[];
}

export interface FacetsResponse {
  readonly namespaces: readonly (readonly [string, number])[];
  readonly kinds: readonly (readonly [string, number])[];
}

export interface NodeResponse {
  readonly node: GraphJsonNode;
  /** The Kubernetes object as read (already redacted: no secret values). */
  readonly object: Readonly<Record<string, unknown>> | null;
  readonly inDegree: number;
  readonly outDegree: number;
}

/** Siblings the server left out of a subgraph, counted per group. */
export interface OmittedGroup {
  /** The node they hang off (the centre, or their parent in a reach tree). */
  readonly anchor: string;
  readonly direction: 'in' | 'out';
  readonly kind: string;
  readonly namespace?: string;
  readonly count: number;
}

export interface SubgraphNode extends GraphJsonNode {
  /** Hops from the centre (blast radius). */
  readonly depth?: number;
}

export interface Subgraph {
  readonly center: string;
  readonly nodes: readonly SubgraphNode[];
  readonly edges: readonly GraphJsonEdge[];
  readonly omitted: readonly OmittedGroup[];
  /** Nodes in the whole answer (sent or not): neighbours, or nodes reached. */
  readonly total: number;
  /** Blast radius: nodes reached per kind. */
  readonly reachedByKind?: Readonly<Record<string, number>>;
}

export interface Decision {
  readonly type: 'accept-path' | 'plan-fix';
  /** `path:FROM->TO` or the fix id. */
  readonly key: string;
  readonly label: string;
  readonly comment: string;
  readonly at: string;
}

export interface Session {
  readonly format: 'chokepoint.session';
  readonly schemaVersion: 1;
  readonly cluster: string;
  readonly inputs: readonly string[];
  readonly savedAt: string;
  readonly decisions: readonly Decision[];
  /** Fix ids toggled on in what-if. */
  readonly whatIf: readonly string[];
}
