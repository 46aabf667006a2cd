/**
 * Who may talk to the viewer's server (issue 12, point 1). The viewer shows
 * a cluster's attack paths and writes a file, so:
 * - every request names an allowed Host (a DNS-rebinding guard): the
 *   loopback names, or the bound address and the machine's own names;
 * - off loopback, every request carries the random access token printed at
 *   start-up (as Jupyter does): in the URL once, which sets a cookie, then
 *   the cookie, or an `Authorization: token T` header for scripts;
 * - an API request from another origin is refused: a foreign `Origin`, or
 *   `Sec-Fetch-Site` other than same-origin (a browser's own word on where
 *   the request comes from), so no web page can drive the API, even with a
 *   request that needs no CORS preflight.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { HttpError } from './http.ts';

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

export function isLoopback(host: string): boolean {
  return LOOPBACK.includes(host);
}

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** `::1` -> `[::1]`: an address as it appears in a Host header or URL. */
export function hostPart(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** The names a browser may use for this server: its Host headers without the port. */
export function allowedNames(
  bound: string,
  extra: readonly string[] = [],
): string[] {
  const names = new Set<string>([...LOOPBACK, ...extra]);
  if (isWildcard(bound)) {
    names.add(hostname());
    for (const list of Object.values(networkInterfaces()))
      for (const entry of list ?? []) names.add(entry.address);
  } else names.add(bound);
  return [...names];
}

export interface Guard {
  /** `Host` header values accepted, port included. */
  readonly hosts: ReadonlySet<string>;
  /** Off loopback: the access token every request must carry. */
  readonly token?: string;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function guardFor(
  bound: string,
  port: number,
  extraNames: readonly string[] = [],
): Guard {
  const hosts = new Set(
    allowedNames(bound, extraNames).map(
      name => `${hostPart(name).toLowerCase()}:${String(port)}`,
    ),
  );
  return isLoopback(bound) ? { hosts } : { hosts, token: newToken() };
}

function cookieName(req: IncomingMessage): string {
  // One cookie per port: two viewers on one machine keep their own token.
  const port = /:(\d+)$/.exec(req.headers.host ?? '')?.[1] ?? '';
  return `chokepoint-token-${port}`;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const name = cookieName(req);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/**
 * Refuses (HttpError) or lets through; answers itself (and returns true)
 * when the request is the token URL, which sets the cookie and redirects
 * to the same page without the token in the address bar.
 */
export function guardRequest(
  guard: Guard,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!guard.hosts.has(host))
    throw new HttpError(403, `unexpected Host header "${host}"`);
  if (guard.token !== undefined) {
    const inUrl = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET' && sameToken(inUrl, guard.token)) {
      url.searchParams.delete('token');
      res.writeHead(303, {
        location: `${url.pathname}${url.search}`,
        'set-cookie': `${cookieName(req)}=${guard.token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      res.end();
      return true;
    }
    const header = /^token\s+(\S+)$/i.exec(
      req.headers.authorization ?? '',
    )?.[1];
    if (
      !sameToken(cookieToken(req), guard.token) &&
      !sameToken(header, guard.token)
    )
      throw new HttpError(
        401,
        'this viewer needs its access token: open the URL `chokepoint serve` printed at start-up',
      );
  }
  if (url.pathname.startsWith('/api/')) {
    const origin = req.headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`)
      throw new HttpError(403, `requests from ${origin} are refused`);
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      throw new HttpError(403, `${site} requests are refused`);
  }
  return false;
}
