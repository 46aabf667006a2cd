/**
 * Shared helpers of the Neo4j integration tests: the target started by
 * global-setup.ts, a driver, the engine's view of the same input, and counts
 * per cluster (each test file exports under its own cluster name, so files
 * never see each other's data).
 */

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { analyze } from '../../../packages/engine/src/index.ts';
import type { Analysis } from '../../../packages/engine/src/index.ts';
import { connect } from '../../../packages/neo4j/src/index.ts';
import { REPO_ROOT } from '../../support/paths.ts';
import { BIN } from '../../support/run-cli.ts';
import type { Neo4jTarget } from './global-setup.ts';

export const DEMO = `${REPO_ROOT}examples/demo-cluster`;

const provided = inject('neo4j');
export const target: Neo4jTarget | undefined =
  'skip' in provided ? undefined : provided;
export const skipReason: string | undefined =
  'skip' in provided ? provided.skip : undefined;

export type Driver = ReturnType<typeof connect>;

export function driver(): Driver {
  if (target === undefined) throw new Error(skipReason);
  return connect(target.uri, target.user, target.password);
}

export async function readSnapshot(
  inputs: readonly string[],
  clusterName: string,
): Promise<Snapshot> {
  return readInputs(inputs, {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'chokepoint it',
    clusterName,
  });
}

export async function analysed(
  inputs: readonly string[],
  clusterName: string,
): Promise<Analysis> {
  return analyze(await readSnapshot(inputs, clusterName));
}

export async function counts(
  d: Driver,
  cluster: string,
): Promise<{ nodes: number; relationships: number }> {
  const nodes = await d.executeQuery(
    'MATCH (n:AttackNode {cluster: $cluster}) RETURN count(n) AS n',
    { cluster },
  );
  const rels = await d.executeQuery(
    'MATCH (:AttackNode {cluster: $cluster})-[r]->() RETURN count(r) AS n',
    { cluster },
  );
  return {
    nodes: nodes.records[0]?.get('n') as number,
    relationships: rels.records[0]?.get('n') as number,
  };
}

/** A query of docs/queries/, without its final semicolon. */
export function query(name: string): string {
  return readFileSync(
    `${REPO_ROOT}docs/queries/${name}.cypher`,
    'utf8',
  ).replace(/;\s*$/, '');
}

/** Environment for the CLI child process: the target's password, no debug traces. */
export function cliEnv(password = target?.password ?? ''): NodeJS.ProcessEnv {
  return { ...process.env, NEO4J_PASSWORD: password, CHOKEPOINT_DEBUG: '' };
}

export interface CliRun {
  readonly child: ChildProcess;
  readonly done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

/** Runs the real `chokepoint` bin with NEO4J_PASSWORD set (runCli of test/support does not take an env). */
export function chokepoint(
  args: readonly string[],
  env: NodeJS.ProcessEnv = cliEnv(),
): CliRun {
  const child = spawn(BIN, [...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}
