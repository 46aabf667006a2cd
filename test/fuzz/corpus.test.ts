// The hostile-input corpus (test/fixtures/fuzz, scripts/gen-fuzz-corpus.ts):
// every case goes through `chokepoint analyze` in a child process with a 1 GiB
// heap, and must exit as its case says (0, 1 or 2; never 3), within 30 s,
// without "internal error", a stack trace or a raw control character on
// standard error, and with the place of every invalid object it names.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.ts';
import type { CaseResult, CorpusCase } from './run-cases.ts';

const FUZZ = join(REPO_ROOT, 'test/fixtures/fuzz');
const CASES = JSON.parse(
  readFileSync(join(FUZZ, 'cases.json'), 'utf8'),
) as CorpusCase[];
const TSX = join(REPO_ROOT, 'apps/cli/node_modules/tsx/dist/cli.mjs');
const HEAP_MB = 1024;
const CASE_MS = 30_000;

// eslint-disable-next-line no-control-regex -- the characters a terminal acts on
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const results = new Map<string, CaseResult>();
let crash = '';

beforeAll(async () => {
  const child = spawn(
    process.execPath,
    [
      TSX,
      join(REPO_ROOT, 'test/fuzz/run-cases.ts'),
      join(FUZZ, 'cases.json'),
      join(FUZZ, 'cases'),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: `--max-old-space-size=${String(HEAP_MB)}`,
        CHOKEPOINT_DEBUG: '',
      },
    },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const code = await new Promise<number | null>(resolve => {
    child.on('close', resolve);
  });
  let running = '';
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const record = JSON.parse(line) as CaseResult | { start: string };
    if ('start' in record) running = record.start;
    else {
      results.set(record.name, record);
      running = '';
    }
  }
  if (code !== 0 || running !== '')
    crash = `the runner stopped (exit ${String(code)}) during ${running}: ${err.slice(-2000)}`;
}, 900_000);

describe('hostile input corpus', () => {
  it('has at least 100 cases, and the runner survived them all', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
    expect(crash).toBe('');
  });

  it.each(CASES.map(c => [c.name, c] as const))('%s', (name, c) => {
    const result = results.get(name);
    expect(result, crash).toBeDefined();
    if (result === undefined) return;
    expect([0, 1, 2]).toContain(result.exit);
    expect(result.exit, result.stderr).toBe(c.exit);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.stderr).not.toMatch(/^\s+at\s/m);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.ms).toBeLessThan(CASE_MS);
    for (const pattern of c.stderr)
      expect(result.stderr).toMatch(new RegExp(pattern, 'm'));
  });
});
