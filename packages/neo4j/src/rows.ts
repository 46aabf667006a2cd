/**
 * The export model shared by every format: one row per node and per edge of
 * the attack graph, with Neo4j-safe properties (primitives and arrays of one
 * primitive type; maps and mixed arrays become JSON strings), the cluster id
 * and snapshot id on every element, and the analysis results as node and
 * edge properties (algorithms.md section 7, step 4).
 *
 * Kinds are read from the graph, not from a fixed list, so an edge kind added
 * to the model later is exported without a change here; the model tables
 * only add what they know (tactic, MITRE ids) to kinds they describe.
 */

import { createHash } from 'node:crypto';
import { AUXILIARY_EDGE_KINDS, EDGE_KINDS } from '@chokepoint/model';
import type {
  AnalysisPath,
  AnalysisResult,
  AttackGraph,
  Chokepoint,
  FixRecord,
  PathStep,
} from '@chokepoint/model';

export type Scalar = string | number | boolean;
export type PropertyValue =
  Scalar | readonly string[] | readonly number[] | readonly boolean[];
export type Properties = Record<string, PropertyValue>;

/**
 * What an export carries of an analysis. `AnalysisResult` of
 * @chokepoint/engine satisfies it; declared here so this package does not
 * depend on the engine.
 */
/** The parts of the analysis result (declared in the model) the export writes. */
export type ExportAnalysis = Pick<
  AnalysisResult,
  'entryPoints' | 'criticalAssets'
> & {
  readonly paths: readonly (Pick<AnalysisPath, 'from' | 'to' | 'length'> & {
    readonly steps: readonly Pick<PathStep, 'from' | 'to' | 'kind'>[];
  })[];
  readonly chokepoints: readonly (Pick<
    Chokepoint,
    'rank' | 'entriesCut' | 'exposedAfter'
  > & {
    readonly fix: Pick<
      FixRecord,
      'id' | 'action' | 'target' | 'patch' | 'description'
    >;
  })[];
};

export interface RowOptions {
  /** Analysis results to store as properties. */
  readonly analysis?: ExportAnalysis;
  /** The cluster id on every element; default: the graph's `cluster` attribute. */
  readonly cluster?: string;
  /** The snapshot id on every element; default: a hash of the exported content. */
  readonly snapshot?: string;
}

export interface NodeRow {
  readonly id: string;
  readonly kind: string;
  readonly props: Properties;
}

export interface EdgeRow {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly props: Properties;
}

export interface ExportRows {
  readonly cluster: string;
  readonly snapshot: string;
  /** Sorted by kind, then id. */
  readonly nodes: readonly NodeRow[];
  /** Sorted by kind, then from, then to. */
  readonly edges: readonly EdgeRow[];
  /** Choke-point fixes whose target is not a node of the graph (not exported). */
  readonly unplacedFixes: readonly string[];
}

/** Node properties the exporter owns; a graph prop of that name gets a `prop_` prefix. */
export const RESERVED_NODE_KEYS = new Set([
  'id',
  'cluster',
  'snapshot',
  'kind',
  'name',
  'namespace',
  'entryPoint',
  'entryClass',
  'exposed',
  'pathLength',
  'pathTo',
  'critical',
  'exposedEntries',
  'chokepointRank',
  'fixIds',
  'fixRanks',
  'fixActions',
  'fixDescriptions',
  'fixPatches',
  'fixEntriesCut',
  'fixExposedAfter',
]);

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isScalar(value: unknown): value is Scalar {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/**
 * One value as a Neo4j property: scalars and homogeneous scalar arrays as
 * they are, anything else as JSON; `undefined`, `null` and empty arrays are
 * dropped (Neo4j cannot store null, and an empty list has no element type).
 */
export function propertyValue(value: unknown): PropertyValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (isScalar(value)) return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    const first: unknown = value[0];
    if (
      isScalar(first) &&
      value.every((v: unknown) => typeof v === typeof first && isScalar(v))
    ) {
      return value as string[] | number[] | boolean[];
    }
  }
  return JSON.stringify(value);
}

function entryClassOf(id: string): string {
  if (id === 'Internet') return 'internet';
  if (id === 'Group:system:unauthenticated') return 'unauthenticated';
  if (id === 'Group:system:authenticated') return 'authenticated';
  if (id.startsWith('Container:')) return 'container';
  return 'other';
}

interface FixFacts {
  ranks: number[];
  ids: string[];
  actions: string[];
  descriptions: string[];
  patches: string[];
  cut: number[];
  after: number[];
}

