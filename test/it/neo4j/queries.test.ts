/**
 * The query pack (docs/queries/*.cypher) against a real Neo4j gives the same
 * answers as the engine on the same input: the same exposed entry points and
 * path lengths, the same reach, the same ranked fixes.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttackGraph } from '@chokepoint/model';
import { shortestPath } from '../../../packages/engine/src/index.ts';
import type { Analysis } from '../../../packages/engine/src/index.ts';
import { exportGraph } from '../../../packages/neo4j/src/index.ts';
import {
  DEMO,
  analysed,
  driver,
  query,
  skipReason,
  target,
} from './support.ts';
import type { Driver } from './support.ts';

const cluster = 'it-queries';

async function rows(
  d: Driver,
  name: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>[]> {
  const result = await d.executeQuery(query(name), { cluster, ...params });
  return result.records.map(r => r.toObject());
}

/** Hops of the shortest traversable path, or undefined (the engine's BFS). */
function hops(
  graph: AttackGraph,
  from: string,
  to: string,
): number | undefined {
  return shortestPath(graph, from, to)?.length;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe.skipIf(target === undefined)(
  `query pack${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let d: Driver;
    let analysis: Analysis;
    let graph: AttackGraph;
    beforeAll(async () => {
      d = driver();
      analysis = await analysed([DEMO], cluster);
      graph = analysis.build.graph;
      await exportGraph(d, graph, { analysis: analysis.result });
    });
    afterAll(async () => {
      await d.close();
    });

    it('shortest-attack-paths: the exposed entry points and path lengths of the analysis', async () => {
      const got = await rows(d, 'shortest-attack-paths');
      const want = analysis.result.paths.map(p => ({
        entry: p.from,
        length: p.length,
      }));
      expect(got.map(r => ({ entry: r.entry, length: r.length }))).toEqual(
        want.sort((a, b) => byText(a.entry, b.entry)),
      );
      expect(want.length).toBeGreaterThan(0);
      for (const r of got) {
        const nodes = r.nodes as string[];
        expect(analysis.result.criticalAssets).toContain(r.critical);
        expect(nodes[0]).toBe(r.entry);
        expect(nodes.at(-1)).toBe(r.critical);
      }
    });

    it('exposure-per-critical-asset: entry points that reach each critical asset', async () => {
      const got = await rows(d, 'exposure-per-critical-asset');
      const { entryPoints, criticalAssets } = analysis.result;
      const want = criticalAssets.map(c => {
        const reach = entryPoints
          .filter(e => e !== c)
          .map(e => hops(graph, e, c))
          .filter((h): h is number => h !== undefined);
        return {
          critical: c,
          entries: reach.length,
          shortest: reach.length === 0 ? null : Math.min(...reach),
        };
      });
      const sort = (
        list: { critical: unknown; entries: unknown; shortest: unknown }[],
      ) =>
        list
          .map(r => ({
            critical: r.critical,
            entries: r.entries,
            shortest: r.shortest,
          }))
          .sort((a, b) => byText(String(a.critical), String(b.critical)));
      expect(sort(got as never)).toEqual(sort(want));
    });

    it('top-chokepoints: the ranked fixes of the analysis', async () => {
      const got = await rows(d, 'top-chokepoints', { limit: 1000 });
      const want = analysis.result.chokepoints.map(c => ({
        rank: c.rank,
        fix: c.fix.id,
        target: c.fix.target,
        entriesCut: c.entriesCut,
        exposedAfter: c.exposedAfter,
      }));
      expect(
        got.map(r => ({
          rank: r.rank,
          fix: r.fix,
          target: r.target,
          entriesCut: r.entriesCut,
          exposedAfter: r.exposedAfter,
        })),
      ).toEqual(want);
    });

    it('blast-radius-of-pod: every node reachable from the pod, at the same distance', async () => {
      const pod =
        analysis.result.paths
          .map(p => p.from)
          .find(id => id.startsWith('Container:'))
          ?.replace(/^Container:([^/]+\/[^/]+)\/.*$/, 'Pod:$1') ?? '';
      expect(graph.hasNode(pod)).toBe(true);
      const got = await rows(d, 'blast-radius-of-pod', { pod });
      const want: { reached: string; steps: number }[] = [];
      graph.forEachNode(id => {
        const h = id === pod ? undefined : hops(graph, pod, id);
        if (h !== undefined) want.push({ reached: id, steps: h });
      });
      const sort = (list: { reached: unknown; steps: unknown }[]) =>
        list
          .map(r => ({ reached: r.reached, steps: r.steps }))
          .sort((a, b) => byText(String(a.reached), String(b.reached)));
      expect(sort(got as never)).toEqual(sort(want));
      expect(want.length).toBeGreaterThan(1);
    });

    it('who-can-reach-kube-system-secrets: entry points and identities with a path', async () => {
      const got = await rows(d, 'who-can-reach-kube-system-secrets');
      const entries = new Set(analysis.result.entryPoints);
      const want: { secret: string; who: string; hops: number }[] = [];
      graph.forEachNode((s, a) => {
        if (a.kind !== 'Secret' || a.namespace !== 'kube-system') return;
        graph.forEachNode((who, b) => {
          if (
            who === s ||
            !(
              entries.has(who) ||
              ['ServiceAccount', 'User', 'Group'].includes(b.kind)
            )
          )
            return;
          const h = hops(graph, who, s);
          if (h !== undefined) want.push({ secret: s, who, hops: h });
        });
      });
      const sort = (list: { secret: unknown; who: unknown; hops: unknown }[]) =>
        list
          .map(r => ({ secret: r.secret, who: r.who, hops: r.hops }))
          .sort((a, b) =>
            byText(
              `${String(a.secret)} ${String(a.who)}`,
              `${String(b.secret)} ${String(b.who)}`,
            ),
          );
      expect(sort(got as never)).toEqual(sort(want));
      expect(want.length).toBeGreaterThan(0);
    });

    it('internet-exposed-containers: containers the Internet reaches', async () => {
      const got = await rows(d, 'internet-exposed-containers');
      const want: { container: string; steps: number }[] = [];
      graph.forEachNode((id, a) => {
        if (a.kind !== 'Container' || !graph.hasNode('Internet')) return;
        const h = hops(graph, 'Internet', id);
        if (h !== undefined) want.push({ container: id, steps: h });
      });
      const sort = (list: { container: unknown; steps: unknown }[]) =>
        list
          .map(r => ({ container: r.container, steps: r.steps }))
          .sort((a, b) => byText(String(a.container), String(b.container)));
      expect(sort(got as never)).toEqual(sort(want));
    });

    it('container-escapes: traversable Container -> Node edges of the graph', async () => {
      const got = await rows(d, 'container-escapes');
      const want = new Map<string, string[]>();
      graph.forEachEdge((_k, a, from, to) => {
        if (
          !a.traversable ||
          graph.getNodeAttribute(from, 'kind') !== 'Container' ||
          graph.getNodeAttribute(to, 'kind') !== 'Node'
        )
          return;
        const key = `${from} ${to}`;
        want.set(key, [...(want.get(key) ?? []), a.kind].sort());
      });
      expect(
        new Map(
          got.map(r => [
            `${String(r.container)} ${String(r.node)}`,
            (r.techniques as string[]).sort(),
          ]),
        ),
      ).toEqual(want);
    });

    it('cluster-admin-equivalent: identities with a path to cluster-admin', async () => {
      const got = await rows(d, 'cluster-admin-equivalent');
      const targets: string[] = [];
      graph.forEachNode((id, a) => {
        if (
          id === 'Group:system:masters' ||
          (a.kind === 'RoleInScope' && a.props?.clusterAdmin === true)
        )
          targets.push(id);
      });
      const want: { identity: string; hops: number }[] = [];
      graph.forEachNode((id, a) => {
        if (!['ServiceAccount', 'User', 'Group'].includes(a.kind)) return;
        const reach = targets
          .filter(t => t !== id)
          .map(t => hops(graph, id, t))
          .filter((h): h is number => h !== undefined);
        if (reach.length > 0)
          want.push({ identity: id, hops: Math.min(...reach) });
      });
      expect(got.map(r => ({ identity: r.identity, hops: r.hops }))).toEqual(
        want.sort((a, b) => byText(a.identity, b.identity)),
      );
    });

    it('techniques-by-tactic: edge counts per kind', async () => {
      const got = await rows(d, 'techniques-by-tactic');
      const want = new Map<string, number>();
      graph.forEachEdge((_k, a) => {
        if (a.traversable) want.set(a.kind, (want.get(a.kind) ?? 0) + 1);
      });
      expect(
        new Map(got.map(r => [r.technique as string, r.edges as number])),
      ).toEqual(want);
    });
  },
);
