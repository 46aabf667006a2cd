/**
 * Faults against a real Neo4j: database down, wrong password, unknown
 * database each give a clear message and exit code 3 (cli-contract.md); an
 * export killed halfway leaves a partial graph, and running it again
 * converges to the graph's counts with no duplicates.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runStatements,
  toStatements,
} from '../../../packages/neo4j/src/index.ts';
import {
  DEMO,
  analysed,
  chokepoint,
  cliEnv,
  counts,
  driver,
  readSnapshot,
  skipReason,
  target,
} from './support.ts';
import type { Driver } from './support.ts';
import { buildGraph } from '../../../packages/engine/src/index.ts';

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(
          typeof address === 'object' && address !== null ? address.port : 1,
        );
      });
    });
  });
}

async function noDuplicates(d: Driver, cluster: string): Promise<void> {
  const dupRels = await d.executeQuery(
    'MATCH (a:AttackNode {cluster: $cluster})-[r]->(b) WITH a, type(r) AS t, b, count(*) AS c WHERE c > 1 RETURN count(*) AS n',
    { cluster },
  );
  expect(dupRels.records[0]?.get('n')).toBe(0);
}

describe.skipIf(target === undefined)(
  `export faults${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let d: Driver;
    let work: string;
    beforeAll(() => {
      d = driver();
      work = mkdtempSync(join(tmpdir(), 'chokepoint-it-neo4j-'));
    });
    afterAll(async () => {
      await d.close();
      rmSync(work, { recursive: true, force: true });
    });

    it('database down: exit 3 and a message naming the address', async () => {
      const uri = `bolt://127.0.0.1:${String(await closedPort())}`;
      const run = await chokepoint([
        'export',
        'neo4j',
        DEMO,
        '--uri',
        uri,
        '--user',
        'neo4j',
      ]).done;
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`cannot reach Neo4j at ${uri}`);
      expect(run.stderr).toContain('Is the database running');
      expect(run.stderr).not.toContain('    at ');
    });

    it('wrong password: exit 3, names the user, no retry loop', async () => {
      const run = await chokepoint(
        [
          'export',
          'neo4j',
          DEMO,
          '--uri',
          target?.uri ?? '',
          '--user',
          'neo4j',
        ],
        cliEnv('not-the-password'),
      ).done;
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('refused the login of user "neo4j"');
      expect(run.stderr).toContain('NEO4J_PASSWORD');
    });

    it('unknown database: exit 3 and says which databases exist', async () => {
      const run = await chokepoint([
        'export',
        'neo4j',
        DEMO,
        '--uri',
        target?.uri ?? '',
        '--database',
        'nosuchdb',
      ]).done;
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('has no database "nosuchdb"');
    });

    it('no password and no terminal: exit 2 saying to set NEO4J_PASSWORD', async () => {
      const env = cliEnv();
      delete env.NEO4J_PASSWORD;
      const run = await chokepoint(
        ['export', 'neo4j', DEMO, '--uri', target?.uri ?? ''],
        env,
      ).done;
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('set NEO4J_PASSWORD');
    });

    it('stopped after half of its transactions, the export converges when run again', async () => {
      const cluster = 'it-half';
      const { build, result } = await analysed([DEMO], cluster);
      const statements = toStatements(build.graph, {
        analysis: result,
        relationshipBatch: 50,
      });
      const writes = statements.filter(s => s.mode === 'write');
      const middle = writes[Math.floor(writes.length / 2)];
      if (middle === undefined) throw new Error('no write statements');
      const half = statements.slice(0, statements.indexOf(middle));
      await runStatements(d, half);
      const partial = await counts(d, cluster);
      expect(partial.relationships).toBeGreaterThan(0);
      expect(partial.relationships).toBeLessThan(build.graph.size);
      await runStatements(d, statements);
      expect(await counts(d, cluster)).toEqual({
        nodes: build.graph.order,
        relationships: build.graph.size,
      });
      await noDuplicates(d, cluster);
    });

    it('killed (SIGKILL) in the middle of writing relationships, the CLI export converges when run again', async () => {
      const cluster = 'it-kill';
      const file = join(work, 'gen.snapshot.json');
      const gen = await chokepoint(['generate', '--pods', '2000', '-o', file])
        .done;
      expect(gen.code, gen.stderr).toBe(0);
      const graph = buildGraph(await readSnapshot([file], cluster)).graph;
      const args = [
        'export',
        'neo4j',
        file,
        '--cluster-name',
        cluster,
        '--no-analysis',
        '--uri',
        target?.uri ?? '',
      ];
      const first = chokepoint(args);
      let seen = 0;
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        seen = (await counts(d, cluster)).relationships;
        if (seen > 0) break;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');
      const partial = await counts(d, cluster);
      expect(partial.relationships).toBeGreaterThan(0);
      expect(partial.relationships).toBeLessThan(graph.size);
      const again = await chokepoint(args).done;
      expect(again.code, again.stderr).toBe(0);
      expect(await counts(d, cluster)).toEqual({
        nodes: graph.order,
        relationships: graph.size,
      });
      await noDuplicates(d, cluster);
    });
  },
);
