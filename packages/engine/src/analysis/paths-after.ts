/**
 * The attack paths after a what-if (issue #13), without analysing the fixed
 * input again: the fixes' difference to the attack graph is derived
 * incrementally (chokepoints/what-if.ts `fixDelta`, as for the figures),
 * reachability with next hops is computed over the analysed CSR index with
 * the difference's masked slots and extra edges (analysis/measure.ts
 * `reachAfterDelta`), and each entry point still exposed gets one shortest
 * path to the nearest critical asset. A step on an edge the fixes changed
 * takes its confidence and evidence from the ways after them
 * (`delta.edges`); the labels of nodes that came from `delta.addedNodes`.
 *
 * A path is *a* shortest path (the contract's promise), not always the one
 * a whole re-analysis picks: between equally short paths a rerun's choice
 * follows the rebuilt graph's node and edge insertion order, which the
 * difference does not know (re-derived anchors add their edges at other
 * places than a fresh build would). The oracle test
 * (test/analysis/paths-after.test.ts) therefore checks every path against a
 * re-analysis of the fixed input: the same exposed entry points, each path
 * of the rerun's length, every step an edge of the rebuilt graph with its
 * confidence and ways, the most confident and clearest of the edges between
 * its two nodes, ending at a critical asset.
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type {
  AnalysisPath,
  AnyEdgeKind,
  AttackPath,
  NodeAttributes,
  PathStep,
} from '@chokepoint/model';
import { fixDelta } from '../chokepoints/what-if.ts';
import { withWay } from '../graph-writer.ts';
import type { EdgeWays } from '../graph-writer.ts';
import type { Holder } from '../holder.ts';
import type { GraphDelta } from '../provenance/what-if.ts';
import { nodeLabels } from '../queries/node-labels.ts';
import type { LabelNodes } from '../queries/node-labels.ts';
import type { Analysis } from './analyze.ts';
import { activeRisks, fixesById, withAcceptance } from './analyze.ts';
import { edgeRank } from './attack-index.ts';
import { reachAfterDelta } from './measure.ts';
import { reachableFrom } from './reach.ts';
import type { ReachedAfterDelta } from './measure.ts';
import type { Targets } from './targets.ts';

export interface PathsAfter {
  readonly targets: Targets;
  /** Exposed entry points after the fixes (whatIf's figure). */
  readonly exposed: ReadonlySet<string>;
  /** One shortest path per exposed entry point, by entry id, as `analyze` reports them. */
  readonly paths: readonly AnalysisPath[];
  /** Readable labels of the nodes the paths name, after the fixes. */
  readonly labels: Readonly<Record<string, string>>;
  /** Critical assets some exposed entry point reaches (not only the nearest), as `analyze`'s summary. */
  readonly criticalAssetsReached: number;
  /** Nodes and edges of the attack graph after the fixes, as `analyze`'s summary. */
  readonly nodes: number;
  readonly edges: number;
}

export interface PathsAfterOptions {
  /** Today (YYYY-MM-DD), for the expiry of accepted risks (as `analyze`). */
  readonly today?: string;
}

/** An edge between two nodes after the fixes: its kind, confidence and evidence. */
interface EdgeAfter extends EdgeWays {
  readonly kind: AnyEdgeKind;
  readonly rank: number;
}

/** The paths with the fixes of these ids made (UnknownFixError for an id that is no candidate). */
export function pathsAfter(
  analysis: Analysis,
  fixIds: readonly string[],
  options: PathsAfterOptions = {},
): PathsAfter {
  const fixes = fixesById(analysis.candidates, fixIds);
  const { build } = analysis;
  const delta = fixDelta(analysis, fixes);
  const after = reachAfterDelta(
    build.graph,
    analysis.attackIndex,
    delta,
    analysis.targetOptions,
    build.derivation.parts.policy.minConfidence,
  );
  const risks = activeRisks(build.index.policy.acceptedRisks, options.today);
  const edges = edgesAfter(analysis, after);
  const paths = [...after.exposed]
    .sort()
    .map(entry => withAcceptance(pathOf(after, edges, entry), risks.active));
  const ids = new Set<string>();
  for (const path of paths) {
    ids.add(path.from);
    for (const step of path.steps) ids.add(step.to);
  }
  const { overlay } = after;
  const reachable = reachableFrom(
    analysis.attackIndex,
    [...after.exposed].map(overlay.numberOf),
    overlay,
  );
  return {
    targets: after.targets,
    exposed: after.exposed,
    criticalAssetsReached: after.targets.criticalAssets.filter(
      id => reachable[overlay.numberOf(id)] === 1,
    ).length,
    ...sizeAfter(analysis, delta),
    paths,
    labels: nodeLabels(
      nodesAfter(analysis, delta),
      holdersAfter(build.holders, delta, ids),
      ids,
    ),
  };
}

/** The edges from one node to another after the fixes, the first to take first. */
type EdgesBetween = (from: number, to: number) => EdgeAfter[];

