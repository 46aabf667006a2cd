/**
 * The viewer's server refuses what another web page, a rebound DNS name or
 * a hostile client could send (issue 12, points 1 and 3), over real HTTP:
 * writes only with their one method and a JSON body, never from another
 * origin; framing forbidden; off loopback, nothing without the access
 * token; and malformed requests answered 4xx, the server still up.
 */

import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, rawRequest } from './http-client.ts';
import { startDemoServer } from './demo-server.ts';
import type { DemoServer } from './demo-server.ts';

const SESSION = JSON.stringify({
  format: 'chokepoint.session',
  schemaVersion: 2,
  cluster: 'demo',
  inputs: [],
  savedAt: '',
  decisions: [],
  notes: [],
  whatIfSets: [],
  whatIf: [],
});

describe('the viewer server on loopback', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer();
  });
  afterAll(async () => {
    await demo.server.close();
  });
  const origin = (): string => demo.url.replace(/\/$/, '');

  it('takes writes only as their one method with an application/json body', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const put = await httpRequest(demo.url, '/api/session', {
        method: 'PUT',
        headers: { 'content-type': type },
        body: SESSION,
      });
      expect(put.status, type).toBe(415);
      for (const path of ['/api/what-if', '/api/what-if/exposure']) {
        const whatIf = await httpRequest(demo.url, path, {
          method: 'POST',
          headers: { 'content-type': type },
          body: '{"fixes":[]}',
        });
        expect(whatIf.status, `${path} ${type}`).toBe(415);
      }
    }
    const post = await httpRequest(demo.url, '/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: SESSION,
    });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, PUT');
    for (const path of ['/api/what-if', '/api/what-if/exposure']) {
      const get = await httpRequest(demo.url, path);
      expect(get.status, path).toBe(405);
    }
    expect(existsSync(demo.sessionFile)).toBe(false);
  });

  it('refuses API requests from another origin or site', async () => {
    const refused: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      // Another port on the same machine is another origin (same site).
      { origin: `http://127.0.0.1:1` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of refused) {
      const put = await httpRequest(demo.url, '/api/session', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...headers },
        body: SESSION,
      });
      expect(put.status, JSON.stringify(headers)).toBe(403);
      const read = await httpRequest(demo.url, '/api/analysis', { headers });
      expect(read.status, JSON.stringify(headers)).toBe(403);
    }
    expect(existsSync(demo.sessionFile)).toBe(false);
    const own = await httpRequest(demo.url, '/api/session', {
      method: 'PUT',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        origin: origin(),
        'sec-fetch-site': 'same-origin',
      },
      body: SESSION,
    });
    expect(own.status, own.body).toBe(200);
    expect(existsSync(demo.sessionFile)).toBe(true);
  });

  it('refuses a Host it does not own (DNS rebinding)', async () => {
    const port = new URL(demo.url).port;
    const answer = await httpRequest(demo.url, '/api/analysis', {
      headers: { host: `attacker.example:${port}` },
    });
    expect(answer.status).toBe(403);
    const page = await httpRequest(demo.url, '/', {
      headers: { host: `attacker.example:${port}` },
    });
    expect(page.status).toBe(403);
  });

  it('forbids framing on every answer', async () => {
    for (const path of ['/', '/api/analysis', '/nothing']) {
      const answer = await httpRequest(demo.url, path);
      expect(answer.headers['content-security-policy']).toMatch(
        /frame-ancestors 'none'/,
      );
      expect(answer.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('answers malformed input 4xx and keeps serving', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    for (const [path, method, body] of [
      ['/api/what-if', 'POST', 'null'],
      ['/api/session', 'PUT', 'null'],
      ['/api/what-if', 'POST', deep],
      ['/api/session', 'PUT', deep],
      ['/api/what-if', 'POST', deepObject],
      ['/api/what-if', 'POST', `{"fixes":${deep}}`],
      ['/api/session', 'PUT', '{"format":'],
      ['/api/what-if', 'POST', ''],
    ] as const) {
      const answer = await httpRequest(demo.url, path, {
        method,
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(answer.status, `${method} ${path} ${body.slice(0, 20)}`).toBe(400);
      expect(JSON.parse(answer.body)).toHaveProperty('error');
    }
    for (const path of ['/%E0%A4%A', '/%zz', '/assets/%c0%af..%c0%af']) {
      const answer = await httpRequest(demo.url, path);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.status, path).toBeLessThan(500);
    }
    const escapedId = await httpRequest(demo.url, '/api/node?id=%zz%E0%A4');
    expect(escapedId.status).toBe(404);
    const target = await rawRequest(
      demo.url,
      `GET http://[ HTTP/1.1\r\nHost: ${new URL(demo.url).host}\r\nConnection: close\r\n\r\n`,
    );
    expect(target).toMatch(/^HTTP\/1\.1 4\d\d/);
    const tooLarge = await httpRequest(demo.url, '/api/what-if', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"fixes":["${'x'.repeat(6 * 1024 * 1024)}"]}`,
    });
    expect(tooLarge.status).toBe(413);
    const alive = await httpRequest(demo.url, '/api/facets');
    expect(alive.status).toBe(200);
  });
});

describe('the viewer server off loopback', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer({ host: '0.0.0.0' });
  });
  afterAll(async () => {
    await demo.server.close();
  });

  it('needs the access token printed in its URL, then a cookie', async () => {
    const token = demo.server.token ?? '';
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(demo.url).toContain(`?token=${token}`);
    const local = `http://127.0.0.1:${new URL(demo.url).port}/`;
    expect((await httpRequest(local, '/')).status).toBe(401);
    expect((await httpRequest(local, '/api/analysis')).status).toBe(401);
    expect(
      (await httpRequest(local, `/?token=${token.slice(1)}x`)).status,
    ).toBe(401);
    const entry = await httpRequest(local, `/?token=${token}`);
    expect(entry.status).toBe(303);
    expect(entry.headers.location).toBe('/');
    const cookie = String(entry.headers['set-cookie']).split(';')[0] ?? '';
    expect(String(entry.headers['set-cookie'])).toMatch(
      /HttpOnly; SameSite=Strict/,
    );
    const withCookie = await httpRequest(local, '/api/analysis', {
      headers: { cookie },
    });
    expect(withCookie.status).toBe(200);
    const withHeader = await httpRequest(local, '/api/facets', {
      headers: { authorization: `token ${token}` },
    });
    expect(withHeader.status).toBe(200);
    // The token does not open the door to a foreign Host.
    const rebound = await httpRequest(local, '/api/analysis', {
      headers: {
        cookie,
        host: `attacker.example:${new URL(demo.url).port}`,
      },
    });
    expect(rebound.status).toBe(403);
  });
});
