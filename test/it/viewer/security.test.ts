/**
 * The viewer server against another web page, in the real browser (issue
 * 12, point 1): a page of another origin on this machine tries what any
 * page can do without a CORS preflight (a text/plain POST of the session, a
 * what-if POST, a form post), a JSON PUT (which needs a preflight), and to
 * frame the viewer; none of it gets through. Off loopback, the browser gets in only through the token URL.
 */

import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Served } from './support.ts';
import {
  ARTIFACTS,
  HAVE_CHROMIUM,
  REPO_ROOT,
  buildTestViewer,
  launchChromium,
  onlyLoopback,
  serve,
} from './support.ts';

const DEMO = join(REPO_ROOT, 'examples/demo-cluster');

/** The attacker's page, served from another port of 127.0.0.1. */
function attackerPage(viewer: string): string {
  const session = JSON.stringify({
    format: 'chokepoint.session',
    schemaVersion: 1,
    cluster: 'pwned',
    inputs: [],
    savedAt: '',
    decisions: [],
    whatIf: [],
  });
  return `<!doctype html><meta charset="utf-8"><title>attacker</title>
<iframe id="framed" src="${viewer}" width="400" height="300"></iframe>
<iframe name="sink" width="10" height="10"></iframe>
<form id="form" method="POST" action="${viewer}api/what-if" enctype="text/plain" target="sink">
<input name='{"fixes":[],"x":"' value='"}'></form>
<script>
const put = fetch(${JSON.stringify(`${viewer}api/session`)}, {
  method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' },
  body: ${JSON.stringify(session)},
}).catch(() => undefined);
const preflighted = fetch(${JSON.stringify(`${viewer}api/session`)}, {
  method: 'PUT', headers: { 'content-type': 'application/json' },
  body: ${JSON.stringify(session)},
}).catch(() => undefined);
const post = fetch(${JSON.stringify(`${viewer}api/what-if`)}, {
  method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' },
  body: '{"fixes":[]}',
}).catch(() => undefined);
const read = fetch(${JSON.stringify(`${viewer}api/analysis`)}, { mode: 'no-cors' })
  .catch(() => undefined);
document.getElementById('form').submit();
Promise.all([put, preflighted, post, read]).then(() => { document.title = 'done'; });
</script>`;
}

describe.skipIf(!HAVE_CHROMIUM)('the viewer against another web page', () => {
  let served: Served;
  let attacker: Server;
  let attackerUrl: string;
  let browser: Browser;
  let dist: string;
  const sessionFile = join(
    mkdtempSync(join(tmpdir(), 'chokepoint-session-')),
    'demo.session.json',
  );

  beforeAll(async () => {
    dist = buildTestViewer();
    served = await serve([DEMO], dist, sessionFile);
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(attackerPage(served.url));
    });
    await new Promise<void>(done => attacker.listen(0, '127.0.0.1', done));
    const address = attacker.address();
    attackerUrl = `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await served.stop();
    await new Promise(done => attacker.close(done));
  });

  it('refuses its writes, its reads and its frame', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    await onlyLoopback(page, blocked);
    const statuses: [string, number][] = [];
    page.on('response', response => {
      const url = response.url();
      if (url.startsWith(served.url) && url.includes('/api/'))
        statuses.push([
          `${response.request().method()} ${new URL(url).pathname}`,
          response.status(),
        ]);
    });
    await page.goto(attackerUrl);
    await page.waitForFunction("document.title === 'done'", undefined, {
      timeout: 30_000,
    });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(ARTIFACTS, 'security-attacker.png') });
    expect(existsSync(sessionFile)).toBe(false);
    const answered = new Map(statuses);
    expect(answered.get('POST /api/session')).toBe(403);
    expect(answered.has('PUT /api/session')).toBe(false);
    expect(answered.get('POST /api/what-if')).toBe(403);
    expect(answered.get('GET /api/analysis')).toBe(403);
    // The framed viewer never renders: the browser blocks it (frame-ancestors).
    const framed = page
      .frames()
      .find(
        f =>
          f.name() === '' &&
          f !== page.mainFrame() &&
          f.url() !== 'about:blank',
      );
    const rendered = framed
      ? await framed
          .evaluate("document.querySelector('header h1') !== null")
          .catch(() => false)
      : false;
    expect(rendered).toBe(false);
    expect(blocked).toEqual([]);
  });

  it('opens off loopback only through the token URL', async () => {
    const wide = await serve(
      [DEMO],
      dist,
      join(mkdtempSync(join(tmpdir(), 'chokepoint-session-')), 's.json'),
      ['--host', '0.0.0.0'],
    );
    try {
      expect(wide.output()).toMatch(/warning: --host 0\.0\.0\.0/);
      const printed = new URL(wide.url);
      const token = printed.searchParams.get('token') ?? '';
      expect(token).not.toBe('');
      expect(wide.output().split(token).length - 1).toBe(1);
      const local = `http://127.0.0.1:${printed.port}/`;

      const stranger = await browser.newPage();
      await onlyLoopback(stranger, []);
      const refused = await stranger.goto(local);
      expect(refused?.status()).toBe(401);
      await stranger.close();

      const page = await browser.newPage();
      await onlyLoopback(page, []);
      await page.goto(`${local}?token=${token}`);
      expect(page.url()).toBe(local);
      await page.locator('[data-testid=exposed-count]').waitFor();
      expect(
        Number(await page.locator('[data-testid=exposed-count]').textContent()),
      ).toBeGreaterThan(0);
      await page.close();
    } finally {
      await wide.stop();
    }
  });
});
