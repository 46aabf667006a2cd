// `chokepoint --version`, `--help` and a mistyped command answer without
// loading any command module (the engine, the reader's validators, the
// Neo4j driver: about a second of CPU at every start), and a command's help
// loads that command alone. A load hook in the child process lists every
// module it loads; the CPU time itself is a benchmark (docs/benchmarks.md).
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.ts';

const BIN = join(REPO_ROOT, 'apps/cli/bin/chokepoint.js');

/** Registers a load hook writing `loaded URL` to stderr for every module. */
const LIST_LOADS = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
import { writeSync } from 'node:fs';
export async function load(url, context, next) {
  writeSync(2, 'loaded ' + url + '\\\\n');
  return next(url, context);
}\`));
`)}`;

function loadedBy(args: readonly string[]): {
  code: number | null;
  stdout: string;
  modules: string[];
} {
  const run = spawnSync(
    process.execPath,
    ['--import', LIST_LOADS, BIN, ...args],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  const modules = run.stderr
    .split('\n')
    .filter(line => line.startsWith('loaded file:'))
    .map(line => {
      const url = new URL(line.slice('loaded '.length));
      url.search = '';
      return fileURLToPath(url);
    });
  return { code: run.status, stdout: run.stdout, modules };
}

/** The repository's own modules among those loaded, relative to its root. */
const ours = (modules: readonly string[]) =>
  modules
    .map(m => relative(REPO_ROOT, m))
    .filter(m => !m.startsWith('..') && !m.includes('node_modules/'));

describe('start-up cost', () => {
  it.each([['--version'], ['--help'], ['no-such-command']])(
    '%s loads no command module and no package of the engine',
    arg => {
      const run = loadedBy([arg]);
      expect(run.code).toBe(arg === 'no-such-command' ? 2 : 0);
      expect(ours(run.modules).length).toBeGreaterThan(2);
      expect(ours(run.modules).filter(m => !m.startsWith('apps/cli/'))).toEqual(
        [],
      );
      expect(ours(run.modules).filter(m => m.includes('/commands/'))).toEqual(
        [],
      );
      expect(
        run.modules.filter(m => /\/(ajv|neo4j-driver|yaml)\//.test(m)),
      ).toEqual([]);
    },
  );

  it('a command’s help loads that command and no other', () => {
    const run = loadedBy(['help', 'graph']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: chokepoint graph');
    expect(ours(run.modules).filter(m => m.includes('/commands/'))).toEqual([
      'apps/cli/src/commands/graph.ts',
    ]);
  });
});
