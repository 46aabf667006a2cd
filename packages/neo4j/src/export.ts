/**
 * The thin driver loop over `toStatements` (architecture.md section 3): one
 * session, statements in order, writes through `executeWrite` (which retries
 * transient errors), schema and `IN TRANSACTIONS` statements in auto-commit.
 * Driver errors become a `Neo4jExportError` whose message says what to do:
 * the database is down, the password is wrong, the database does not exist.
 */

import neo4j from 'neo4j-driver';
import type { Driver } from 'neo4j-driver';
import type { AttackGraph } from '@chokepoint/model';
import { statementsForRows } from './statements.ts';
import type { Statement, StatementOptions } from './statements.ts';
import { toExportRows } from './rows.ts';

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

export interface ExportOptions extends StatementOptions {
  /** Database name; default: the server's default database. */
  readonly database?: string;
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

/** Exports the graph (and the analysis, when given) into Neo4j; idempotent. */
export async function exportGraph(
  driver: DriverLike,
  graph: AttackGraph,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const began = Date.now();
  const rows = toExportRows(graph, options);
  const statements = statementsForRows(rows, options);
  let ms: { nodes: number; relationships: number };
  try {
    ms = await runStatements(driver, statements, options);
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
    statements: statements.length,
    unplacedFixes: rows.unplacedFixes,
    milliseconds: { ...ms, total: Date.now() - began },
  };
}
