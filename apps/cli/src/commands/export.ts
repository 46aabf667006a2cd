/**
 * `chokepoint export neo4j|cypher|csv|graphml|opengraph INPUT...`: the attack
 * graph of the input, with the analysis results as properties, loaded into a
 * running Neo4j or written in an offline format (docs/neo4j.md).
 *
 * The Neo4j password comes from NEO4J_PASSWORD or a prompt on a terminal,
 * never from a flag (flags show in `ps` and shell history). Database down,
 * wrong password or unknown database are runtime failures: exit code 3.
 */

import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { analyze, buildGraph } from '@chokepoint/engine';
import type { AnalysisResult, OnProgress } from '@chokepoint/engine';
import type { AttackGraph } from '@chokepoint/model';
import {
  Neo4jExportError,
  connect,
  exportGraph,
  toAdminCsv,
  toCypherScript,
  toExportRows,
  toGraphml,
  toOpenGraph,
  verifyTarget,
} from '@chokepoint/neo4j';
import type { ExportRows } from '@chokepoint/neo4j';
import type { Command, ParsedArgs } from '../command.ts';
import { stringOption } from '../command.ts';
import { EXIT, RuntimeFailure, UsageError } from '../errors.ts';
import {
  INPUT_HELP,
  INPUT_OPTIONS,
  readAnalysisInput,
} from '../analysis-input.ts';
import type { Io } from '../io.ts';
import { Progress, PROGRESS_HELP, PROGRESS_OPTIONS } from '../progress.ts';

const FORMATS = ['neo4j', 'cypher', 'csv', 'graphml', 'opengraph'] as const;
type Format = (typeof FORMATS)[number];

