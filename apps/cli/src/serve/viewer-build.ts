/**
 * The viewer's static files: apps/viewer/dist, built with the viewer's own
 * Vite when it is missing or older than its sources (the first `serve`
 * after a change takes about 10 s more). CHOKEPOINT_VIEWER_DIST points at
 * another build (the end-to-end tests use a test build).
 */

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedPath } from '../assets.ts';
import { RuntimeFailure } from '../errors.ts';
import type { Io } from '../io.ts';

const VIEWER_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../viewer',
);
const PACKAGES_DIR = resolve(VIEWER_DIR, '../../packages');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path))
    newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** The dist to serve, building it when missing or stale. */
export async function ensureViewerBuilt(io: Io): Promise<string> {
  const override = process.env.CHOKEPOINT_VIEWER_DIST;
  if (override !== undefined && override !== '') {
    if (!existsSync(join(override, 'index.html'))) {
      throw new RuntimeFailure(
        `CHOKEPOINT_VIEWER_DIST=${override} has no index.html`,
      );
    }
    return resolve(override);
  }
  // The npm package ships the built viewer beside its code.
  const shipped = shippedPath('viewer/index.html');
  if (shipped !== undefined) return dirname(shipped);
  const dist = join(VIEWER_DIR, 'dist');
  const built = newestMtime(join(dist, 'index.html'));
  const sources = Math.max(
    newestMtime(join(VIEWER_DIR, 'src')),
    newestMtime(join(VIEWER_DIR, 'index.html')),
    newestMtime(join(VIEWER_DIR, 'vite.config.ts')),
    // The bundle holds the API contract, the model's tables (the stylesheet
    // is derived from them) and the engine functions the viewer calls.
    ...['viewer-api', 'model', 'engine'].map(name =>
      newestMtime(join(PACKAGES_DIR, name, 'src')),
    ),
  );
  if (built > 0 && (built >= sources || sources === 0)) return dist;
  const vite = join(VIEWER_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    if (built > 0) return dist;
    throw new RuntimeFailure(
      'the viewer is not built and Vite is not installed: run `pnpm install` then `pnpm --filter @chokepoint/viewer build`',
    );
  }
  io.stderr('Building the viewer (first use)...\n');
  const code = await new Promise<number>(done => {
    const child = spawn(
      process.execPath,
      [vite, 'build', '--logLevel', 'warn'],
      {
        cwd: VIEWER_DIR,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr.on('data', (chunk: Buffer) => {
      io.stderr(chunk.toString('utf8'));
    });
    child.on('close', status => {
      done(status ?? 1);
    });
    child.on('error', () => {
      done(1);
    });
  });
  if (code !== 0 || !existsSync(join(dist, 'index.html'))) {
    throw new RuntimeFailure(
      'building the viewer failed: run `pnpm --filter @chokepoint/viewer build` to see why',
    );
  }
  return dist;
}
