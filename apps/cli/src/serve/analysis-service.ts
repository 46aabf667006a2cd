/**
 * The analyses the viewer shows: the start-up one (without choke points),
 * replaced by the full one when its worker has measured the choke points.
 * That worker keeps the full analysis and answers a what-if from it
 * incrementally (the engine's `pathsAfter`: no rebuild): the figures, and
 * the paths the page asks for next from the same measurement. A what-if
 * asked before the choke points are measured (a saved session's toggles at
 * start-up) is an `analyze` with the fixes applied in a second worker, at a
 * lower CPU priority, stopped when its asker stops waiting (a newer
 * what-if). Each runs one at a time per worker, cached per set of fixes.
 */

import { nodeLabels } from '@chokepoint/engine';
import type { Analysis, AnalysisResult } from '@chokepoint/engine';
import { AnalysisWorker } from './analysis-worker.ts';
import type {
  ExposureAfter,
  WorkerInit,
  WorkerReply,
} from './analysis-worker.ts';
import { resultIds } from './explore-context.ts';
import { HttpError } from './http.ts';
import { resultAfter } from './what-if-result.ts';

export interface Computed {
  readonly result: AnalysisResult;
  readonly labels: Readonly<Record<string, string>>;
  readonly ms: number;
}

export interface MeasuredExposure extends ExposureAfter {
  readonly ms: number;
}

/** One request at a time per worker, answers cached per set of fixes. */
class Queue<T> {
  readonly #cache = new Map<string, T>();
  #tail: Promise<unknown> = Promise.resolve();

  async run(
    fixes: readonly string[],
    work: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const key = [...fixes].sort().join('\n');
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    // A request given up while queued is not run at all.
    const run = this.#tail.then(() => {
      signal?.throwIfAborted();
      return work();
    });
    this.#tail = run.catch(() => undefined);
    const answer = await run;
    if (this.#cache.size > 50) this.#cache.clear();
    this.#cache.set(key, answer);
    return answer;
  }
}

function refused(reply: WorkerReply): never {
  if ('error' in reply)
    throw new HttpError(
      reply.unknownFix ? 400 : reply.cancelled === true ? 503 : 500,
      reply.error,
    );
  throw new HttpError(500, 'the analysis worker answered something else');
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
  readonly #results = new Queue<Computed>();
  readonly #exposures = new Queue<MeasuredExposure>();

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
    this.full = this.#fullWorker
      .run({ kind: 'analyze', options: {}, keep: true })
      .then(async reply => {
        if ('result' in reply) {
          this.base = reply;
          this.phase = 'full';
        } else {
          this.phase = 'error';
          this.failure = 'error' in reply ? reply.error : 'no result';
          await this.#fullWorker.stop();
        }
      });
  }

  /**
   * The analysis with `fixes` applied; 400 for a fix id the input has not.
   * Once the choke points are measured it is the kept full analysis with
   * the paths and figures after the fixes (`resultAfter`), measured with the
   * exposure the page asked for first; before, a rerun of the input with
   * them applied. `signal`: the asker stopped waiting.
   */
  async whatIf(
    fixes: readonly string[],
    signal?: AbortSignal,
  ): Promise<Computed> {
    if (fixes.length === 0) return { ...this.base, ms: 0 };
    if (this.phase === 'full') {
      const after = await this.exposure(fixes);
      return {
        result: resultAfter(this.base.result, after),
        labels: after.labels,
        ms: after.ms,
      };
    }
    return this.#results.run(
      fixes,
      async () => {
        this.#whatIfWorker ??= new AnalysisWorker(this.#init, true);
        const reply = await this.#whatIfWorker.run(
          {
            kind: 'analyze',
            options: { applyFixes: fixes, maxCandidates: 0, planRounds: 0 },
          },
          signal,
        );
        return 'result' in reply ? reply : refused(reply);
      },
      signal,
    );
  }

  /**
   * The exposure with `fixes` made, from the kept full analysis (409 until
   * the choke points are measured: the fixes are its candidates).
   */
  async exposure(fixes: readonly string[]): Promise<MeasuredExposure> {
    if (this.phase !== 'full')
      throw new HttpError(409, 'the choke points are not measured yet');
    return this.#exposures.run(fixes, async () => {
      const reply = await this.#fullWorker.run({ kind: 'exposure', fixes });
      return 'exposure' in reply
        ? { ...reply.exposure, ms: reply.ms }
        : refused(reply);
    });
  }

  async stop(): Promise<void> {
    await this.#fullWorker.stop();
    await this.#whatIfWorker?.stop();
  }
}