async function writeChunks(
  chunks: Iterable<string>,
  path: string | undefined,
  io: Io,
): Promise<void> {
  if (path === undefined) {
    for (const chunk of chunks) io.stdout(chunk);
    return;
  }
  const stream = createWriteStream(path, 'utf8');
  const failed = new Promise<never>((_resolve, reject) => {
    stream.on('error', reject);
  });
  try {
    for (const chunk of chunks) {
      if (!stream.write(chunk))
        await Promise.race([
          new Promise<void>(resolve => {
            stream.once('drain', () => {
              resolve();
            });
          }),
          failed,
        ]);
    }
    await Promise.race([
      new Promise<void>(resolve => {
        stream.end(() => {
          resolve();
        });
      }),
      failed,
    ]);
  } catch (error) {
    throw new RuntimeFailure(
      `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Reads a password from the terminal without echoing it. */
async function promptPassword(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>(resolve => {
      rl.question(question, answer => {
        resolve(answer);
      });
      muted = true;
    });
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

async function neo4jPassword(): Promise<string> {
  const fromEnv = process.env.NEO4J_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.stdin.isTTY && process.stderr.isTTY)
    return promptPassword('Neo4j password: ');
  throw new UsageError(
    'set NEO4J_PASSWORD (no terminal to ask for the password on)',
  );
}

/** What is exported: the graph, and the analysis unless --no-analysis. */
interface Exported {
  readonly graph: AttackGraph;
  readonly result?: AnalysisResult;
}

/**
 * --no-analysis builds the graph only: the analysis (choke points measured by
 * rebuilding) costs many times the graph on large clusters.
 */
function exported(
  args: ParsedArgs,
  input: Awaited<ReturnType<typeof readAnalysisInput>>,
  onProgress: OnProgress,
): Exported {
  const options = { policy: input.policy, onProgress };
  if (args.values['no-analysis'] === true)
    return { graph: buildGraph(input.snapshot, options).graph };
  const analysis = analyze(input.snapshot, options);
  return { graph: analysis.build.graph, result: analysis.result };
}

function rowsOf(args: ParsedArgs, data: Exported): ExportRows {
  const snapshot = stringOption(args, 'snapshot-id');
  return toExportRows(data.graph, {
    ...(data.result === undefined ? {} : { analysis: data.result }),
    ...(snapshot === undefined ? {} : { snapshot }),
  });
}

async function toNeo4j(
  args: ParsedArgs,
  io: Io,
  data: Exported,
  progress: Progress,
): Promise<number> {
  const uri =
    stringOption(args, 'uri') ??
    process.env.NEO4J_URI ??
    'bolt://127.0.0.1:7687';
  const user = stringOption(args, 'user') ?? process.env.NEO4J_USER ?? 'neo4j';
  const database = stringOption(args, 'database');
  progress.clear();
  const password = await neo4jPassword();
  let driver: ReturnType<typeof connect>;
  try {
    driver = connect(uri, user, password);
  } catch (error) {
    throw new UsageError(
      `--uri ${uri}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const where = { uri, user, ...(database === undefined ? {} : { database }) };
  try {
    await verifyTarget(driver, where);
    const snapshot = stringOption(args, 'snapshot-id');
    const summary = await exportGraph(driver, data.graph, {
      ...(data.result === undefined ? {} : { analysis: data.result }),
      ...(snapshot === undefined ? {} : { snapshot }),
      ...(database === undefined ? {} : { database }),
      target: { uri, user },
      onProgress: p => {
        progress.phase(
          'export',
          `${p.phase}, ${String(p.done)} of ${String(p.total)} rows`,
        );
      },
    });
    progress.clear();
    const seconds = (summary.milliseconds.total / 1000).toFixed(1);
    io.stdout(
      `Exported ${String(summary.nodes)} nodes and ${String(summary.relationships)} relationships of cluster ${summary.cluster} (snapshot ${summary.snapshot}) to ${uri}${database === undefined ? '' : ` database ${database}`} in ${seconds} s.\n`,
    );
    for (const fix of summary.unplacedFixes)
      io.stderr(
        `warning: fix ${fix} targets an object that is not a node of the graph; not exported\n`,
      );
    return EXIT.ok;
  } catch (error) {
    progress.clear();
    if (error instanceof Neo4jExportError)
      throw new RuntimeFailure(error.message);
    throw error;
  } finally {
    await driver.close();
  }
}

export const exportCommand: Command = {
  usage:
    'chokepoint export neo4j|cypher|csv|graphml|opengraph INPUT... [--uri URI --user U --database DB] [-o PATH]',
  help: `${INPUT_HELP}

Formats:
  neo4j      write into a running Neo4j 5 (idempotent MERGE; a new snapshot of
             the same cluster replaces the old one). The password comes from
             NEO4J_PASSWORD or a prompt on a terminal.
  cypher     a cypher-shell script doing the same (-o FILE)
  csv        nodes.csv and relationships.csv for neo4j-admin database import
             full (-o DIR, required)
  graphml    GraphML (-o FILE)
  opengraph  BloodHound OpenGraph JSON for BloodHound CE (-o FILE)

Options:
      --uri URI            Bolt URI (default NEO4J_URI, else bolt://127.0.0.1:7687)
      --user U             user (default NEO4J_USER, else neo4j)
      --database DB        database (default: the server's default)
      --no-analysis        export the graph only, without entry points,
                           critical assets, exposure and choke points
      --snapshot-id ID     snapshot id on every element (default: a hash of
                           the content, so the same input gives the same id)
  -o, --out PATH           output file (directory for csv); default stdout

${PROGRESS_HELP}

Exit codes: 0 exported, 2 bad usage or input, 3 database unreachable, login
refused, unknown database or a write failed.

Examples:
  NEO4J_PASSWORD=... chokepoint export neo4j examples/demo-cluster --uri bolt://127.0.0.1:7687 --user neo4j
  chokepoint export csv cluster.snapshot.json -o import/`,
  options: {
    ...INPUT_OPTIONS,
    ...PROGRESS_OPTIONS,
    uri: { type: 'string' },
    user: { type: 'string' },
    database: { type: 'string' },
    'no-analysis': { type: 'boolean' },
    'snapshot-id': { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
  async run(args, io) {
    const [format, ...inputs] = args.positionals;
    if (
      format === undefined ||
      !(FORMATS as readonly string[]).includes(format)
    ) {
      throw new UsageError(
        `export needs a format first: ${FORMATS.join(', ')}${format === undefined ? '' : ` (got "${format}")`}`,
      );
    }
    if (inputs.length === 0)
      throw new UsageError('export needs at least one INPUT');
    const out = stringOption(args, 'out');
    if (format === 'csv' && out === undefined)
      throw new UsageError('export csv needs -o DIR');
    const progress = new Progress(io, `export ${format}`, args);
    const input = await readAnalysisInput(
      { values: args.values, positionals: inputs },
      io,
      progress,
    );
    const data = exported(args, input, progress.engine);
    progress.phase('export');
    const code = await exportTo(format as Format, args, io, data, progress);
    progress.finish(args, io);
    return code;
  },
};

async function exportTo(
  format: Format,
  args: ParsedArgs,
  io: Io,
  data: Exported,
  progress: Progress,
): Promise<number> {
  const out = stringOption(args, 'out');
  switch (format) {
    case 'neo4j':
      return toNeo4j(args, io, data, progress);
    case 'cypher':
      await writeChunks(toCypherScript(rowsOf(args, data)), out, io);
      return EXIT.ok;
    case 'graphml':
      await writeChunks(toGraphml(rowsOf(args, data)), out, io);
      return EXIT.ok;
    case 'opengraph':
      await writeChunks(toOpenGraph(rowsOf(args, data)), out, io);
      return EXIT.ok;
    case 'csv': {
      const dir = out ?? '.';
      try {
        await mkdir(dir, { recursive: true });
      } catch (error) {
        throw new RuntimeFailure(
          `cannot create ${dir}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const csv = toAdminCsv(rowsOf(args, data));
      await writeChunks(csv.nodes, join(dir, 'nodes.csv'), io);
      await writeChunks(csv.relationships, join(dir, 'relationships.csv'), io);
      io.stdout(
        `Wrote ${join(dir, 'nodes.csv')} and ${join(dir, 'relationships.csv')}; load with:\n  neo4j-admin database import full --nodes=${join(dir, 'nodes.csv')} --relationships=${join(dir, 'relationships.csv')} --array-delimiter=';' --overwrite-destination neo4j\n`,
      );
      return EXIT.ok;
    }
  }
}
