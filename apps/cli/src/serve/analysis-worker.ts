/**
 * The engine's `analyze` in a worker thread, so the server keeps answering
 * while a large cluster's choke points are measured or a what-if reruns.
 *
 * The worker is an eval script that registers tsx (Node 20 cannot run
 * TypeScript) and imports this module, whose top level then answers
 * requests because it is not the main thread.
 */

import { readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getPriority, setPriority } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  isMainThread,
  parentPort,
  Worker,
  workerData,
} from 'node:worker_threads';
import {
  analyze,
  nodeLabels,
  fixesById,
  pathsAfter,
  publicFix,
  UnknownFixError,
} from '@chokepoint/engine';
import type {
  Analysis,
  AnalysisPath,
  AnalysisResult,
  AnalyzeOptions,
  FixRecord,
  Policy,
} from '@chokepoint/engine';
import type { Snapshot } from '@chokepoint/model';
import { resultIds } from './explore-context.ts';
import { slimResult } from './slim-result.ts';

export interface WorkerInit {
  readonly snapshot: Snapshot;
  readonly policy: Policy;
}

/**
 * `analyze`: the engine's analysis (`keep`: the worker holds on to it for
 * `exposure` requests); `exposure`: the exposure and the paths with fixes
 * of the kept analysis made, measured incrementally by the engine (no
 * rebuild).
 */
type WorkerRequest =
  | {
      readonly id: number;
      readonly kind: 'analyze';
      readonly options: Omit<AnalyzeOptions, 'policy'>;
      readonly keep?: boolean;
    }
  | {
      readonly id: number;
      readonly kind: 'exposure';
      readonly fixes: readonly string[];
    };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown
  ? Omit<T, K>
  : never;

export type WorkerAsk = DistributiveOmit<WorkerRequest, 'id'>;

/**
 * The exposure with some fixes made: how the entry points differ from the
 * kept analysis's, and those still exposed.
 */
export interface Exposure {
  readonly entryPoints: {
    readonly total: number;
    readonly added: readonly string[];
    readonly removed: readonly string[];
  };
  readonly exposed: readonly string[];
}

/** The exposure with some fixes made, and what else the analysis after them shows. */
export interface ExposureAfter extends Exposure {
  readonly criticalAssets: readonly string[];
  /** Critical assets some exposed entry point reaches. */
  readonly criticalAssetsReached: number;
  /** Nodes and edges of the attack graph after the fixes. */
  readonly nodes: number;
  readonly edges: number;
  /** One shortest path per exposed entry point, by entry id. */
  readonly paths: readonly AnalysisPath[];
  /** Readable labels of the nodes the paths name, after the fixes. */
  readonly labels: Readonly<Record<string, string>>;
  readonly applied: readonly FixRecord[];
}

export type WorkerReply =
  | {
      readonly id: number;
      readonly result: AnalysisResult;
      /** Readable labels of the nodes the result names, from its own graph. */
      readonly labels: Readonly<Record<string, string>>;
      readonly ms: number;
    }
  | {
      readonly id: number;
      readonly exposure: ExposureAfter;
      readonly ms: number;
    }
  | {
      readonly id: number;
      readonly error: string;
      readonly unknownFix: boolean;
      /** Stopped because its asker no longer waits for it. */
      readonly cancelled?: boolean;
    };

const MARK = 'chokepointAnalysisWorker';

/** For at most this long (see `warmUp`). */
const WARM_UP_MS = 1500;

/**
 * The fix sets the full worker measures before it reports its analysis
 * (`warmUp`): four candidates alone, then the first two and the first three
 * together, as a user toggles them; candidates other than the choke points'
 * fixes (those a user toggles first are measured when asked, not ahead).
 * Single fixes alone left code that only a set of fixes runs cold
 * (applyFixes, podPart, rbacFactsOf: TurboFan compiled them beside the
 * user's first toggle).
 */
export function warmUpSets(
  analysis: Pick<Analysis, 'candidates' | 'result'>,
): readonly (readonly string[])[] {
  const shown = new Set(analysis.result.chokepoints.map(c => c.fix.id));
  const others = analysis.candidates
    .filter(fix => !shown.has(fix.id))
    .map(fix => fix.id);
  return [
    ...others.slice(0, 4).map(id => [id]),
    ...(others.length > 1 ? [others.slice(0, 2)] : []),
    ...(others.length > 2 ? [others.slice(0, 3)] : []),
  ];
}

/**
 * V8 optimises a function once it has run enough. The choke-point
 * measurement runs the what-if code once per candidate (3 choke points at
 * 20k pods), too few times, so without this the viewer's first what-ifs
 * paid TurboFan's first compiles of it (deriveDelta, changedKeys,
 * measureDelta, applyFixes...: 80-170 ms of CPU on V8's helper threads
 * beside each of the first three what-ifs, quiet 2-core machine, 20k pods).
 * Done before the analysis is reported, so no toggle waits behind it (it
 * costs about a second there); bounded in time for larger clusters.
 */
