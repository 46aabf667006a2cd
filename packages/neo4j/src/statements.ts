/**
 * Graph -> Cypher statements, pure (algorithms.md section 7): the uniqueness
 * constraint and per-kind indexes first, then one constant `UNWIND $rows ...
 * MERGE` text per node kind and per edge kind (plans stay cached, since a
 * label or type cannot be a parameter), in batches, then the removal of what
 * an earlier snapshot of the same cluster left behind.
 *
 * Every element carries `cluster` and `snapshot`. Nodes are keyed by
 * (cluster, id) on the shared label, so several clusters share a database;
 * `SET n = row.props` replaces every property, so a re-export leaves no
 * stale analysis flag. Re-running any prefix of the list, or all of it, is
 * idempotent: that is what makes an export killed halfway converge.
 */

import { NODE_KINDS } from '@chokepoint/model';
import type { AttackGraph } from '@chokepoint/model';
import { cypherName, toExportRows } from './rows.ts';
import type { ExportRows, Properties, RowOptions } from './rows.ts';

/** The label every exported node has, next to its kind. */
export const SHARED_LABEL = 'AttackNode';

export interface Statement {
  readonly text: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** `schema` and `autocommit` run outside an explicit transaction (`CALL ... IN TRANSACTIONS` needs that). */
  readonly mode: 'schema' | 'write' | 'autocommit';
  readonly phase: 'schema' | 'nodes' | 'relationships' | 'cleanup';
  /** Node or edge rows this statement writes. */
  readonly rows: number;
}

export interface StatementOptions extends RowOptions {
  /** Node rows per transaction (default 10000). */
  readonly nodeBatch?: number;
  /** Relationship rows per transaction (default 5000). */
  readonly relationshipBatch?: number;
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

export function groupBy<T extends { kind: string }>(
  rows: readonly T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    let list = groups.get(row.kind);
    if (list === undefined) groups.set(row.kind, (list = []));
    list.push(row);
  }
  return groups;
}

/** The constraint and index statements for these node kinds. */
export function schemaStatements(kinds: Iterable<string>): Statement[] {
  const schema = (text: string): Statement => ({
    text,
    params: {},
    mode: 'schema',
    phase: 'schema',
    rows: 0,
  });
  const out = [
    schema(
      `CREATE CONSTRAINT chokepoint_node_key IF NOT EXISTS FOR (n:${SHARED_LABEL}) REQUIRE (n.cluster, n.id) IS UNIQUE`,
    ),
  ];
  for (const kind of [...new Set(kinds)].sort()) {
    const name = `chokepoint_${kind.replace(/[^A-Za-z0-9_]/g, '_')}_id`;
    out.push(
      schema(
        `CREATE INDEX ${name} IF NOT EXISTS FOR (n:${cypherName(kind)}) ON (n.id)`,
      ),
    );
  }
  out.push(schema('CALL db.awaitIndexes(300)'));
  return out;
}

export function nodeStatementText(kind: string): string {
  return [
    'UNWIND $rows AS row',
    `MERGE (n:${SHARED_LABEL} {cluster: $cluster, id: row.id})`,
    `SET n = row.props, n:${cypherName(kind)}`,
  ].join('\n');
}

export function relationshipStatementText(kind: string): string {
  return relationshipWriteText(kind, 'merge', 'key');
}

/**
 * How the online export writes: `merge` finds or creates each element (any
 * database); `create` only creates, for a database that holds no node of the
 * cluster yet, where there is nothing to find.
 */
export type WriteMode = 'create' | 'merge';

/**
 * The node text of the online export: `nodeStatementText`, or its CREATE
 * twin, returning each node's element id so relationships can find their
 * ends without an index seek.
 */
export function nodeWriteText(kind: string, mode: WriteMode): string {
  const write =
    mode === 'merge'
      ? nodeStatementText(kind)
      : [
          'UNWIND $rows AS row',
          `CREATE (n:${SHARED_LABEL})`,
          `SET n = row.props, n:${cypherName(kind)}`,
        ].join('\n');
  return `${write}\nRETURN row.id AS id, elementId(n) AS ref`;
}

