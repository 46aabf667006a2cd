/**
 * HTTP plumbing of `chokepoint serve` on node:http: answers with the
 * security headers every answer carries, gzip for large bodies, bounded
 * request bodies, and an error type that carries its status.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

export const MAX_BODY = 5 * 1024 * 1024;

/**
 * Nothing but the viewer's own files, and no framing: a page that frames
 * the viewer could make a user click through its decisions.
 */
export const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A request the server refuses, with the status and message to answer. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    message: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const accepts = /\bgzip\b/.test(res.req.headers['accept-encoding'] ?? '');
  const zipped = accepts && body.length > 32 * 1024;
  if (zipped) body = gzipSync(body, { level: 4 });
  res.writeHead(status, {
    'content-type': type,
    ...(zipped ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CSP,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    ...headers,
  });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  send(
    res,
    status,
    JSON.stringify(value),
    'application/json; charset=utf-8',
    headers,
  );
}

/**
 * The request body as text, at most MAX_BODY bytes. Past that it answers
 * 413 but keeps reading (and dropping) for a while, so the client hears the
 * answer instead of a reset connection; a client that keeps sending is cut.
 */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const tooLarge = new HttpError(
      413,
      `request body over ${String(MAX_BODY / 1024 / 1024)} MiB`,
    );
    let chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else if (size - chunk.length <= MAX_BODY) {
        chunks = [];
        fail(tooLarge);
      } else if (size > 4 * MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      if (size <= MAX_BODY) done(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', fail);
  });
}
