/**
 * The driver loop over the export's statements (architecture.md section 3).
 * Schema first, in auto-commit; then, when the database holds no node of the
 * cluster, plain CREATE (nothing to find), else MERGE; nodes, then
 * relationships, in up to four concurrent sessions over disjoint batches
 * (schedule.ts: concurrent transactions never share a node, so they neither
 * wait for each other nor deadlock); relationships find their ends by the
 * element id their node write returned; then the cleanup of older
 * snapshots. Writes go through `executeWrite`, which retries transient
 * errors. Driver errors become a `Neo4jExportError` whose message says what
 * to do: the database is down, the password is wrong, the database does not
 * exist.
 */

import neo4j from 'neo4j-driver';
import type { Driver } from 'neo4j-driver';
import type { AttackGraph } from '@chokepoint/model';
import {
  CLUSTER_PRESENT_TEXT,
  batches,
  cleanupStatements,
  groupBy,
  nodeWriteText,
  relationshipWriteText,
  schemaStatements,
} from './statements.ts';
import type { Statement, StatementOptions, WriteMode } from './statements.ts';
import { NODE_KINDS } from '@chokepoint/model';
import { toExportRows } from './rows.ts';
import type { ExportRows } from './rows.ts';
import { dealParts, disjointRounds } from './schedule.ts';

/** The part of a neo4j-driver Session the loop uses (a fake implements it in tests). */
export interface SessionLike {
  run(text: string, params: Record<string, unknown>): PromiseLike<unknown>;
  executeWrite<T>(
    work: (tx: {
      run(text: string, params: Record<string, unknown>): PromiseLike<unknown>;
    }) => Promise<T>,
  ): Promise<T>;
  close(): PromiseLike<void>;
}

export interface DriverLike {
  session(config: {
    database?: string;
    defaultAccessMode?: 'WRITE';
  }): SessionLike;
}

export interface ExportProgress {
  readonly phase: Statement['phase'];
  /** Rows written so far (nodes plus relationships). */
  readonly done: number;
  readonly total: number;
}

/** Concurrent sessions the export uses at most (algorithms.md section 7: 2-4). */
export const MAX_SESSIONS = 4;

export interface ExportOptions extends StatementOptions {
  /** Database name; default: the server's default database. */
  readonly database?: string;
  /** Concurrent write sessions, 1 to 4 (default 2); small exports use one. */
  readonly sessions?: number;
  /** `auto` (default): `create` when the database holds no node of the cluster, else `merge`. */
  readonly mode?: WriteMode | 'auto';
  readonly onProgress?: (progress: ExportProgress) => void;
  /** Named in error messages only. */
  readonly target?: { readonly uri?: string; readonly user?: string };
}

export interface ExportSummary {
  readonly cluster: string;
  readonly snapshot: string;
  readonly nodes: number;
  readonly relationships: number;
  readonly statements: number;
  /** How it wrote: CREATE into a database without the cluster, or MERGE. */
  readonly mode: WriteMode;
  /** Concurrent sessions it wrote with. */
  readonly sessions: number;
  readonly unplacedFixes: readonly string[];
  readonly milliseconds: {
    readonly nodes: number;
    readonly relationships: number;
    readonly total: number;
  };
}

export type Neo4jFailureReason = 'unavailable' | 'auth' | 'database' | 'query';

export class Neo4jExportError extends Error {
  override readonly name = 'Neo4jExportError';
  readonly reason: Neo4jFailureReason;
  readonly code: string | undefined;

  constructor(
    reason: Neo4jFailureReason,
    message: string,
    code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.reason = reason;
    this.code = code;
  }
}

function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** A driver error as a message that says what happened and what to do. */
export function describeNeo4jError(
  error: unknown,
  where: { uri?: string; user?: string; database?: string } = {},
): Neo4jExportError {
  if (error instanceof Neo4jExportError) return error;
  const code = codeOf(error);
  const detail =
    error instanceof Error
      ? (error.message.split('\n')[0] ?? '')
      : String(error);
  const at = where.uri === undefined ? 'Neo4j' : `Neo4j at ${where.uri}`;
  switch (code) {
    case 'ServiceUnavailable':
    case 'SessionExpired':
      return new Neo4jExportError(
        'unavailable',
        `cannot reach ${at} (${detail}). Is the database running and is the Bolt URI right (--uri bolt://HOST:7687)?`,
        code,
        { cause: error },
      );
    case 'Neo.ClientError.Security.Unauthorized':
    case 'Neo.ClientError.Security.CredentialsExpired':
    case 'Neo.ClientError.Security.AuthenticationRateLimit':
      return new Neo4jExportError(
        'auth',
        `${at} refused the login of user "${where.user ?? '?'}" (${code}): check --user and NEO4J_PASSWORD${
          code === 'Neo.ClientError.Security.AuthenticationRateLimit'
            ? '; too many failed logins, wait a few seconds'
            : ''
        }${code === 'Neo.ClientError.Security.CredentialsExpired' ? '; the password must be changed first' : ''}.`,
        code,
        { cause: error },
      );
    case 'Neo.ClientError.Database.DatabaseNotFound':
      return new Neo4jExportError(
        'database',
        `${at} has no database "${where.database ?? '?'}" (${detail}). Community edition has only "neo4j" and "system"; create it or pass --database neo4j.`,
        code,
        { cause: error },
      );
    default:
      return new Neo4jExportError(
        'query',
        `${at} failed: ${detail}${code === undefined ? '' : ` (${code})`}`,
        code,
        { cause: error },
      );
  }
}

