/**
 * The analysis result (cli-contract `analyze`, v1.1), declared once: the
 * engine produces it, the CLI prints and serialises it, the viewer's server
 * sends it and the viewer and the exporter read it.
 */

import type { Confidence } from './edge-kinds.ts';
import type { AnyEdgeKind, Evidence } from './evidence.ts';
import type { KubeObject } from './snapshot.ts';

export interface PathStep {
  readonly from: string;
  readonly to: string;
  readonly kind: AnyEdgeKind;
  readonly confidence: Confidence;
  readonly evidence: Evidence;
  /**
   * The other techniques between the same two nodes, clearest first: `kind`
   * is the most confident and clearest of them (issue #17, point 8).
   */
  readonly otherKinds?: readonly AnyEdgeKind[];
}

/** cli-contract `path`: contiguous steps from an entry point to a target. */
export interface AttackPath {
  readonly from: string;
  readonly to: string;
  readonly length: number;
  /** The lowest confidence of its steps (catalog 3.0). */
  readonly confidence: Confidence;
  readonly steps: readonly PathStep[];
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** A checklist finding (catalog 6). */
export interface FindingRecord {
  /** The check that found it, e.g. `F-POD-PRIVILEGED`. */
  readonly check: string;
  /** Stable: `${check}:${primary object id}`. */
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  /** One sentence naming the object and what is wrong. */
  readonly message: string;
  /**
   * Catalog ids (section 1) of the objects concerned: Container, Pod, the
   * controller, RoleBinding, Role, Namespace, Service, Node, Secret... The
   * first is the primary object.
   */
  readonly objects: readonly string[];
  /** JSON paths in the primary's editable object (the Pod, the controller, the role...). */
  readonly fields?: readonly string[];
  readonly remediation: string;
  /** The seed checklist items it implements (docs/checklist.md). */
  readonly checklist?: readonly string[];
}

export interface Acceptance {
  readonly until: string;
  readonly reason: string;
}

export type AnalysisPath = AttackPath & {
  /** An accepted risk of the policy file covers this path. */
  readonly accepted?: Acceptance;
};

export type AnalysisFinding = FindingRecord & {
  /** One of its objects lies on an exposed entry point's shortest path. */
  readonly onAttackPath: boolean;
  readonly accepted?: Acceptance;
};

/**
 * A concrete change to a real object of the input (cli-contract
 * `chokepoints[].fix`). Applying it: delete `target`, or apply the JSON
 * merge patch `patch` to it and delete the pods in `replaces`.
 */
export interface FixRecord {
  /** Stable id, e.g. `delete:RoleBinding:ci/web-team-edit`. */
  readonly id: string;
  readonly action: 'delete' | 'patch';
  /** Catalog id of the object changed. */
  readonly target: string;
  /** JSON merge patch (RFC 7386), when action is patch. */
  readonly patch?: Readonly<Record<string, unknown>>;
  /** Pods a template patch rolls out: deleted with the fix, as the controller would. */
  readonly replaces?: readonly string[];
  /** What a person is told to do. */
  readonly description: string;
  /** What the fix costs (cli-contract v1.1); judged on the unfixed input. */
  readonly impact?: FixImpact;
  /**
   * Further changes of a multi-object fix, made with it and before it (the
   * RoleBindings that replace a ClusterRoleBinding); measured together.
   */
  readonly also?: readonly FixPart[];
}

/** One more object a fix changes: created whole, merge-patched or deleted. */
export interface FixPart {
  readonly action: 'create' | 'patch' | 'delete';
  /** Catalog id of the object. */
  readonly target: string;
  /** The whole object, when action is create. */
  readonly object?: KubeObject;
  /** JSON merge patch (RFC 7386), when action is patch. */
  readonly patch?: Readonly<Record<string, unknown>>;
}

/**
 * `breaks`: a component stops doing its job; `degrades`: part of it, or
 * someone's access, goes away; `none`: nothing uses what the fix removes.
 */
export interface FixImpact {
  readonly level: 'none' | 'degrades' | 'breaks';
  /** What stops working: a known component's id, or a workload or subject id. */
  readonly component?: string;
  readonly reason: string;
}

export interface Chokepoint {
  readonly rank: number;
  readonly fix: FixRecord;
  /** Exposed entry points with no path left once this fix alone is applied. */
  readonly entriesCut: number;
  /** `summary.exposedEntryPoints` once this fix alone is applied. */
  readonly exposedAfter: number;
  /** Share of the current shortest paths that cross an edge this fix changes. */
  readonly pathShare: number;
  readonly explanation: string;
  /** For a fix that breaks a component: the best measured one that breaks nothing and cuts some of the same entry points. */
  readonly alternative?: {
    readonly fix: FixRecord;
    readonly entriesCut: number;
    readonly exposedAfter: number;
  };
}

export interface PlanStep {
  readonly fix: FixRecord;
  /** Exposed entry points once this and every earlier step are applied. */
  readonly exposedAfter: number;
}

export interface ConvergencePoint {
  readonly node: string;
  /** Exposed entry points (other than the node itself) every attack path of which crosses the node. */
  readonly entries: number;
}

export type EntryClass =
  'internet' | 'unauthenticated' | 'authenticated' | 'container' | 'other';

export interface AnalysisResult {
  readonly schemaVersion: 1;
  readonly cluster: string;
  readonly serverVersion?: string;
  readonly entryPoints: readonly string[];
  readonly criticalAssets: readonly string[];
  readonly summary: {
    readonly entryPoints: number;
    readonly criticalAssets: number;
    readonly exposedEntryPoints: number;
    /** Exposed entry points whose path is an accepted risk (still counted above). */
    readonly acceptedEntryPoints: number;
    readonly exposedByClass: Readonly<Record<EntryClass, number>>;
    /** Critical assets some exposed entry point reaches, whether or not a shortest path ends there. */
    readonly criticalAssetsReached: number;
    readonly nodes: number;
    readonly edges: number;
  };
  /** For each exposed entry point, its shortest path to the nearest critical asset. */
  readonly paths: readonly AnalysisPath[];
  readonly chokepoints: readonly Chokepoint[];
  readonly plan: {
    readonly steps: readonly PlanStep[];
    readonly exposedAfter: number;
    /** "exact": no smaller set of the candidates measured does as well; "greedy": not proven. */
    readonly method: 'greedy' | 'exact';
  };
  /** Nodes every attack path of several exposed entry points must cross, most first. */
  readonly convergence: readonly ConvergencePoint[];
  /** Fixes applied before the analysis (`--apply-fix`). */
  readonly applied: readonly FixRecord[];
  /** Checklist findings (catalog 6), those on an attack path first. */
  readonly findings: readonly AnalysisFinding[];
  /** What was assumed for objects the input lacks (nodes, built-in roles, runtime Secrets). */
  readonly assumptions: readonly string[];
  readonly notes: readonly string[];
}
