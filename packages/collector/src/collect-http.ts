/**
 * The collector's HTTP client for the Kubernetes API: GET and POST of JSON
 * over one keep-alive agent, at most `concurrency` requests in flight, a
 * token-bucket rate limit applied to every request (retries included), and
 * retries with exponential backoff and jitter on 429 (honouring Retry-After),
 * 5xx, timeouts and dropped connections. Authentication comes from
 * @kubernetes/client-node's KubeConfig (collect-config.ts); the bodies stay
 * raw JSON, exactly as the API server sent them.
 */

import http from 'node:http';
import https from 'node:https';
import type { Connection } from './collect-config.ts';
import { clip } from './safe-text.ts';

export interface HttpOptions {
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Requests per second, sustained (token bucket). */
  readonly qps: number;
  /** Requests allowed at once above the sustained rate. */
  readonly burst: number;
  /** Attempts after the first, for retryable failures. */
  readonly retries: number;
  /** First backoff; doubled per attempt, with jitter, capped at maxBackoffMs. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Per-request time limit (no response or no body in time: retried). */
  readonly timeoutMs: number;
}

export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  concurrency: 4,
  qps: 100,
  burst: 20,
  retries: 6,
  backoffMs: 200,
  maxBackoffMs: 5_000,
  timeoutMs: 60_000,
};

/** The API server answered with an error status (after retries, if any). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: number;
  readonly reason: string | undefined;

  constructor(code: number, message: string, reason?: string) {
    super(message);
    this.code = code;
    this.reason = reason;
  }
}

/** No HTTP answer at all (refused, reset, DNS, TLS, timeout), after retries. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly errorCode: string | undefined;

  constructor(message: string, errorCode?: string) {
    super(message);
    this.errorCode = errorCode;
  }
}

export interface HttpStats {
  requests: number;
  retries: number;
  /** Retries by cause: a status code, or `network`, `timeout`. */
  readonly retriesBy: Record<string, number>;
}

interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);

/** A token bucket: `take()` resolves when a token is available. */
class RateLimiter {
  readonly #qps: number;
  readonly #burst: number;
  #tokens: number;
  #last = Date.now();
  #chain: Promise<void> = Promise.resolve();

  constructor(qps: number, burst: number) {
    this.#qps = qps;
    this.#burst = Math.max(1, burst);
    this.#tokens = this.#burst;
  }

  take(): Promise<void> {
    if (!Number.isFinite(this.#qps) || this.#qps <= 0) return Promise.resolve();
    const next = this.#chain.then(async () => {
      const now = Date.now();
      this.#tokens = Math.min(
        this.#burst,
        this.#tokens + ((now - this.#last) / 1000) * this.#qps,
      );
      this.#last = now;
      if (this.#tokens < 1) {
        const waitMs = ((1 - this.#tokens) / this.#qps) * 1000;
        await sleep(waitMs);
        this.#tokens = 1;
        this.#last = Date.now();
      }
      this.#tokens -= 1;
    });
    this.#chain = next;
    return next;
  }
}

/** At most `limit` holders at once. */
class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#free = Math.max(1, limit);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>(resolve => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** An API error body is quoted in messages no longer than this. */
const MESSAGE_LIMIT = 300;

/** Status objects carry `message` and `reason`; anything else is quoted, cut short. */
function statusOf(body: string): { message?: string; reason?: string } {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const { message, reason } = parsed as Record<string, unknown>;
      return {
        ...(typeof message === 'string'
          ? { message: clip(message, MESSAGE_LIMIT) }
          : {}),
        ...(typeof reason === 'string'
          ? { reason: clip(reason, MESSAGE_LIMIT) }
          : {}),
      };
    }
  } catch {
    // Not JSON: use the text.
  }
  return body.trim() === ''
    ? {}
    : { message: clip(body.trim(), MESSAGE_LIMIT) };
}

