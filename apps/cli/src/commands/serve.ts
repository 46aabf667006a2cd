/**
 * `chokepoint serve INPUT... [--port N] [--host H] [--open]`: the viewer
 * (apps/viewer's Vite build) and a small JSON API on 127.0.0.1, with
 * node:http only. Binding anywhere else needs --host and prints a warning.
 *
 * The API never sends the whole graph: the overview is the analysis result,
 * explore answers are focused subgraphs capped per sibling group (the viewer
 * folds the rest into "14 more pods in ns web"). Start-up runs the analysis
 * without choke points (one graph build) so the overview opens at once; the
 * measured choke points and every what-if are computed by the engine's own
 * `analyze` (with `applyFixes`) in worker threads, so the server stays
 * responsive while a large cluster is measured. Nothing is faked: a what-if
 * is a real re-analysis of the input with the fixes applied.
 *
 * The viewer is built with Vite on first use when apps/viewer/dist is
 * missing or older than its sources. The session file (decisions, what-if
 * toggles) is saved next to the first INPUT.
 */

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import {
  basename,
  dirname,
  extname,
  join,
  normalize,
  resolve,
  sep,
} from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  isMainThread,
  parentPort,
  Worker,
  workerData,
} from 'node:worker_threads';
import { analyze, shortestPath, UnknownFixError } from '@chokepoint/engine';
import type {
  Analysis,
  AnalysisResult,
  AnalyzeOptions,
  Policy,
} from '@chokepoint/engine';
import { CONFIDENCE_ORDER, objectId } from '@chokepoint/model';
import type {
  AttackGraph,
  Confidence,
  KubeObject,
  Snapshot,
} from '@chokepoint/model';
import type { Command } from '../command.ts';
import { stringOption } from '../command.ts';
import { EXIT, RuntimeFailure, UsageError } from '../errors.ts';
import {
  INPUT_HELP,
  INPUT_OPTIONS,
  readAnalysisInput,
} from '../analysis-input.ts';
import type { Io } from '../io.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const VIEWER_DIR = resolve(HERE, '../../../viewer');
const DOCS_DIR = resolve(HERE, '../../../../docs/attacks');
const DEFAULT_PORT = 7077;
/** Neighbours or reached nodes sent per sibling group, and in all. */
const GROUP_CAP = 25;
const REACH_GROUP_CAP = 8;
const NODE_CAP = 1500;
const REACH_NODE_CAP = 800;
/** Per kind under one anchor, across namespaces. */
const FAMILY_CAP = 60;
const MAX_BODY = 5 * 1024 * 1024;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

// ---------------------------------------------------------------------------
// Worker threads: the engine's analyze, off the event loop.

interface WorkerInit {
  readonly snapshot: Snapshot;
  readonly policy: Policy;
}

interface WorkerRequest {
  readonly id: number;
  readonly options: Omit<AnalyzeOptions, 'policy'>;
}

type WorkerReply =
  | {
      readonly id: number;
      readonly result: AnalysisResult;
      readonly ms: number;
    }
  | {
      readonly id: number;
      readonly error: string;
      readonly unknownFix: boolean;
    };

if (
  !isMainThread &&
  (workerData as { chokepointServe?: boolean } | null)?.chokepointServe === true
) {
  const init = (workerData as { init: WorkerInit }).init;
  parentPort?.on('message', (request: WorkerRequest) => {
    const started = performance.now();
    try {
      const { result } = analyze(init.snapshot, {
        ...request.options,
        policy: init.policy,
      });
      parentPort?.postMessage({
        id: request.id,
        result: slimResult(result),
        ms: performance.now() - started,
      } satisfies WorkerReply);
    } catch (error) {
      parentPort?.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
        unknownFix: error instanceof UnknownFixError,
      } satisfies WorkerReply);
    }
  });
}

