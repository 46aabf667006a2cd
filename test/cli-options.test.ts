// The documented command line and its tests agree: every option a command
// declares is described in docs/cli.md, in that command's section (or the
// sections that several commands share: common input options, progress and
// timings), and every option docs/cli.md names appears as an
// argument in some test, so no documented option is left untested.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '@chokepoint/cli';
import { REPO_ROOT } from './support/paths.ts';

const DOC = readFileSync(join(REPO_ROOT, 'docs/cli.md'), 'utf8');
const OPTION = /(?<![\w-])--[a-z][a-z-]*/g;

/** docs/cli.md sections by heading: `### \`chokepoint NAME ...\``, `### Common input options`, ... */
function sections(): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of DOC.split(/^### /m).slice(1)) {
    const title = part.split('\n')[0] ?? '';
    const name = /^`chokepoint (\w+)/.exec(title)?.[1] ?? title;
    out.set(name, part);
  }
  return out;
}

/** Test sources of the workspace: test/, packages/*\/test, apps/*\/test. */
function testFiles(dir = REPO_ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (
      /\.(test\.)?ts$/.test(entry) &&
      /(^|\/)test\//.test(relative(REPO_ROOT, path)) &&
      !path.endsWith('cli-options.test.ts')
    )
      out.push(path);
  }
  return out;
}

describe('docs/cli.md and the command line', () => {
  const bySection = sections();
  const common = ['Common input options', 'Progress and timings']
    .map(title => bySection.get(title) ?? '')
    .join('\n');

  it.each(COMMANDS.map(c => [c.name, c] as const))(
    'documents every option of chokepoint %s',
    async (name, entry) => {
      const { options } = await entry.load();
      const section = bySection.get(name) ?? '';
      expect(section, `a section for ${name}`).not.toBe('');
      const documented = new Set([
        ...(section.match(OPTION) ?? []),
        ...(common.match(OPTION) ?? []),
      ]);
      const missing = Object.keys(options)
        .map(option => `--${option}`)
        .filter(option => !documented.has(option));
      expect(missing).toEqual([]);
    },
  );

  it('every option docs/cli.md names appears as an argument in some test', () => {
    const options = [...new Set(DOC.match(OPTION) ?? [])].sort();
    expect(options.length).toBeGreaterThan(30);
    const tests = testFiles().map(f => readFileSync(f, 'utf8'));
    expect(tests.length).toBeGreaterThan(50);
    const untested = options.filter(option => {
      const used = new RegExp(`['"\`]${option}(?![\\w-])`);
      return !tests.some(text => used.test(text));
    });
    expect(untested).toEqual([]);
  });
});
