/**
 * HTTP plumbing of `chokepoint serve` on node:http: answers with the
 * security headers every answer carries, gzip for large bodies, bounded
 * request bodies, and an error type that carries its status.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

export const MAX_BODY = 5 * 1024 * 1024;

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
    'content-security-policy':
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'",
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

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new HttpError(
        413,
        `request body over ${String(MAX_BODY / 1024 / 1024)} MiB`,
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