function warmUp(analysis: Analysis): void {
  const until = performance.now() + WARM_UP_MS;
  for (const fixes of warmUpSets(analysis)) {
    if (performance.now() > until) return;
    try {
      pathsAfter(analysis, fixes);
    } catch {
      // Only a warm-up: the what-if a user asks for reports its own error.
      return;
    }
  }
}

class Cancelled extends Error {
  override readonly name = 'Cancelled';
  constructor() {
    super('stopped: nobody waits for this analysis any more');
  }
}

/**
 * Lowers this thread's CPU priority. On Linux a thread's nice value is its
 * own (setpriority on the thread's id); elsewhere the thread keeps its
 * priority.
 */
function yieldCpu(): void {
  try {
    const thread = Number(basename(readlinkSync('/proc/thread-self')));
    setPriority(thread, Math.min(19, getPriority(thread) + 10));
  } catch {
    // Not Linux: the rerun competes evenly.
  }
}

if (
  !isMainThread &&
  (workerData as Record<string, unknown> | null)?.[MARK] === true
) {
  const { init, cancel, background } = workerData as {
    init: WorkerInit;
    cancel: Int32Array;
    background: boolean;
  };
  if (background) yieldCpu();
  let kept:
    { analysis: Analysis; entryPoints: ReadonlySet<string> } | undefined;
  const answer = (request: WorkerRequest): WorkerReply => {
    const started = performance.now();
    if (request.kind !== 'analyze') {
      if (kept === undefined)
        throw new Error('no analysis kept for an incremental what-if');
      const after = pathsAfter(kept.analysis, request.fixes);
      // Only the difference crosses to the server and on to the browser:
      // the whole list is one entry point per container.
      const before = kept.entryPoints;
      const now = new Set(after.targets.entryPoints);
      return {
        id: request.id,
        exposure: {
          entryPoints: {
            total: now.size,
            added: [...now].filter(id => !before.has(id)),
            removed: [...before].filter(id => !now.has(id)),
          },
          exposed: [...after.exposed],
          criticalAssets: after.targets.criticalAssets,
          criticalAssetsReached: after.criticalAssetsReached,
          nodes: after.nodes,
          edges: after.edges,
          paths: after.paths,
          labels: after.labels,
          applied: fixesById(kept.analysis.candidates, request.fixes).map(
            publicFix,
          ),
        },
        ms: performance.now() - started,
      };
    }
    const analysis = analyze(init.snapshot, {
      ...request.options,
      policy: init.policy,
      // The asker gave up (a newer what-if): stop at the next progress step.
      onProgress: () => {
        if (Atomics.load(cancel, 0) === request.id) throw new Cancelled();
      },
    });
    const { result, build } = analysis;
    const reply = {
      id: request.id,
      result: slimResult(result),
      labels: nodeLabels(build.graph, build.holders, resultIds(result)),
      ms: performance.now() - started,
    };
    if (request.keep === true) {
      kept = { analysis, entryPoints: new Set(analysis.result.entryPoints) };
      warmUp(analysis);
    }
    return reply;
  };
  parentPort?.on('message', (request: WorkerRequest) => {
    try {
      parentPort?.postMessage(answer(request));
    } catch (error) {
      parentPort?.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
        unknownFix: error instanceof UnknownFixError,
        cancelled: error instanceof Cancelled,
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

export class AnalysisWorker {
  private readonly worker: Worker;
  private next = 1;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();
  /** The id of the request to stop (shared with the worker). */
  private readonly cancel = new Int32Array(new SharedArrayBuffer(4));

  /** `background`: the worker runs at a lower CPU priority where it can. */
  constructor(init: WorkerInit, background = false) {
    // From the sources the worker registers tsx; the npm package's compiled
    // chunk is plain JavaScript.
    const fromSource = import.meta.url.endsWith('.ts');
    const code = `const { workerData } = require('node:worker_threads');
(workerData.tsx ? import(workerData.tsx).then(tsx => tsx.register()) : Promise.resolve())
  .then(() => import(workerData.module))
  .catch(e => { console.error(e); process.exit(1); });`;
    this.worker = new Worker(code, {
      eval: true,
      workerData: {
        [MARK]: true,
        ...(fromSource ? { tsx: tsxEsmApi() } : {}),
        module: import.meta.url,
        init,
        cancel: this.cancel,
        background,
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

  /** `signal`: aborting it stops an analysis at its next progress step. */
  run(ask: WorkerAsk, signal?: AbortSignal): Promise<WorkerReply> {
    const id = this.next++;
    const stop = (): void => {
      Atomics.store(this.cancel, 0, id);
    };
    if (signal?.aborted === true) stop();
    else signal?.addEventListener('abort', stop, { once: true });
    return new Promise(resolveReply => {
      this.pending.set(id, resolveReply);
      this.worker.postMessage({ ...ask, id } satisfies WorkerRequest);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
