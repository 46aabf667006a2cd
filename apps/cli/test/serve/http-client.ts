/**
 * Requests with every header under the test's control (Host, Origin,
 * Sec-Fetch-Site, cookies), as a browser or an attacker's page would send
 * them; node:http, because fetch forbids some of these headers.
 */

import { request } from 'node:http';
import { connect } from 'node:net';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export function httpRequest(
  base: string,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<Answer> {
  const url = new URL(base);
  return new Promise((done, fail) => {
    const req = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: url.host, ...options.headers },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', fail);
    req.end(options.body);
  });
}

/** A request line sent byte for byte (for request targets node:http would refuse to send). */
export function rawRequest(base: string, text: string): Promise<string> {
  const url = new URL(base);
  return new Promise((done, fail) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.end(text);
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('end', () => {
      done(answer);
    });
    socket.on('error', fail);
  });
}