/** The file URL of tsx's ESM register API (the worker cannot resolve bare names). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const pkg = require(manifest) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const entry =
    pkg.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(manifest), entry)).href;
}

class AnalysisWorker {
  private readonly worker: Worker;
  private next = 1;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();

  constructor(init: WorkerInit) {
    // An eval worker registers tsx (its ESM API, resolved from this
    // package), then loads this module, whose top level answers requests
    // when it is not the main thread.
    const code = `const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then(tsx => { tsx.register(); return import(workerData.module); })
  .catch(e => { console.error(e); process.exit(1); });`;
    this.worker = new Worker(code, {
      eval: true,
      workerData: {
        chokepointServe: true,
        tsx: tsxEsmApi(),
        module: import.meta.url,
        init,
      },
    });
    this.worker.on('message', (reply: WorkerReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    this.worker.on('error', error => {
      for (const resolveReply of this.pending.values()) {
        resolveReply({ id: 0, error: error.message, unknownFix: false });
      }
      this.pending.clear();
    });
    this.worker.unref();
  }

  run(options: WorkerRequest['options']): Promise<WorkerReply> {
    const id = this.next++;
    return new Promise(resolveReply => {
      this.pending.set(id, resolveReply);
      this.worker.postMessage({ id, options } satisfies WorkerRequest);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

// ---------------------------------------------------------------------------
// Explore queries on the graph of the start-up analysis.

interface NodeRow {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

function nodeRow(graph: AttackGraph, id: string): NodeRow {
  const a = graph.getNodeAttributes(id);
  return {
    id,
    kind: a.kind,
    name: a.name,
    ...(a.namespace === undefined ? {} : { namespace: a.namespace }),
  };
}

function fullNode(graph: AttackGraph, id: string, depth?: number) {
  return {
    id,
    ...graph.getNodeAttributes(id),
    ...(depth === undefined ? {} : { depth }),
  };
}

function edgeJson(graph: AttackGraph, key: string) {
  return {
    from: graph.source(key),
    to: graph.target(key),
    ...graph.getEdgeAttributes(key),
  };
}

export function searchNodes(
  graph: AttackGraph,
  query: { q: string; namespace?: string; kind?: string; limit: number },
): { total: number; nodes: NodeRow[] } {
  const q = query.q.trim().toLowerCase();
  const scored: { row: NodeRow; score: number }[] = [];
  graph.forEachNode((id, a) => {
    if (query.kind !== undefined && a.kind !== query.kind) return;
    if (query.namespace !== undefined && a.namespace !== query.namespace)
      return;
    const name = a.name.toLowerCase();
    let score = 3;
    if (q !== '') {
      if (name === q || id.toLowerCase() === q) score = 0;
      else if (name.startsWith(q)) score = 1;
      else if (name.includes(q) || id.toLowerCase().includes(q)) score = 2;
      else return;
    }
    scored.push({
      row: {
        id,
        kind: a.kind,
        name: a.name,
        ...(a.namespace === undefined ? {} : { namespace: a.namespace }),
      },
      score,
    });
  });
  scored.sort((x, y) => x.score - y.score || (x.row.id < y.row.id ? -1 : 1));
  return {
    total: scored.length,
    nodes: scored.slice(0, query.limit).map(s => s.row),
  };
}

export function facets(graph: AttackGraph): {
  namespaces: [string, number][];
  kinds: [string, number][];
} {
  const namespaces = new Map<string, number>();
  const kinds = new Map<string, number>();
  graph.forEachNode((_id, a) => {
    kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    if (a.namespace !== undefined)
      namespaces.set(a.namespace, (namespaces.get(a.namespace) ?? 0) + 1);
  });
  const sorted = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { namespaces: sorted(namespaces), kinds: sorted(kinds) };
}

interface OmittedGroup {
  anchor: string;
  direction: 'in' | 'out';
  kind: string;
  namespace?: string;
  count: number;
}

function countOmitted(
  omitted: Map<string, OmittedGroup>,
  anchor: string,
  direction: 'in' | 'out',
  row: NodeRow,
): void {
  const key = `${anchor}|${direction}|${row.kind}|${row.namespace ?? ''}`;
  const group = omitted.get(key);
  if (group) group.count++;
  else
    omitted.set(key, {
      anchor,
      direction,
      kind: row.kind,
      ...(row.namespace === undefined ? {} : { namespace: row.namespace }),
      count: 1,
    });
}

/** The centre, its in- and out-neighbours (capped per group), and the edges joining them. */
export function neighbourhood(graph: AttackGraph, center: string) {
  const sent = new Set<string>([center]);
  const perGroup = new Map<string, number>();
  const omitted = new Map<string, OmittedGroup>();
  const edges: ReturnType<typeof edgeJson>[] = [];
  const neighbours = new Set<string>();
  const visit = (key: string, other: string, direction: 'in' | 'out'): void => {
    neighbours.add(other);
    if (!sent.has(other)) {
      const row = nodeRow(graph, other);
      const group = `${direction}|${row.kind}|${row.namespace ?? ''}`;
      const family = `${direction}|${row.kind}`;
      const count = perGroup.get(group) ?? 0;
      const inFamily = perGroup.get(family) ?? 0;
      if (
        count >= GROUP_CAP ||
        inFamily >= FAMILY_CAP ||
        sent.size >= NODE_CAP
      ) {
        countOmitted(omitted, center, direction, row);
        return;
      }
      perGroup.set(group, count + 1);
      perGroup.set(family, inFamily + 1);
      sent.add(other);
    }
    edges.push(edgeJson(graph, key));
  };
  graph.forEachOutEdge(center, (key, _a, _s, target) => {
    visit(key, target, 'out');
  });
  graph.forEachInEdge(center, (key, _a, source) => {
    visit(key, source, 'in');
  });
  return {
    center,
    nodes: [...sent].map(id => fullNode(graph, id, id === center ? 0 : 1)),
    edges,
    omitted: [...omitted.values()],
    total: neighbours.size,
  };
}

