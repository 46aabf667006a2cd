/**
 * The analyses the viewer shows: the start-up one (without choke points),
 * replaced by the full one when its worker has measured the choke points,
 * and what-if reruns in a second worker, one at a time, cached per set of
 * fixes. Each is the engine's own `analyze` on the input.
 */

import { nodeLabels } from '@chokepoint/engine';
import type { Analysis, AnalysisResult } from '@chokepoint/engine';
import { AnalysisWorker } from './analysis-worker.ts';
import type { WorkerInit, WorkerReply } from './analysis-worker.ts';
import { resultIds } from './explore-context.ts';
import { HttpError } from './http.ts';

export interface Computed {
  readonly result: AnalysisResult;
  readonly labels: Readonly<Record<string, string>>;
  readonly ms: number;
}

export class AnalysisService {
  phase: 'quick' | 'full' | 'error' = 'quick';
  failure: string | undefined;
  base: Computed;
  /** Resolves once the choke points are measured (or failed). */
  readonly full: Promise<void>;
  readonly #init: WorkerInit;
  readonly #fullWorker: AnalysisWorker;
  #whatIfWorker: AnalysisWorker | undefined;
  readonly #cache = new Map<string, Computed>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(init: WorkerInit, quick: Analysis, quickMs: number) {
    this.#init = init;
    this.base = {
      result: quick.result,
      labels: nodeLabels(
        quick.build.graph,
        quick.build.holders,
        resultIds(quick.result),
      ),
      ms: quickMs,
    };
    this.#fullWorker = new AnalysisWorker(init);
    this.full = this.#fullWorker.run({}).then(async reply => {
      if ('result' in reply) {
        this.base = reply;
        this.phase = 'full';
      } else {
        this.phase = 'error';
        this.failure = reply.error;
      }
      await this.#fullWorker.stop();
    });
  }

  /** The analysis with `fixes` applied; 400 for a fix id the input has not. */
  async whatIf(fixes: readonly string[]): Promise<Computed> {
    if (fixes.length === 0) return { ...this.base, ms: 0 };
    const key = [...fixes].sort().join('\n');
    const cached = this.#cache.get(key);
    if (cached) return cached;
    this.#whatIfWorker ??= new AnalysisWorker(this.#init);
    const worker = this.#whatIfWorker;
    const run = this.#queue.then(() =>
      worker.run({ applyFixes: fixes, maxCandidates: 0, planRounds: 0 }),
    );
    this.#queue = run.catch(() => undefined);
    const reply: WorkerReply = await run;
    if (!('result' in reply))
      throw new HttpError(reply.unknownFix ? 400 : 500, reply.error);
    if (this.#cache.size > 50) this.#cache.clear();
    this.#cache.set(key, reply);
    return reply;
  }

  async stop(): Promise<void> {
    await this.#fullWorker.stop();
    await this.#whatIfWorker?.stop();
  }
}
