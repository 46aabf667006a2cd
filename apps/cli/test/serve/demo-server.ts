/**
 * A real viewer server (startViewerServer, node:http on 127.0.0.1, worker
 * threads) on the bundled demo cluster, for tests that speak HTTP to it.
 */

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '@chokepoint/collector';
import { analyze, DEFAULT_POLICY } from '@chokepoint/engine';
import type { AnalysisResult } from '@chokepoint/engine';
import type { Snapshot } from '@chokepoint/model';
import { startViewerServer } from '../../src/serve/viewer-server.ts';
import type {
  ViewerServer,
  ViewerServerOptions,
} from '../../src/serve/viewer-server.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

/** The demo cluster's snapshot, read as `chokepoint serve` reads it. */
export function readDemo(): Promise<Snapshot> {
  return readInputs([DEMO], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
}

/** The independent way to a what-if: the whole input analysed again with the fixes applied. */
export function rerunWith(
  snapshot: Snapshot,
  fixes: readonly string[],
): AnalysisResult {
  return analyze(snapshot, {
    policy: DEFAULT_POLICY,
    applyFixes: fixes,
    maxCandidates: 0,
    planRounds: 0,
  }).result;
}

export interface DemoServer {
  readonly server: ViewerServer;
  readonly url: string;
  readonly sessionFile: string;
  readonly dist: string;
}

export async function startDemoServer(
  overrides: Partial<ViewerServerOptions> = {},
): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-serve-test-'));
  const dist = join(dir, 'dist');
  mkdirSync(dist);
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><title>viewer</title>',
  );
  const snapshot = await readDemo();
  const sessionFile = join(dir, 'demo.session.json');
  const server = await startViewerServer({
    snapshot,
    policy: DEFAULT_POLICY,
    inputs: [DEMO],
    dist,
    sessionFile,
    host: '127.0.0.1',
    port: 0,
    ...overrides,
  });
  return { server, url: server.url, sessionFile, dist };
}