/**
 * The relationship text of the online export: ends found by element id (`row.from`
 * and `row.to` hold the ids the node texts returned), or by `(cluster, id)`
 * when no element id is known; then MERGE or CREATE.
 */
export function relationshipWriteText(
  kind: string,
  mode: WriteMode,
  ends: 'ref' | 'key',
): string {
  const match =
    ends === 'ref'
      ? [
          'MATCH (a) WHERE elementId(a) = row.from',
          'MATCH (b) WHERE elementId(b) = row.to',
        ]
      : [
          `MATCH (a:${SHARED_LABEL} {cluster: $cluster, id: row.from})`,
          `MATCH (b:${SHARED_LABEL} {cluster: $cluster, id: row.to})`,
        ];
  return [
    'UNWIND $rows AS row',
    ...match,
    `${mode === 'merge' ? 'MERGE' : 'CREATE'} (a)-[r:${cypherName(kind)}]->(b)`,
    'SET r = row.props',
  ].join('\n');
}

/** Whether the database already holds a node of the cluster (the schema must exist first: it is an index seek). */
export const CLUSTER_PRESENT_TEXT = `MATCH (n:${SHARED_LABEL}) WHERE n.cluster = $cluster AND n.id IS NOT NULL RETURN n.id AS id LIMIT 1`;

/** Removes relationships, then nodes, of this cluster that an older snapshot left. */
export function cleanupStatements(
  cluster: string,
  snapshot: string,
): Statement[] {
  const params = { cluster, snapshot };
  return [
    {
      text: [
        `MATCH (:${SHARED_LABEL} {cluster: $cluster})-[r]->()`,
        'WHERE r.snapshot IS NULL OR r.snapshot <> $snapshot',
        'CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS',
      ].join('\n'),
      params,
      mode: 'autocommit',
      phase: 'cleanup',
      rows: 0,
    },
    {
      text: [
        `MATCH (n:${SHARED_LABEL} {cluster: $cluster})`,
        'WHERE n.snapshot <> $snapshot',
        'CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS',
      ].join('\n'),
      params,
      mode: 'autocommit',
      phase: 'cleanup',
      rows: 0,
    },
  ];
}

/** Statements for rows already computed (the Cypher script shares them). */
export function statementsForRows(
  rows: ExportRows,
  options: StatementOptions = {},
): Statement[] {
  const { cluster, snapshot } = rows;
  const nodeBatch = options.nodeBatch ?? 10_000;
  const relationshipBatch = options.relationshipBatch ?? 5000;
  const nodeGroups = groupBy(rows.nodes);
  const out = schemaStatements([
    ...Object.keys(NODE_KINDS),
    ...nodeGroups.keys(),
  ]);
  for (const [kind, list] of nodeGroups) {
    const text = nodeStatementText(kind);
    for (const batch of batches(list, nodeBatch)) {
      out.push({
        text,
        params: {
          cluster,
          rows: batch.map(n => ({ id: n.id, props: n.props })),
        },
        mode: 'write',
        phase: 'nodes',
        rows: batch.length,
      });
    }
  }
  for (const [kind, list] of groupBy(rows.edges)) {
    const text = relationshipStatementText(kind);
    for (const batch of batches(list, relationshipBatch)) {
      out.push({
        text,
        params: {
          cluster,
          rows: batch.map(e => ({
            from: e.from,
            to: e.to,
            props: e.props satisfies Properties,
          })),
        },
        mode: 'write',
        phase: 'relationships',
        rows: batch.length,
      });
    }
  }
  out.push(...cleanupStatements(cluster, snapshot));
  return out;
}

/** Every statement of an export of `graph`, in order. */
export function toStatements(
  graph: AttackGraph,
  options: StatementOptions = {},
): Statement[] {
  return statementsForRows(toExportRows(graph, options), options);
}