function retryAfterMs(headers: http.IncomingHttpHeaders): number | undefined {
  const value = headers['retry-after'];
  if (typeof value !== 'string') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export class KubeHttp {
  readonly stats: HttpStats = { requests: 0, retries: 0, retriesBy: {} };
  readonly #connection: Connection;
  readonly #options: HttpOptions;
  readonly #limiter: RateLimiter;
  readonly #slots: Semaphore;
  readonly #agent: http.Agent;

  constructor(connection: Connection, options: Partial<HttpOptions> = {}) {
    this.#connection = connection;
    this.#options = { ...DEFAULT_HTTP_OPTIONS, ...options };
    this.#limiter = new RateLimiter(this.#options.qps, this.#options.burst);
    this.#slots = new Semaphore(this.#options.concurrency);
    const agentOptions = {
      keepAlive: true,
      maxSockets: this.#options.concurrency,
    };
    this.#agent =
      connection.server.protocol === 'https:'
        ? new https.Agent({ ...agentOptions, ...connection.tls })
        : new http.Agent(agentOptions);
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }

  async getJson(
    path: string,
    query: Readonly<Record<string, string>> = {},
    accept = 'application/json',
    retries = this.#options.retries,
  ): Promise<unknown> {
    return this.request('GET', path, query, undefined, accept, retries);
  }

  async postJson(path: string, body: unknown): Promise<unknown> {
    return this.request('POST', path, {}, JSON.stringify(body));
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    query: Readonly<Record<string, string>>,
    body?: string,
    accept = 'application/json',
    retries = this.#options.retries,
  ): Promise<unknown> {
    const url = new URL(this.#connection.server.href);
    url.pathname = `${url.pathname.replace(/\/$/, '')}${path}`;
    for (const [key, value] of Object.entries(query))
      url.searchParams.set(key, value);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      await this.#limiter.take();
      let cause: string;
      let wait: number | undefined;
      let failure: Error;
      try {
        const response = await this.#slots.run(() =>
          this.once(method, url, body, accept),
        );
        if (response.status >= 200 && response.status < 300) {
          try {
            return JSON.parse(response.body) as unknown;
          } catch {
            // A truncated body (connection dropped mid-stream): retry.
            cause = 'network';
            failure = new TransportError(
              `${method} ${path}: the response was not complete JSON`,
            );
          }
        } else {
          const status = statusOf(response.body);
          failure = new ApiError(
            response.status,
            status.message ?? `HTTP ${String(response.status)}`,
            status.reason,
          );
          if (response.status === 401 && !refreshed) {
            // Expired exec/OIDC token: ask the KubeConfig again, once.
            refreshed = true;
            await this.#connection.refresh();
            attempt--;
            continue;
          }
          if (!RETRY_STATUS.has(response.status)) throw failure;
          cause = String(response.status);
          wait = retryAfterMs(response.headers);
        }
      } catch (error) {
        if (error instanceof ApiError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        cause = code === 'ETIMEDOUT' ? 'timeout' : 'network';
        failure = new TransportError(
          `${method} ${url.origin}${path}: ${error instanceof Error ? error.message : String(error)}`,
          code,
        );
      }
      if (attempt >= retries) throw failure;
      this.stats.retries++;
      this.stats.retriesBy[cause] = (this.stats.retriesBy[cause] ?? 0) + 1;
      const backoff = Math.min(
        this.#options.maxBackoffMs,
        this.#options.backoffMs * 2 ** attempt,
      );
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      await sleep(
        wait === undefined
          ? jittered
          : Math.min(this.#options.maxBackoffMs, Math.max(wait, jittered)),
      );
    }
  }

  private once(
    method: string,
    url: URL,
    body: string | undefined,
    accept: string,
  ): Promise<RawResponse> {
    this.stats.requests++;
    const transport = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = {
      ...this.#connection.headers(),
      Accept: accept,
      'User-Agent': 'chokepoint-collector',
    };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    return new Promise<RawResponse>((resolve, reject) => {
      const request = transport.request(
        url,
        { method, headers, agent: this.#agent },
        response => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (!response.complete) {
              reject(new TransportError('connection closed mid-response'));
              return;
            }
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          response.on('error', reject);
          response.on('aborted', () => {
            reject(new TransportError('response aborted'));
          });
        },
      );
      request.setTimeout(this.#options.timeoutMs, () => {
        const error = new Error(
          `no answer within ${String(this.#options.timeoutMs)} ms`,
        ) as NodeJS.ErrnoException;
        error.code = 'ETIMEDOUT';
        request.destroy(error);
      });
      request.on('error', reject);
      request.end(body);
    });
  }
}
