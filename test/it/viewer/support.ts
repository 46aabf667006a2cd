/**
 * Support for the viewer's end-to-end tests: a test build of the viewer
 * (window.cy exposed), a real `chokepoint serve` child process on a free
 * 127.0.0.1 port, and Debian's chromium driven by playwright-core with every
 * request to another host aborted (infra.md section d).
 */

import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const ARTIFACTS = join(REPO_ROOT, '.vitest-artifacts/viewer');
const VIEWER = join(REPO_ROOT, 'apps/viewer');

if (!HAVE_CHROMIUM) {
  console.warn(
    `viewer e2e tests skipped: no chromium at ${CHROMIUM}. Install it with scripts/install-chromium.sh (Debian's chromium, apt).`,
  );
}

export type { Browser, Page, Route } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Aborts every request not to 127.0.0.1 and records it, so a stray CDN link fails loudly. */
export async function onlyLoopback(
  page: Page,
  blocked: string[],
): Promise<void> {
  await page.route('**/*', async route => {
    const url = new URL(route.request().url());
    if (
      url.hostname === '127.0.0.1' ||
      url.protocol === 'data:' ||
      url.protocol === 'blob:'
    ) {
      await route.continue();
    } else {
      blocked.push(url.href);
      await route.abort();
    }
  });
}

/** A test build of the viewer (window.cy exposed), in a throwaway directory. */
export function buildTestViewer(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'chokepoint-viewer-')), 'dist');
  const vite = join(VIEWER, 'node_modules/vite/bin/vite.js');
  const run = spawnSync(
    process.execPath,
    [
      vite,
      'build',
      '--mode',
      'test',
      '--outDir',
      out,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    {
      cwd: VIEWER,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`vite build failed: ${run.stderr}`);
  return out;
}

/** `chokepoint generate --pods N` into a fresh directory: the snapshot's path and the directory. */
export function generateCluster(pods: number): {
  readonly dir: string;
  readonly snapshot: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-generated-'));
  const snapshot = join(dir, `pods-${String(pods)}.snapshot.json`);
  const run = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'apps/cli/bin/chokepoint.js'),
      'generate',
      '--pods',
      String(pods),
      '-o',
      snapshot,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0)
    throw new Error(`chokepoint generate failed: ${run.stderr}`);
  return { dir, snapshot };
}

export interface Served {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves once the server printed that the choke points are measured. */
  readonly measured: Promise<void>;
  stop(): Promise<void>;
}

export async function serve(
  inputs: readonly string[],
  dist: string,
  sessionFile: string,
  extraArgs: readonly string[] = [],
): Promise<Served> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'apps/cli/bin/chokepoint.js'),
      'serve',
      ...inputs,
      '--port',
      '0',
      '--session',
      sessionFile,
      ...extraArgs,
    ],
    { cwd: REPO_ROOT, env: { ...process.env, CHOKEPOINT_VIEWER_DIST: dist } },
  );
  let output = '';
  let onMeasured: () => void = () => undefined;
  const measured = new Promise<void>(done => {
    onMeasured = done;
  });
  const url = await new Promise<string>((done, fail) => {
    const take = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /Chokepoint viewer: (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) done(match[1]);
      if (output.includes('Choke points measured.')) onMeasured();
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', code => {
      fail(new Error(`serve exited with ${String(code)}:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    measured,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise(done => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface DemoSession {
  readonly served: Served;
  readonly browser: Browser;
  readonly page: Page;
  readonly sessionFile: string;
  /** Requests aborted for leaving 127.0.0.1, and page errors: both must stay empty. */
  readonly blocked: string[];
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * The demo cluster served by a real `chokepoint serve` (test build), its
 * choke points measured, and a page of Debian's chromium open on it.
 */
export async function openDemo(
  viewport: { width: number; height: number },
  extraInputs: readonly string[] = [],
): Promise<DemoSession> {
  const sessionFile = join(
    mkdtempSync(join(tmpdir(), 'chokepoint-session-')),
    'demo.session.json',
  );
  const served = await serve(
    [join(REPO_ROOT, 'examples/demo-cluster'), ...extraInputs],
    buildTestViewer(),
    sessionFile,
  );
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const blocked: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.toString()));
  await onlyLoopback(page, blocked);
  await served.measured;
  await page.goto(served.url);
  return {
    served,
    browser,
    page,
    sessionFile,
    blocked,
    errors,
    async close() {
      await browser.close();
      await served.stop();
    },
  };
}
