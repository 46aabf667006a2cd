/**
 * The export against a real Neo4j: `chokepoint export neo4j` writes every
 * node and edge of the graph, exporting twice changes nothing (the counts stay
 * the graph's), a new snapshot of the same cluster replaces the old one, and
 * the offline Cypher script loads the same graph.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  toCypherScript,
  toExportRows,
} from '../../../packages/neo4j/src/index.ts';
import {
  DEMO,
  analysed,
  chokepoint,
  counts,
  driver,
  skipReason,
  target,
} from './support.ts';
import type { Driver } from './support.ts';

describe.skipIf(target === undefined)(
  `export to Neo4j${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let d: Driver;
    beforeAll(() => {
      d = driver();
    });
    afterAll(async () => {
      await d.close();
    });

    it('exporting twice leaves node and relationship counts equal to the graph', async () => {
      const cluster = 'it-export';
      const { build } = await analysed([DEMO], cluster);
      for (let i = 0; i < 2; i++) {
        const run = await chokepoint([
          'export',
          'neo4j',
          DEMO,
          '--cluster-name',
          cluster,
          '--uri',
          target?.uri ?? '',
          '--user',
          'neo4j',
        ]).done;
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(
          new RegExp(
            `^Exported ${String(build.graph.order)} nodes and ${String(build.graph.size)} relationships`,
          ),
        );
        expect(await counts(d, cluster)).toEqual({
          nodes: build.graph.order,
          relationships: build.graph.size,
        });
      }
      // No duplicate node ids, no duplicate (from, type, to).
      const dupNodes = await d.executeQuery(
        'MATCH (n:AttackNode {cluster: $cluster}) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS n',
        { cluster },
      );
      expect(dupNodes.records[0]?.get('n')).toBe(0);
      const dupRels = await d.executeQuery(
        'MATCH (a:AttackNode {cluster: $cluster})-[r]->(b) WITH a, type(r) AS t, b, count(*) AS c WHERE c > 1 RETURN count(*) AS n',
        { cluster },
      );
      expect(dupRels.records[0]?.get('n')).toBe(0);
      // Labels are the kinds, types the edge kinds, and evidence is a JSON string.
      const sample = await d.executeQuery(
        'MATCH (a:AttackNode {cluster: $cluster})-[r]->(b) RETURN labels(a) AS labels, a.kind AS kind, type(r) AS type, r.evidence AS evidence, r.snapshot AS snapshot LIMIT 1',
        { cluster },
      );
      const row = sample.records[0]?.toObject() as {
        labels: string[];
        kind: string;
        type: string;
        evidence: string;
        snapshot: string;
      };
      expect(row.labels.sort()).toEqual(['AttackNode', row.kind].sort());
      expect(typeof JSON.parse(row.evidence)).toBe('object');
      expect(row.snapshot).toMatch(/^[0-9a-f]{16}$/);
    });

    it('a new snapshot of the same cluster replaces the old one', async () => {
      const cluster = 'it-replace';
      const full = await analysed([DEMO], cluster);
      const part = await analysed(
        [`${DEMO}/00-cluster.yaml`, `${DEMO}/web.yaml`],
        cluster,
      );
      expect(part.build.graph.order).toBeLessThan(full.build.graph.order);
      for (const inputs of [
        [DEMO],
        [`${DEMO}/00-cluster.yaml`, `${DEMO}/web.yaml`],
      ]) {
        const run = await chokepoint([
          'export',
          'neo4j',
          ...inputs,
          '--cluster-name',
          cluster,
          '--uri',
          target?.uri ?? '',
        ]).done;
        expect(run.code, run.stderr).toBe(0);
      }
      expect(await counts(d, cluster)).toEqual({
        nodes: part.build.graph.order,
        relationships: part.build.graph.size,
      });
      const snapshots = await d.executeQuery(
        'MATCH (n:AttackNode {cluster: $cluster}) RETURN collect(DISTINCT n.snapshot) AS s',
        { cluster },
      );
      expect(snapshots.records[0]?.get('s')).toEqual([
        toExportRows(part.build.graph, { analysis: part.result }).snapshot,
      ]);
    });

    it('the offline Cypher script loads the same graph', async () => {
      const cluster = 'it-cypher';
      const { build, result } = await analysed([DEMO], cluster);
      const script = [
        ...toCypherScript(toExportRows(build.graph, { analysis: result })),
      ].join('');
      const statements = script
        .split(';\n')
        .map(s => s.replace(/^(\/\/[^\n]*\n)+/, '').trim())
        .filter(s => s !== '');
      const session = d.session();
      try {
        for (const statement of statements) await session.run(statement);
      } finally {
        await session.close();
      }
      expect(await counts(d, cluster)).toEqual({
        nodes: build.graph.order,
        relationships: build.graph.size,
      });
    });
  },
);
