#!/usr/bin/env node
// Runs a vitest project and ends with one plain line, `tests: N passed, N failed,
// N skipped`, that people and CI read; the exit code is vitest's.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const project = process.argv[2] ?? 'unit';
const report = `.vitest-artifacts/${project}.json`;
mkdirSync('.vitest-artifacts', { recursive: true });
rmSync(report, { force: true });
const run = spawnSync(
  'pnpm',
  [
    'exec',
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(3),
  ],
  { stdio: 'inherit' },
);
let summary = 'tests: no report written (vitest did not finish)';
try {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = result.numPendingTests + result.numTodoTests;
  summary = `tests: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${skipped} skipped`;
} catch {
  // The line above says so.
}
console.log(summary);
process.exit(run.status ?? 1);
