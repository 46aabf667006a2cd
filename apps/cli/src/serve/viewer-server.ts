/**
 * The viewer's server: the analysis at start-up without choke points (one
 * graph build, so the overview opens at once), the choke points measured in
 * a worker thread, what-if reruns of the engine in another, explore queries
 * on the start-up graph, the session file, and the static viewer. Nothing
 * is faked: a what-if is a real re-analysis of the input with the fixes
 * applied, and the browser never receives the whole graph.
 */

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { analyze } from '@chokepoint/engine';
import type { Analysis, OnProgress, Policy } from '@chokepoint/engine';
import type { Snapshot } from '@chokepoint/model';
import { apiHandlers } from './api-handlers.ts';
import { apiRouter } from './api-router.ts';
import { AnalysisService } from './analysis-service.ts';
import { createExploreContext } from './explore-context.ts';
import { HttpError, sendJson } from './http.ts';
import {
  guardFor,
  guardRequest,
  hostPart,
  isWildcard,
} from './request-guard.ts';
import type { Guard } from './request-guard.ts';
import { sendStatic } from './static-files.ts';

export interface ViewerServerOptions {
  readonly snapshot: Snapshot;
  readonly policy: Policy;
  readonly inputs: readonly string[];
  readonly dist: string;
  readonly sessionFile: string;
  readonly host: string;
  readonly port: number;
  /** More names the browser may use for this server (`--allow-host`). */
  readonly allowHosts?: readonly string[];
  /** Progress of the start-up analysis (the engine's callback). */
  readonly onProgress?: OnProgress;
}

export interface ViewerServer {
  /** The address to open; off loopback it carries the access token. */
  readonly url: string;
  /** Off loopback: the access token (also in `url`). */
  readonly token?: string;
  readonly quickMs: number;
  /** Resolves once the choke points are measured. */
  readonly full: Promise<void>;
  close(): Promise<void>;
}

export async function startViewerServer(
  options: ViewerServerOptions,
): Promise<ViewerServer> {
  const started = performance.now();
  const quick: Analysis = analyze(options.snapshot, {
    policy: options.policy,
    maxCandidates: 0,
    planRounds: 0,
    ...(options.onProgress === undefined
      ? {}
      : { onProgress: options.onProgress }),
  });
  const quickMs = performance.now() - started;
  const ctx = createExploreContext(options.snapshot, quick);
  const service = new AnalysisService(
    { snapshot: options.snapshot, policy: options.policy },
    quick,
    quickMs,
  );
  const api = apiRouter(
    apiHandlers(ctx, service, {
      inputs: options.inputs,
      sessionFile: options.sessionFile,
    }),
  );

  // Set once the port is known; until then every request waits its turn.
  const access: { guard?: Guard } = {};
  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> => {
    const { guard } = access;
    if (guard === undefined) throw new HttpError(503, 'starting');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      throw new HttpError(400, 'malformed request target');
    }
    if (guardRequest(guard, req, res, url)) return;
    const path = url.pathname;
    if (path.startsWith('/api/')) await api(req, res, url);
    else await sendStatic(res, options.dist, path);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof HttpError)
        sendJson(res, error.status, { error: error.message }, error.headers);
      else
        sendJson(res, 500, {
          error: error instanceof Error ? error.message : String(error),
        });
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => {
      done();
    });
  });
  const address = server.address();
  const port =
    typeof address === 'object' && address !== null
      ? address.port
      : options.port;
  access.guard = guardFor(options.host, port, options.allowHosts);
  const { token } = access.guard;
  return {
    url: `http://${hostPart(isWildcard(options.host) ? hostname() : options.host)}:${String(port)}/${token === undefined ? '' : `?token=${token}`}`,
    ...(token === undefined ? {} : { token }),
    quickMs,
    full: service.full,
    async close() {
      await new Promise<void>(done => {
        server.close(() => {
          done();
        });
        server.closeAllConnections();
      });
      await service.stop();
    },
  };
}