/** A driver for the export: no encryption negotiation surprises, bounded timeouts. */
export function connect(uri: string, user: string, password: string): Driver {
  // neo4j-driver types its plain option bags as classes.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
  return neo4j.driver(uri, neo4j.auth.basic(user, password), {
    userAgent: 'chokepoint',
    connectionTimeout: 10_000,
    connectionAcquisitionTimeout: 30_000,
    maxTransactionRetryTime: 15_000,
    disableLosslessIntegers: true,
  });
}

/** Checks the address, the login and the database before any write. */
export async function verifyTarget(
  driver: Driver,
  where: { uri?: string; user?: string; database?: string },
): Promise<void> {
  try {
    const config: { database?: string } =
      where.database === undefined ? {} : { database: where.database };
    await driver.verifyConnectivity(config);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    const session = driver.session(config);
    try {
      await session.run('RETURN 1');
    } finally {
      await session.close();
    }
  } catch (error) {
    throw describeNeo4jError(error, where);
  }
}

/** Whole numbers as Neo4j integers, so counts and ranks read back as INTEGER, not FLOAT. */
function toDriverParams(value: unknown): unknown {
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  if (Array.isArray(value)) {
    if (
      value.length > 0 &&
      typeof value[0] !== 'number' &&
      typeof value[0] !== 'object'
    )
      return value;
    return value.map(toDriverParams);
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toDriverParams(v);
    return out;
  }
  return value;
}

/** Runs `statements` on one session; the loop exportGraph uses, open for tests and benchmarks. */
export async function runStatements(
  driver: DriverLike,
  statements: readonly Statement[],
  options: {
    database?: string;
    onProgress?: (progress: ExportProgress) => void;
  } = {},
): Promise<{ nodes: number; relationships: number }> {
  const total = statements.reduce((n, s) => n + s.rows, 0);
  let done = 0;
  let nodeMs = 0;
  let relMs = 0;
  const session = driver.session({
    ...(options.database === undefined ? {} : { database: options.database }),
    defaultAccessMode: 'WRITE',
  });
  try {
    for (const statement of statements) {
      const params = toDriverParams(statement.params) as Record<
        string,
        unknown
      >;
      const began = Date.now();
      if (statement.mode === 'write') {
        await session.executeWrite(async tx => {
          await tx.run(statement.text, params);
        });
      } else {
        await session.run(statement.text, params);
      }
      if (statement.phase === 'nodes') nodeMs += Date.now() - began;
      if (statement.phase === 'relationships') relMs += Date.now() - began;
      done += statement.rows;
      options.onProgress?.({ phase: statement.phase, done, total });
    }
  } finally {
    await session.close();
  }
  return { nodes: nodeMs, relationships: relMs };
}

interface RecordsLike {
  readonly records: readonly { get(key: string): unknown }[];
}

function recordsOf(result: unknown): RecordsLike['records'] | undefined {
  if (typeof result !== 'object' || result === null || !('records' in result))
    return undefined;
  const { records } = result;
  return Array.isArray(records)
    ? (records as RecordsLike['records'])
    : undefined;
}

/** `mode` and the lane count an export of `rows` uses. */
function lanesFor(rows: ExportRows, options: ExportOptions): number {
  const wanted = Math.round(options.sessions ?? 2);
  if (!(wanted >= 1 && wanted <= MAX_SESSIONS))
    throw new RangeError(
      `sessions must be 1 to ${String(MAX_SESSIONS)}, got ${String(options.sessions)}`,
    );
  // Concurrency pays only when there are batches to overlap.
  const batch = options.relationshipBatch ?? 5000;
  return rows.edges.length > 2 * batch ? wanted : 1;
}

