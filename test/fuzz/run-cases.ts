/**
 * Runs corpus cases of test/fixtures/fuzz through the CLI's own `main`, one
 * after another in this process, and prints one JSON line per case (a
 * `start` line before each, so a crash names its case). The test that
 * starts it (corpus.test.ts) gives the process its memory limit.
 *
 *   tsx test/fuzz/run-cases.ts CASES.json CASE_DIR [NAME...]
 */

import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInputStream } from '@chokepoint/collector';
import { main } from '../../apps/cli/src/main.ts';

export interface CorpusCase {
  readonly name: string;
  readonly args?: readonly string[];
  readonly exit: number;
  readonly stderr: readonly string[];
  readonly stdin?: boolean;
}

export interface CaseResult {
  readonly name: string;
  readonly exit: number;
  readonly stderr: string;
  readonly ms: number;
  readonly rssMb: number;
}

const [casesFile = '', dir = '', ...only] = process.argv.slice(2);
const cases = (
  JSON.parse(readFileSync(casesFile, 'utf8')) as CorpusCase[]
).filter(c => only.length === 0 || only.includes(c.name));
for (const c of cases) {
  process.stdout.write(`${JSON.stringify({ start: c.name })}\n`);
  const path = join(dir, c.name);
  const extra = (c.args ?? []).map(a =>
    a.replace('{self}', path).replace('{dir}', dir),
  );
  let stderr = '';
  const started = performance.now();
  const exit = await main(
    ['analyze', c.stdin === true ? '-' : path, '--format', 'json', ...extra],
    {
      stdout: () => undefined,
      stderr: text => {
        if (stderr.length < 100_000) stderr += text;
      },
      readStdin: maxBytes => readInputStream(createReadStream(path), maxBytes),
    },
  );
  const result: CaseResult = {
    name: c.name,
    exit,
    stderr,
    ms: Math.round(performance.now() - started),
    rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