/**
 * Blast radius: everything reachable forward from `center` over traversable
 * edges at or above the confidence floor, counted in full; the breadth-first
 * tree is sent for a capped share, the rest counted per group.
 */
export function blastRadius(
  graph: AttackGraph,
  center: string,
  minConfidence: Confidence,
) {
  const floor = CONFIDENCE_ORDER.indexOf(minConfidence);
  const depth = new Map<string, number>([[center, 0]]);
  const shown = new Map<string, string>([[center, center]]); // node -> nearest sent ancestor
  const sent = new Set<string>([center]);
  const perGroup = new Map<string, number>();
  const omitted = new Map<string, OmittedGroup>();
  const edges: ReturnType<typeof edgeJson>[] = [];
  const reachedByKind: Record<string, number> = {};
  let frontier = [center];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const node of frontier) {
      const d = depth.get(node) ?? 0;
      graph.forEachOutEdge(node, (key, a, _s, target) => {
        if (depth.has(target) || !a.traversable) return;
        if (CONFIDENCE_ORDER.indexOf(a.confidence) < floor) return;
        depth.set(target, d + 1);
        next.push(target);
        const row = nodeRow(graph, target);
        reachedByKind[row.kind] = (reachedByKind[row.kind] ?? 0) + 1;
        const anchor = shown.get(node) ?? center;
        if (anchor === node) {
          const group = `${node}|${row.kind}|${row.namespace ?? ''}`;
          const family = `${node}|${row.kind}`;
          const count = perGroup.get(group) ?? 0;
          const inFamily = perGroup.get(family) ?? 0;
          if (
            count < REACH_GROUP_CAP &&
            inFamily < FAMILY_CAP &&
            sent.size < REACH_NODE_CAP
          ) {
            perGroup.set(group, count + 1);
            perGroup.set(family, inFamily + 1);
            sent.add(target);
            shown.set(target, target);
            edges.push(edgeJson(graph, key));
            return;
          }
        }
        shown.set(target, anchor);
        countOmitted(omitted, anchor, 'out', row);
      });
    }
    frontier = next;
  }
  return {
    center,
    nodes: [...sent].map(id => fullNode(graph, id, depth.get(id) ?? 0)),
    edges,
    omitted: [...omitted.values()],
    total: depth.size - 1,
    reachedByKind,
  };
}

function objectIndex(snapshot: Snapshot): Map<string, KubeObject> {
  const byId = new Map<string, KubeObject>();
  for (const [kind, objects] of Object.entries(snapshot.objects)) {
    for (const object of objects) {
      byId.set(
        objectId(kind, object.metadata.name, object.metadata.namespace),
        object,
      );
    }
  }
  return byId;
}