function edgesAfter(
  analysis: Analysis,
  after: ReachedAfterDelta,
): EdgesBetween {
  const { graph } = analysis.build;
  const index = analysis.attackIndex;
  const { overlay } = after;
  const baseN = index.ids.length;
  const extraOut = new Map<number, number[]>();
  overlay.extraFrom.forEach((from, e) => {
    const list = extraOut.get(from);
    if (list === undefined) extraOut.set(from, [e]);
    else list.push(e);
  });
  return (from, to) => {
    const found: EdgeAfter[] = [];
    if (from < baseN && to < baseN)
      for (
        let s = index.offsets[from] ?? 0;
        s < (index.offsets[from + 1] ?? 0);
        s++
      ) {
        if (index.targets[s] !== to || overlay.masked[s] === 1) continue;
        const attributes = graph.getEdgeAttributes(index.edgeKeys[s] ?? '');
        found.push({
          kind: attributes.kind,
          confidence: attributes.confidence,
          evidence: attributes.evidence,
          rank: edgeRank(attributes.kind, attributes.confidence),
        });
      }
    for (const e of extraOut.get(from) ?? []) {
      if (overlay.extraTo[e] !== to) continue;
      const ways = overlay.extraWays[e] ?? [];
      let merged: EdgeWays | undefined;
      for (const way of ways)
        merged = withWay(merged, way.confidence, way.evidence);
      const kind = ways[0]?.kind;
      if (merged === undefined || kind === undefined) continue;
      found.push({ kind, ...merged, rank: edgeRank(kind, merged.confidence) });
    }
    // Stable: of equal ranks, the analysed graph's edge first.
    return found.sort((a, b) => a.rank - b.rank);
  };
}

/** The shortest path of an exposed entry point, along the next hops. */
function pathOf(
  after: ReachedAfterDelta,
  edges: EdgesBetween,
  entry: string,
): AttackPath {
  const { overlay, reach } = after;
  const steps: PathStep[] = [];
  let node = overlay.numberOf(entry);
  while ((reach.distance[node] ?? 0) > 0) {
    const next = reach.nextNode[node] ?? -1;
    const [first, ...others] = edges(node, next);
    if (first === undefined)
      throw new Error(
        `engine: no edge after the fixes on the path of ${entry}`,
      );
    const otherKinds = others.map(edge => edge.kind);
    steps.push({
      from: overlay.idOf(node),
      to: overlay.idOf(next),
      kind: first.kind,
      confidence: first.confidence,
      evidence: first.evidence,
      ...(otherKinds.length === 0 ? {} : { otherKinds }),
    });
    node = next;
  }
  const lowest = Math.min(
    ...steps.map(step => CONFIDENCE_ORDER.indexOf(step.confidence)),
  );
  return {
    from: entry,
    to: steps.at(-1)?.to ?? entry,
    length: steps.length,
    confidence: CONFIDENCE_ORDER[lowest] ?? 'low',
    steps,
  };
}

/** The analysed graph's nodes with those the fixes add (for labels). */
function nodesAfter(analysis: Analysis, delta: GraphDelta): LabelNodes {
  const { graph } = analysis.build;
  return {
    hasNode: (id: unknown) =>
      delta.addedNodes.has(String(id)) || graph.hasNode(id),
    getNodeAttributes: (id: unknown): NodeAttributes =>
      delta.addedNodes.get(String(id)) ?? graph.getNodeAttributes(id),
  };
}

/** How many nodes and edges the attack graph has after the fixes. */
function sizeAfter(
  analysis: Analysis,
  delta: GraphDelta,
): { nodes: number; edges: number } {
  const { graph } = analysis.build;
  let edges = graph.size;
  for (const [key, ways] of delta.edges)
    edges += Number(ways.length > 0) - Number(graph.hasEdge(key));
  // Edges of a node that went, where the delta does not list them.
  const gone = new Set<string>();
  for (const id of delta.removedNodes)
    if (graph.hasNode(id))
      graph.forEachEdge(id, key => {
        if (!delta.edges.has(key)) gone.add(key);
      });
  return {
    nodes: graph.order - delta.removedNodes.size + delta.addedNodes.size,
    edges: edges - gone.size,
  };
}

/** The holders of `ids` after the fixes: those the derivation gave again, else the analysed ones. */
function holdersAfter(
  holders: ReadonlyMap<string, Holder>,
  delta: GraphDelta,
  ids: ReadonlySet<string>,
): ReadonlyMap<string, Holder> {
  const out = new Map<string, Holder>();
  for (const id of ids) {
    const holder = holders.get(id);
    if (holder !== undefined) out.set(id, holder);
  }
  for (const anchor of delta.anchors.values()) {
    const holder = anchor?.holder;
    if (holder !== undefined && ids.has(holder.id)) out.set(holder.id, holder);
  }
  return out;
}