function analysisProps(
  graph: AttackGraph,
  analysis: ExportAnalysis | undefined,
) {
  const nodeProps = new Map<string, Properties>();
  const pathCount = new Map<string, number>();
  const unplaced: string[] = [];
  if (analysis === undefined) return { nodeProps, pathCount, unplaced };
  const at = (id: string): Properties | undefined => {
    if (!graph.hasNode(id)) return undefined;
    let props = nodeProps.get(id);
    if (props === undefined) nodeProps.set(id, (props = {}));
    return props;
  };
  const paths = new Map(analysis.paths.map(p => [p.from, p]));
  for (const id of analysis.entryPoints) {
    const props = at(id);
    if (!props) continue;
    props.entryPoint = true;
    props.entryClass = entryClassOf(id);
    const path = paths.get(id);
    props.exposed = path !== undefined;
    if (path) {
      props.pathLength = path.length;
      props.pathTo = path.to;
    }
  }
  const reached = new Map<string, number>();
  for (const path of analysis.paths) {
    reached.set(path.to, (reached.get(path.to) ?? 0) + 1);
    for (const step of path.steps) {
      const key = `${step.from}|${step.kind}|${step.to}`;
      pathCount.set(key, (pathCount.get(key) ?? 0) + 1);
    }
  }
  for (const id of analysis.criticalAssets) {
    const props = at(id);
    if (!props) continue;
    props.critical = true;
    props.exposedEntries = reached.get(id) ?? 0;
  }
  const fixes = new Map<string, FixFacts>();
  for (const c of [...analysis.chokepoints].sort((a, b) => a.rank - b.rank)) {
    if (!graph.hasNode(c.fix.target)) {
      unplaced.push(c.fix.id);
      continue;
    }
    let f = fixes.get(c.fix.target);
    if (f === undefined) {
      f = {
        ranks: [],
        ids: [],
        actions: [],
        descriptions: [],
        patches: [],
        cut: [],
        after: [],
      };
      fixes.set(c.fix.target, f);
    }
    f.ranks.push(c.rank);
    f.ids.push(c.fix.id);
    f.actions.push(c.fix.action);
    f.descriptions.push(c.fix.description);
    f.patches.push(
      c.fix.patch === undefined ? '' : JSON.stringify(c.fix.patch),
    );
    f.cut.push(c.entriesCut);
    f.after.push(c.exposedAfter);
  }
  for (const [target, f] of fixes) {
    const props = at(target);
    if (!props) continue;
    Object.assign(props, {
      chokepointRank: f.ranks[0] ?? 0,
      fixRanks: f.ranks,
      fixIds: f.ids,
      fixActions: f.actions,
      fixDescriptions: f.descriptions,
      fixPatches: f.patches,
      fixEntriesCut: f.cut,
      fixExposedAfter: f.after,
    });
  }
  return { nodeProps, pathCount, unplaced };
}

function kindFacts(kind: string): Properties {
  if (Object.hasOwn(EDGE_KINDS, kind)) {
    const info = EDGE_KINDS[kind as keyof typeof EDGE_KINDS];
    const mitre = info.mitre as readonly string[];
    return { tactic: info.tactic, ...(mitre.length > 0 ? { mitre } : {}) };
  }
  if (Object.hasOwn(AUXILIARY_EDGE_KINDS, kind)) return { tactic: 'auxiliary' };
  return {};
}

/** The rows of every format, in a deterministic order. */
export function toExportRows(
  graph: AttackGraph,
  options: RowOptions = {},
): ExportRows {
  const cluster = options.cluster ?? graph.getAttribute('cluster');
  const { nodeProps, pathCount, unplaced } = analysisProps(
    graph,
    options.analysis,
  );
  const nodes: { id: string; kind: string; props: Properties }[] = [];
  graph.forEachNode((id, a) => {
    const props: Properties = {
      id,
      cluster,
      snapshot: '',
      kind: a.kind,
      name: a.name,
    };
    if (a.namespace !== undefined) props.namespace = a.namespace;
    for (const [key, value] of Object.entries(a.props ?? {})) {
      const v = propertyValue(value);
      if (v !== undefined)
        props[RESERVED_NODE_KEYS.has(key) ? `prop_${key}` : key] = v;
    }
    Object.assign(props, nodeProps.get(id));
    nodes.push({ id, kind: a.kind, props });
  });
  nodes.sort((x, y) => byString(x.kind, y.kind) || byString(x.id, y.id));
  const facts = new Map<string, Properties>();
  const edges: { from: string; to: string; kind: string; props: Properties }[] =
    [];
  graph.forEachEdge((_key, a, from, to) => {
    let kf = facts.get(a.kind);
    if (kf === undefined) facts.set(a.kind, (kf = kindFacts(a.kind)));
    const props: Properties = {
      cluster,
      snapshot: '',
      traversable: a.traversable,
      confidence: a.confidence,
      ...kf,
    };
    // Top-level evidence that is already a Neo4j value is also a property of
    // its own (evidence_reason, evidence_object...); the whole is JSON.
    for (const [key, value] of Object.entries(a.evidence)) {
      const v = propertyValue(value);
      if (v !== undefined && (isScalar(value) || typeof v !== 'string')) {
        props[`evidence_${key}`] = v;
      }
    }
    props.evidence = JSON.stringify(a.evidence);
    const onPaths = pathCount.get(`${from}|${a.kind}|${to}`);
    if (onPaths !== undefined) props.pathCount = onPaths;
    edges.push({ from, to, kind: a.kind, props });
  });
  edges.sort(
    (x, y) =>
      byString(x.kind, y.kind) ||
      byString(x.from, y.from) ||
      byString(x.to, y.to),
  );
  let snapshot = options.snapshot;
  if (snapshot === undefined) {
    const hash = createHash('sha256');
    hash.update(cluster);
    for (const n of nodes) hash.update(`\n${JSON.stringify(n)}`);
    for (const e of edges) hash.update(`\n${JSON.stringify(e)}`);
    snapshot = hash.digest('hex').slice(0, 16);
  }
  for (const n of nodes) n.props.snapshot = snapshot;
  for (const e of edges) e.props.snapshot = snapshot;
  return { cluster, snapshot, nodes, edges, unplacedFixes: unplaced };
}

/** A label or relationship type in Cypher: bare when it is an identifier, else back-quoted. */
export function cypherName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? name
    : `\`${name.replaceAll('`', '``')}\``;
}