/** Writes the rows: schema, nodes, relationships, cleanup; returns what it did. */
async function writeRows(
  driver: DriverLike,
  rows: ExportRows,
  options: ExportOptions,
): Promise<{
  mode: WriteMode;
  lanes: number;
  statements: number;
  nodes: number;
  relationships: number;
}> {
  const lanes = lanesFor(rows, options);
  const nodeBatch = options.nodeBatch ?? 10_000;
  const relationshipBatch = options.relationshipBatch ?? 5000;
  const config = {
    ...(options.database === undefined ? {} : { database: options.database }),
    defaultAccessMode: 'WRITE' as const,
  };
  const sessions: SessionLike[] = [driver.session(config)];
  const { cluster } = rows;
  const total = rows.nodes.length + rows.edges.length;
  let done = 0;
  let statements = 0;
  let failed = false;
  const progress = (phase: Statement['phase'], count: number): void => {
    done += count;
    statements++;
    options.onProgress?.({ phase, done, total });
  };
  const write = async (
    session: SessionLike,
    text: string,
    params: Record<string, unknown>,
  ): Promise<unknown> =>
    session.executeWrite(async tx =>
      tx.run(text, toDriverParams(params) as Record<string, unknown>),
    );
  /** Runs `jobs` on up to `lanes` sessions, each taking the next job when free; the first failure stops the rest. */
  const inLanes = async (
    jobs: readonly ((session: SessionLike) => Promise<void>)[][],
  ): Promise<void> => {
    while (sessions.length < jobs.length) sessions.push(driver.session(config));
    const results = await Promise.allSettled(
      jobs.map(async (list, lane) => {
        const session = sessions[lane];
        if (session === undefined) return;
        for (const job of list) {
          if (failed) return;
          await job(session).catch((error: unknown) => {
            failed = true;
            throw error;
          });
        }
      }),
    );
    for (const result of results)
      if (result.status === 'rejected') throw result.reason;
  };
  try {
    const [first] = sessions as [SessionLike];
    for (const statement of schemaStatements([
      ...Object.keys(NODE_KINDS),
      ...rows.nodes.map(n => n.kind),
    ])) {
      await first.run(statement.text, {});
      progress('schema', 0);
    }
    let mode: WriteMode = options.mode === 'create' ? 'create' : 'merge';
    if (options.mode === undefined || options.mode === 'auto') {
      // Unknown (no records) counts as present: MERGE is right either way.
      const records = recordsOf(
        await first.run(CLUSTER_PRESENT_TEXT, { cluster }),
      );
      mode = records?.length === 0 ? 'create' : 'merge';
    }

    const began = Date.now();
    const refs = new Map<string, string>();
    const nodeJobs: ((session: SessionLike) => Promise<void>)[][] = Array.from(
      { length: lanes },
      () => [],
    );
    let next = 0;
    for (const [kind, list] of groupBy(rows.nodes)) {
      const text = nodeWriteText(kind, mode);
      for (const batch of batches(list, nodeBatch)) {
        nodeJobs[next++ % lanes]?.push(async session => {
          const result = await write(session, text, {
            cluster,
            rows: batch.map(n => ({ id: n.id, props: n.props })),
          });
          for (const record of recordsOf(result) ?? []) {
            const id = record.get('id');
            const ref = record.get('ref');
            if (typeof id === 'string' && typeof ref === 'string')
              refs.set(id, ref);
          }
          progress('nodes', batch.length);
        });
      }
    }
    await inLanes(nodeJobs);
    const nodeMs = Date.now() - began;

    const relBegan = Date.now();
    const byRef = rows.nodes.every(n => refs.has(n.id));
    const parts = dealParts(
      rows.nodes.map(n => n.id),
      lanes,
    );
    for (const round of disjointRounds(rows.edges, lanes, id =>
      parts.get(id),
    )) {
      await inLanes(
        round.map(group => {
          const jobs: ((session: SessionLike) => Promise<void>)[] = [];
          for (const [kind, list] of groupBy(group)) {
            const text = relationshipWriteText(
              kind,
              mode,
              byRef ? 'ref' : 'key',
            );
            for (const batch of batches(list, relationshipBatch)) {
              jobs.push(async session => {
                await write(session, text, {
                  cluster,
                  rows: batch.map(e => ({
                    from: byRef ? refs.get(e.from) : e.from,
                    to: byRef ? refs.get(e.to) : e.to,
                    props: e.props,
                  })),
                });
                progress('relationships', batch.length);
              });
            }
          }
          return jobs;
        }),
      );
    }
    const relationshipMs = Date.now() - relBegan;

    for (const statement of cleanupStatements(cluster, rows.snapshot)) {
      await first.run(statement.text, { ...statement.params });
      progress('cleanup', 0);
    }
    return {
      mode,
      lanes,
      statements,
      nodes: nodeMs,
      relationships: relationshipMs,
    };
  } finally {
    await Promise.allSettled(sessions.map(async s => s.close()));
  }
}

/** Exports the graph (and the analysis, when given) into Neo4j; idempotent. */
export async function exportGraph(
  driver: DriverLike,
  graph: AttackGraph,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const began = Date.now();
  const rows = toExportRows(graph, options);
  let written: Awaited<ReturnType<typeof writeRows>>;
  try {
    written = await writeRows(driver, rows, options);
  } catch (error) {
    throw describeNeo4jError(error, {
      ...options.target,
      ...(options.database === undefined ? {} : { database: options.database }),
    });
  }
  return {
    cluster: rows.cluster,
    snapshot: rows.snapshot,
    nodes: rows.nodes.length,
    relationships: rows.edges.length,
    statements: written.statements,
    mode: written.mode,
    sessions: written.lanes,
    unplacedFixes: rows.unplacedFixes,
    milliseconds: {
      nodes: written.nodes,
      relationships: written.relationships,
      total: Date.now() - began,
    },
  };
}
