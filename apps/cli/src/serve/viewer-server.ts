/**
 * The viewer's server: the analysis at start-up without choke points (one
 * graph build, so the overview opens at once), the choke points measured in
 * a worker thread, what-if reruns of the engine in another, explore queries
 * on the start-up graph, the session file, and the static viewer. Nothing
 * is faked: a what-if is a real re-analysis of the input with the fixes
 * applied, and the browser never receives the whole graph.
 */

import { createServer } from 'node:http';
import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  analyze,
  blastRadiusSubgraph,
  facets,
  neighbourhood,
  objectsById,
  rawObjectOf,
  searchNodes,
  shortestPath,
} from '@chokepoint/engine';
import type {
  Analysis,
  AnalysisResult,
  OnProgress,
  Policy,
} from '@chokepoint/engine';
import type { Snapshot } from '@chokepoint/model';
import { AnalysisWorker } from './analysis-worker.ts';
import type { WorkerInit, WorkerReply } from './analysis-worker.ts';
import { apiRouter } from './api-router.ts';
import { HttpError, sendJson } from './http.ts';
import {
  guardFor,
  guardRequest,
  hostPart,
  isWildcard,
} from './request-guard.ts';
import type { Guard } from './request-guard.ts';
import { readSessionFile, writeSessionFile } from './session-file.ts';
import { slimResult } from './slim-result.ts';
import { sendStatic, sendTechniqueDoc } from './static-files.ts';

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
  const { graph } = quick.build;
  const minConfidence = quick.build.index.policy.minConfidence;
  const objects = objectsById(options.snapshot);
  const facetCache = facets(graph);
  const init: WorkerInit = {
    snapshot: options.snapshot,
    policy: options.policy,
  };

  let phase: 'quick' | 'full' | 'error' = 'quick';
  let base: AnalysisResult = quick.result;
  let baseMs = quickMs;
  let failure: string | undefined;
  const fullWorker = new AnalysisWorker(init);
  let whatIfWorker: AnalysisWorker | undefined;
  const full = fullWorker.run({}).then(async reply => {
    if ('result' in reply) {
      base = reply.result;
      baseMs = reply.ms;
      phase = 'full';
    } else {
      phase = 'error';
      failure = reply.error;
    }
    await fullWorker.stop();
  });

  const whatIfCache = new Map<string, { result: AnalysisResult; ms: number }>();
  let whatIfQueue: Promise<unknown> = Promise.resolve();
  const whatIf = async (fixes: readonly string[]): Promise<WorkerReply> => {
    const key = [...fixes].sort().join('\n');
    const cached = whatIfCache.get(key);
    if (cached) return { id: 0, ...cached };
    whatIfWorker ??= new AnalysisWorker(init);
    const worker = whatIfWorker;
    const run = whatIfQueue.then(() =>
      worker.run({ applyFixes: fixes, maxCandidates: 0, planRounds: 0 }),
    );
    whatIfQueue = run.catch(() => undefined);
    const reply = await run;
    if ('result' in reply) {
      if (whatIfCache.size > 50) whatIfCache.clear();
      whatIfCache.set(key, { result: reply.result, ms: reply.ms });
    }
    return reply;
  };

  const needNode = (id: string): string => {
    if (!graph.hasNode(id))
      throw new HttpError(404, `no node "${id}" in the graph`);
    return id;
  };

  const api = apiRouter({
    analysis: () => ({
      cluster: base.cluster,
      inputs: [...options.inputs],
      sessionFile: options.sessionFile,
      phase,
      ...(failure === undefined ? {} : { error: failure }),
      result: slimResult(base),
      ms: Math.round(baseMs),
    }),
    whatIf: async ({ fixes }) => {
      if (fixes.length === 0) return { fixes, result: slimResult(base), ms: 0 };
      const reply = await whatIf(fixes);
      if (!('result' in reply))
        throw new HttpError(reply.unknownFix ? 400 : 500, reply.error);
      return {
        fixes,
        result: slimResult(reply.result),
        ms: Math.round(reply.ms),
      };
    },
    search: ({ q, namespace, kind, limit }) =>
      searchNodes(graph, {
        q,
        limit,
        ...(namespace === undefined || namespace === '' ? {} : { namespace }),
        ...(kind === undefined || kind === '' ? {} : { kind }),
      }),
    facets: () => facetCache,
    node: ({ id }) => {
      needNode(id);
      return {
        node: { id, ...graph.getNodeAttributes(id) },
        object: rawObjectOf(objects, id),
        inDegree: graph.inDegree(id),
        outDegree: graph.outDegree(id),
      };
    },
    neighbourhood: ({ id }) => neighbourhood(graph, needNode(id)),
    blastRadius: ({ id }) =>
      blastRadiusSubgraph(graph, needNode(id), minConfidence),
    path: ({ from, to }) => {
      if (!graph.hasNode(from) || !graph.hasNode(to))
        throw new HttpError(404, 'unknown --from or --to node');
      return shortestPath(graph, from, to, { minConfidence });
    },
    loadSession: () => readSessionFile(options.sessionFile),
    saveSession: async session => {
      await writeSessionFile(options.sessionFile, session);
      return { saved: options.sessionFile };
    },
  });

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
    if (path.startsWith('/api/')) {
      await api(req, res, url);
      return;
    }
    const doc = /^\/docs\/attacks\/([A-Z0-9_]+)\.md$/.exec(path);
    if (doc) {
      await sendTechniqueDoc(res, doc[1] ?? '');
      return;
    }
    await sendStatic(res, options.dist, path);
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
    full,
    async close() {
      await new Promise<void>(done => {
        server.close(() => {
          done();
        });
        server.closeAllConnections();
      });
      await fullWorker.stop();
      await whatIfWorker?.stop();
    },
  };
}
