/**
 * Vitest globalSetup of the `it` project: one real Neo4j for the whole run
 * (scripts/neo4j.sh, infra.md section a), stopped in teardown. When Java or
 * the jars cannot be had, the Neo4j tests skip with a message saying how to
 * get them, instead of failing.
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export interface Neo4jTarget {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jTarget | { skip: string };
  }
}

const SCRIPT = fileURLToPath(
  new URL('../../../scripts/neo4j.sh', import.meta.url),
);
const UNAVAILABLE = 69;

export default function setup(project: TestProject): (() => void) | undefined {
  const started = Date.now();
  const run = spawnSync('bash', [SCRIPT, 'start'], {
    encoding: 'utf8',
    env: { ...process.env, NEO4J_HEAP: process.env.NEO4J_HEAP ?? '768m' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15 * 60_000,
  });
  if (run.status !== 0) {
    const why = run.stderr.trim();
    if (run.status === UNAVAILABLE) {
      const skip = `Neo4j integration tests skipped: ${why}`;
      console.warn(skip);
      project.provide('neo4j', { skip });
      return undefined;
    }
    throw new Error(
      `scripts/neo4j.sh start failed (exit ${String(run.status)}):\n${why}`,
    );
  }
  const vars = new Map<string, string>();
  for (const m of run.stdout.matchAll(/^export (\w+)=(.*)$/gm))
    vars.set(m[1] ?? '', m[2] ?? '');
  const uri = vars.get('NEO4J_URI');
  const password = vars.get('NEO4J_PASSWORD');
  const runDir = vars.get('NEO4J_RUN');
  if (uri === undefined || password === undefined || runDir === undefined) {
    throw new Error(
      `scripts/neo4j.sh start printed no NEO4J_* lines:\n${run.stdout}`,
    );
  }
  console.log(
    `${run.stderr.trim()} (${String(Math.round((Date.now() - started) / 100) / 10)} s)`,
  );
  project.provide('neo4j', {
    uri,
    user: vars.get('NEO4J_USER') ?? 'neo4j',
    password,
  });
  return () => {
    spawnSync('bash', [SCRIPT, 'stop', runDir], {
      stdio: 'inherit',
      timeout: 120_000,
    });
  };
}
