import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths.ts';

const DEMO = join(REPO_ROOT, 'examples/demo-cluster');
const VERSION = (
  JSON.parse(
    readFileSync(join(REPO_ROOT, 'apps/cli/package.json'), 'utf8'),
  ) as {
    version: string;
  }
).version;

let dir: string;

/** The environment without the npm_* settings of the runner that started the tests. */
const ENV = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
);

function run(command: string, args: string[], cwd = dir) {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    // No workspace, no tsx, no repository on the way: only the installed package.
    env: { ...ENV, NODE_PATH: '', CHOKEPOINT_DEBUG: '' },
    timeout: 300_000,
  });
}

beforeAll(() => {
  const packed = run('npm', ['run', '--silent', 'package'], REPO_ROOT);
  expect(packed.status, packed.stderr).toBe(0);
  const tarball = join(REPO_ROOT, 'dist', `chokepoint-${VERSION}.tgz`);
  expect(existsSync(tarball)).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'chokepoint-install-'));
  writeFileSync(
    join(dir, 'package.json'),
    '{ "name": "empty", "private": true }\n',
  );
  const installed = run('npm', [
    'install',
    '--offline',
    '--no-audit',
    '--no-fund',
    tarball,
  ]);
  expect(installed.status, installed.stderr).toBe(0);
}, 600_000);

describe('the npm package', () => {
  it('installs in an empty folder and analyses the demo cluster with npx', () => {
    expect(existsSync(join(dir, 'node_modules/tsx'))).toBe(false);
    const version = run('npx', ['--no-install', 'chokepoint', '--version']);
    expect(version.stdout.trim()).toBe(VERSION);
    const report = run('npx', [
      '--no-install',
      'chokepoint',
      'analyze',
      DEMO,
      '--format',
      'json',
      '--max-candidates',
      '3',
    ]);
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    const result = JSON.parse(report.stdout) as {
      summary: { exposedEntryPoints: number };
      chokepoints: unknown[];
    };
    expect(result.summary.exposedEntryPoints).toBeGreaterThan(0);
    expect(result.chokepoints.length).toBeGreaterThan(0);
    // The SARIF help is the technique's page, read from the docs the package ships.
    const sarif = run('npx', [
      '--no-install',
      'chokepoint',
      'analyze',
      DEMO,
      '--format',
      'sarif',
      '--max-candidates',
      '1',
    ]);
    expect(sarif.status).toBe(0);
    expect(sarif.stdout).toContain('## Prerequisites');
    // Nothing is compiled at run time: the bins are plain JavaScript.
    const bin = readFileSync(
      join(dir, 'node_modules/chokepoint/dist/cli.js'),
      'utf8',
    );
    expect(bin.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(existsSync(join(dir, 'node_modules/.bin/kubectl-chokepoint'))).toBe(
      true,
    );
  });

  it('serves the packaged viewer and measures choke points in its worker', async () => {
    const child = spawn(
      join(dir, 'node_modules/.bin/chokepoint'),
      ['serve', DEMO, '--port', '0', '--session', join(dir, 's.json')],
      { cwd: dir, env: { ...ENV, CHOKEPOINT_DEBUG: '' } },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const found = /Chokepoint viewer: (http:\S+)/.exec(out);
          if (found?.[1] !== undefined) {
            clearInterval(timer);
            resolve(found[1]);
          }
          if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`serve exited: ${err}`));
          }
        }, 200);
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script');
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (out.includes('Choke points measured.')) {
            clearInterval(timer);
            resolve();
          }
          if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`serve exited: ${err}`));
          }
        }, 200);
      });
      expect(err).toBe('');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