/** The Kubernetes object behind a node: itself, or a container's pod. */
export function rawObjectOf(
  objects: ReadonlyMap<string, KubeObject>,
  id: string,
): KubeObject | null {
  const direct = objects.get(id);
  if (direct) return direct;
  const container = /^Container:([^/]+)\/([^/]+)\/[^/]+$/.exec(id);
  if (container)
    return (
      objects.get(`Pod:${container[1] ?? ''}/${container[2] ?? ''}`) ?? null
    );
  return null;
}

// ---------------------------------------------------------------------------
// The viewer's build and the session file.

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path))
    newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** The dist to serve, building it with the viewer's Vite when missing or stale. */
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
  const dist = join(VIEWER_DIR, 'dist');
  const built = newestMtime(join(dist, 'index.html'));
  const sources = Math.max(
    newestMtime(join(VIEWER_DIR, 'src')),
    newestMtime(join(VIEWER_DIR, 'index.html')),
    newestMtime(join(VIEWER_DIR, 'vite.config.ts')),
    // The stylesheet is derived from the model's tables.
    newestMtime(resolve(VIEWER_DIR, '../../packages/model/src')),
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

/** `cluster.snapshot.json` -> `cluster.session.json`; a directory `d/` -> `d.session.json` beside it. */
export function sessionPathFor(input: string | undefined): string {
  if (input === undefined || input === '-')
    return resolve('chokepoint.session.json');
  const path = resolve(input);
  if (existsSync(path) && statSync(path).isDirectory())
    return `${path}.session.json`;
  const ext = extname(path);
  const stem = basename(path, ext).replace(/\.snapshot$/, '');
  return join(dirname(path), `${stem}.session.json`);
}

// ---------------------------------------------------------------------------
// HTTP.

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
): void {
  const accepts = /\bgzip\b/.test(res.req.headers['accept-encoding'] ?? '');
  const zipped = accepts && body.length > 32 * 1024;
  if (zipped) body = gzipSync(body, { level: 4 });
  res.writeHead(status, {
    'content-type': type,
    ...(zipped ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'",
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new UsageError('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const FINDINGS_SENT = 200;

/**
 * The result as the viewer needs it: findings (on attack paths first) are
 * capped, since a large cluster has tens of thousands, with their total.
 */
export function slimResult(
  result: AnalysisResult,
): AnalysisResult & { readonly findingsTotal?: number } {
  const findings = (result as { findings?: readonly unknown[] }).findings;
  if (findings === undefined || findings.length <= FINDINGS_SENT) return result;
  return {
    ...result,
    findings: findings.slice(0, FINDINGS_SENT),
    findingsTotal: findings.length,
  } as AnalysisResult & {
    findingsTotal: number;
  };
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export interface ViewerServerOptions {
  readonly snapshot: Snapshot;
  readonly policy: Policy;
  readonly inputs: readonly string[];
  readonly dist: string;
  readonly sessionFile: string;
  readonly host: string;
  readonly port: number;
}

export interface ViewerServer {
  readonly url: string;
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
  });
  const quickMs = performance.now() - started;
  const { graph } = quick.build;
  const minConfidence = quick.build.index.policy.minConfidence;
  const objects = objectIndex(options.snapshot);
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

  const allowedHosts = new Set<string>();
  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const host = req.headers.host ?? '';
    if (allowedHosts.size > 0 && !allowedHosts.has(host)) {
      sendJson(res, 403, { error: `unexpected Host header "${host}"` });
      return;
    }
    const path = url.pathname;
    const param = (name: string): string | undefined =>
      url.searchParams.get(name) ?? undefined;
    const needNode = (): string | undefined => {
      const id = param('id');
      if (id === undefined || !graph.hasNode(id)) {
        sendJson(res, 404, { error: `no node "${id ?? ''}" in the graph` });
        return undefined;
      }
      return id;
    };
    if (path === '/api/analysis') {
      sendJson(res, 200, {
        cluster: base.cluster,
        inputs: options.inputs,
        sessionFile: options.sessionFile,
        phase,
        ...(failure === undefined ? {} : { error: failure }),
        result: slimResult(base),
        ms: Math.round(baseMs),
      });
      return;
    }
    if (path === '/api/what-if' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}') as {
        fixes?: unknown;
      };
      const fixes = Array.isArray(body.fixes)
        ? body.fixes.filter((f): f is string => typeof f === 'string')
        : [];
      if (fixes.length === 0) {
        sendJson(res, 200, { fixes, result: slimResult(base), ms: 0 });
        return;
      }
      const reply = await whatIf(fixes);
      if ('result' in reply)
        sendJson(res, 200, {
          fixes,
          result: slimResult(reply.result),
          ms: Math.round(reply.ms),
        });
      else sendJson(res, reply.unknownFix ? 400 : 500, { error: reply.error });
      return;
    }
    if (path === '/api/search') {
      const limit = Math.min(200, Number(param('limit') ?? 50) || 50);
      const namespace = param('namespace');
      const kind = param('kind');
      sendJson(
        res,
        200,
        searchNodes(graph, {
          q: param('q') ?? '',
          limit,
          ...(namespace === undefined || namespace === '' ? {} : { namespace }),
          ...(kind === undefined || kind === '' ? {} : { kind }),
        }),
      );
      return;
    }
    if (path === '/api/facets') {
      sendJson(res, 200, facetCache);
      return;
    }
    if (path === '/api/node') {
      const id = needNode();
      if (id === undefined) return;
      sendJson(res, 200, {
        node: fullNode(graph, id),
        object: rawObjectOf(objects, id),
        inDegree: graph.inDegree(id),
        outDegree: graph.outDegree(id),
      });
      return;
    }
    if (path === '/api/neighbourhood') {
      const id = needNode();
      if (id !== undefined) sendJson(res, 200, neighbourhood(graph, id));
      return;
    }
    if (path === '/api/blast-radius') {
      const id = needNode();
      if (id !== undefined)
        sendJson(res, 200, blastRadius(graph, id, minConfidence));
      return;
    }
    if (path === '/api/path') {
      const from = param('from') ?? '';
      const to = param('to') ?? '';
      if (!graph.hasNode(from) || !graph.hasNode(to)) {
        sendJson(res, 404, { error: 'unknown --from or --to node' });
        return;
      }
      sendJson(res, 200, shortestPath(graph, from, to, { minConfidence }));
      return;
    }
    if (path === '/api/session') {
      if (req.method === 'PUT' || req.method === 'POST') {
        const text = await readBody(req);
        const value = JSON.parse(text) as { format?: unknown };
        if (value.format !== 'chokepoint.session') {
          sendJson(res, 400, { error: 'not a chokepoint.session document' });
          return;
        }
        const tmp = `${options.sessionFile}.tmp-${String(process.pid)}`;
        await writeFile(tmp, `${JSON.stringify(value, null, 1)}\n`);
        await rename(tmp, options.sessionFile);
        sendJson(res, 200, { saved: options.sessionFile });
        return;
      }
      if (!existsSync(options.sessionFile)) {
        sendJson(res, 404, {
          error: `no session file yet at ${options.sessionFile}`,
        });
        return;
      }
      send(
        res,
        200,
        await readFile(options.sessionFile),
        'application/json; charset=utf-8',
      );
      return;
    }
    const doc = /^\/docs\/attacks\/([A-Z0-9_]+)\.md$/.exec(path);
    if (doc) {
      const kind = doc[1] ?? '';
      const file = join(DOCS_DIR, `${kind}.md`);
      const text = existsSync(file) ? await readFile(file, 'utf8') : undefined;
      const bodyText = text ?? `docs/attacks/${kind}.md is not written yet.`;
      send(
        res,
        text === undefined ? 404 : 200,
        `<!doctype html><meta charset="utf-8"><title>${kind}</title><style>body{font:16px/1.5 system-ui;max-width:60em;margin:2em auto}pre{white-space:pre-wrap}</style><pre>${escapeHtml(bodyText)}</pre>`,
        'text/html; charset=utf-8',
      );
      return;
    }
    if (path.startsWith('/api/')) {
      sendJson(res, 404, { error: `no API ${path}` });
      return;
    }
    const relative = normalize(
      decodeURIComponent(path === '/' ? '/index.html' : path),
    ).replace(/^([/\\])+/, '');
    const file = resolve(options.dist, relative);
    if (
      !file.startsWith(options.dist + sep) ||
      !existsSync(file) ||
      statSync(file).isDirectory()
    ) {
      send(res, 404, 'not found', 'text/plain; charset=utf-8');
      return;
    }
    send(
      res,
      200,
      await readFile(file),
      MIME[extname(file)] ?? 'application/octet-stream',
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(
          res,
          error instanceof SyntaxError || error instanceof UsageError
            ? 400
            : 500,
          {
            error: error instanceof Error ? error.message : String(error),
          },
        );
      } else res.end();
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
  const shownHost = options.host.includes(':')
    ? `[${options.host}]`
    : options.host;
  if (
    options.host === '127.0.0.1' ||
    options.host === 'localhost' ||
    options.host === '::1'
  ) {
    for (const name of ['127.0.0.1', 'localhost', '[::1]'])
      allowedHosts.add(`${name}:${String(port)}`);
  }
  return {
    url: `http://${shownHost}:${String(port)}/`,
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

function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin'
      ? 'open'
      : process.platform === 'win32'
        ? 'cmd'
        : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // The URL is printed anyway.
  }
}

export const serveCommand: Command = {
  name: 'serve',
  summary:
    'Serve the viewer (attack paths, choke points, what-if) on 127.0.0.1',
  usage:
    'chokepoint serve INPUT... [--port N] [--host H] [--open] [--session FILE]',
  help: `${INPUT_HELP}

Options:
      --port N        port to listen on (default ${String(DEFAULT_PORT)}; 0 picks a free one)
      --host H        address to bind (default 127.0.0.1). Anything else makes
                      the cluster's attack paths readable from the network
      --open          open the viewer in the default browser
      --session FILE  where the viewer saves decisions (default: next to
                      the first INPUT, e.g. cluster.session.json)

The viewer is built with Vite on first use if apps/viewer/dist is missing.

Example:
  chokepoint serve examples/demo-cluster --open`,
  options: {
    ...INPUT_OPTIONS,
    port: { type: 'string' },
    host: { type: 'string' },
    open: { type: 'boolean' },
    session: { type: 'string' },
  },
  async run(args, io) {
    if (args.positionals.length === 0)
      throw new UsageError('serve needs at least one INPUT');
    const portText = stringOption(args, 'port');
    const port = portText === undefined ? DEFAULT_PORT : Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(
        `--port must be a port number (got "${portText ?? ''}")`,
      );
    }
    const host = stringOption(args, 'host') ?? '127.0.0.1';
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
      io.stderr(
        `warning: --host ${host} makes the viewer, and the attack paths of this cluster, reachable from other machines; there is no authentication\n`,
      );
    }
    const dist = await ensureViewerBuilt(io);
    const { snapshot, policy } = await readAnalysisInput(args, io);
    const sessionFile = resolve(
      stringOption(args, 'session') ?? sessionPathFor(args.positionals[0]),
    );
    let server: ViewerServer;
    try {
      server = await startViewerServer({
        snapshot,
        policy,
        inputs: args.positionals,
        dist,
        sessionFile,
        host,
        port,
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EADDRINUSE')
        throw new RuntimeFailure(
          `port ${String(port)} is in use: choose another with --port N (0 picks a free one)`,
        );
      if (code === 'EADDRNOTAVAIL')
        throw new RuntimeFailure(
          `cannot bind ${host}: not an address of this machine`,
        );
      throw error;
    }
    io.stdout(
      `Analysed ${snapshot.cluster.name}` +
        ` in ${(server.quickMs / 1000).toFixed(1)} s; measuring choke points in the background.\n` +
        `Chokepoint viewer: ${server.url}  (Ctrl-C to stop)\n`,
    );
    void server.full.then(() => {
      io.stdout('Choke points measured.\n');
    });
    if (args.values.open === true) openBrowser(server.url);
    await new Promise<void>(done => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void server.close().then(done);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return EXIT.ok;
  },
};
