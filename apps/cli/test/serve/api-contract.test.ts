/**
 * The API contract over real HTTP: every route of @chokepoint/viewer-api
 * answers what its response schema declares, and a request its schema
 * refuses gets a 4xx naming the problem, never a 500.
 */

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ROUTES } from '@chokepoint/viewer-api';
import type { RouteName } from '@chokepoint/viewer-api';
import { readDemo, rerunWith, startDemoServer } from './demo-server.ts';
import type { DemoServer } from './demo-server.ts';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer();
});
afterAll(async () => {
  await demo.server.close();
});

function get(path: string): Promise<Response> {
  return fetch(new URL(path, demo.url));
}

function sendJson(
  path: string,
  method: string,
  body: string,
): Promise<Response> {
  return fetch(new URL(path, demo.url), {
    method,
    headers: { 'content-type': 'application/json' },
    body,
  });
}

async function answer(name: RouteName, response: Response): Promise<unknown> {
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  const parsed = v.safeParse(ROUTES[name].response, body);
  expect(parsed.issues ?? []).toEqual([]);
  return parsed.output;
}

describe('the viewer API on the demo cluster', () => {
  it('answers every read route with its declared shape', async () => {
    const analysis = (await answer('analysis', await get('api/analysis'))) as {
      result: { paths: { from: string; to: string }[] };
    };
    const first = analysis.result.paths[0];
    expect(first).toBeDefined();
    await answer('search', await get('api/search?q=frontend&limit=5'));
    await answer('facets', await get('api/facets'));
    await answer('node', await get('api/node?id=Internet'));
    await answer('neighbourhood', await get('api/neighbourhood?id=Internet'));
    await answer('blastRadius', await get('api/blast-radius?id=Internet'));
    const path = (await answer(
      'path',
      await get(
        `api/path?${new URLSearchParams({ from: first?.from ?? '', to: first?.to ?? '' }).toString()}`,
      ),
    )) as { from: string; to: string } | null;
    expect(path?.to).toBe(first?.to);
    const pair = new URLSearchParams({
      from: first?.from ?? '',
      to: first?.to ?? '',
      alternatives: '3',
    }).toString();
    const paths = (await answer('paths', await get(`api/paths?${pair}`))) as {
      paths: { length: number; steps: unknown[] }[];
      briefs: Record<string, { label: string }>;
    };
    expect(paths.paths[0]?.length).toBe(
      (path as { length: number } | null)?.length,
    );
    expect(paths.briefs[first?.from ?? '']?.label).toBeTruthy();
    await answer('paths', await get(`api/paths?${pair}&mode=likely`));
    await answer('profile', await get('api/profile?id=Internet'));
    const queries = (await answer('queries', await get('api/queries'))) as {
      queries: { id: string }[];
    };
    for (const { id } of queries.queries)
      await answer('query', await get(`api/query?id=${id}`));
    await answer('findings', await get('api/findings?severity=high&limit=5'));
    await answer('technique', await get('api/technique?kind=POD_EXEC'));
  });

  it('refuses what the schemas refuse with a 4xx naming the field', async () => {
    for (const [path, status, message] of [
      ['api/search?limit=abc', 400, /limit/],
      ['api/search?limit=100000', 400, /limit/],
      ['api/node', 400, /id/],
      ['api/node?id=Nope:x', 404, /no node/],
      ['api/path?from=Internet', 400, /to/],
      ['api/nothing', 404, /no API/],
      [
        'api/paths?from=Internet&to=Node:cp-1&alternatives=9',
        400,
        /alternatives/,
      ],
      ['api/paths?from=Internet&to=Node:cp-1&mode=best', 400, /mode/],
      ['api/technique?kind=../../etc/passwd', 400, /kind/],
      ['api/technique?kind=NO_SUCH_KIND', 404, /not written/],
      ['api/query?id=nope', 404, /no query/],
      ['api/findings?severity=dire', 400, /severity/],
    ] as const) {
      const response = await get(path);
      expect(response.status, path).toBe(status);
      const body = (await response.json()) as { error: string };
      expect(body.error).toMatch(message);
    }
  });

  it('saves the session file readable by its owner only, and reads it back', async () => {
    const session = {
      format: 'chokepoint.session',
      schemaVersion: 2,
      cluster: 'demo',
      inputs: ['examples/demo-cluster'],
      savedAt: '2026-12-06T00:00:00.000Z',
      decisions: [
        {
          type: 'accept-edge',
          key: 'edge:Internet|EXPOSES|Service:web/frontend',
          label: 'Internet → web/frontend',
          who: 'Ana (platform)',
          why: 'public shop front',
          until: '2027-03-31',
          at: '2026-12-06T00:00:00.000Z',
        },
      ],
      notes: [],
      whatIfSets: [],
      whatIf: [],
    };
    expect((await get('api/session')).status, 'no session file yet').toBe(404);
    await answer(
      'saveSession',
      await sendJson('api/session', 'PUT', JSON.stringify(session)),
    );
    expect(existsSync(demo.sessionFile)).toBe(true);
    expect(statSync(demo.sessionFile).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(demo.sessionFile, 'utf8'))).toEqual(session);
    expect(await answer('loadSession', await get('api/session'))).toEqual(
      session,
    );
    const bad = await sendJson(
      'api/session',
      'PUT',
      JSON.stringify({ ...session, format: 'chokepoint.snapshot' }),
    );
    expect(bad.status).toBe(400);
    const badDate = await sendJson(
      'api/session',
      'PUT',
      JSON.stringify({
        ...session,
        decisions: [{ ...session.decisions[0], until: 'next spring' }],
      }),
    );
    expect(badDate.status).toBe(400);
  });

  it('reads a version 1 session file as version 2', async () => {
    writeFileSync(
      demo.sessionFile,
      JSON.stringify({
        format: 'chokepoint.session',
        schemaVersion: 1,
        cluster: 'demo',
        inputs: [],
        savedAt: '2026-12-01T00:00:00.000Z',
        decisions: [
          {
            type: 'accept-path',
            key: 'path:Internet->Node:cp-1',
            label: 'Internet → cp-1',
            comment: 'until the node is rebuilt',
            at: '2026-12-01T00:00:00.000Z',
          },
        ],
        whatIf: ['some-fix'],
      }),
    );
    const read = (await answer('loadSession', await get('api/session'))) as {
      schemaVersion: number;
      decisions: { why: string; who: string }[];
      whatIf: string[];
    };
    expect(read.schemaVersion).toBe(2);
    expect(read.decisions[0]?.why).toBe('until the node is rebuilt');
    expect(read.whatIf).toEqual(['some-fix']);
  });

  it('runs a what-if on the server and refuses an unknown fix', async () => {
    const none = await answer(
      'whatIf',
      await sendJson('api/what-if', 'POST', '{"fixes":[]}'),
    );
    expect((none as { ms: number }).ms).toBe(0);
    const unknown = await sendJson(
      'api/what-if',
      'POST',
      '{"fixes":["delete:Nope:x"]}',
    );
    expect(unknown.status).toBe(400);
  });

  it("answers a what-if's figures and paths from the held analysis, as a rerun with the fixes applied finds them", async () => {
    await demo.server.full;
    const base = (await answer('analysis', await get('api/analysis'))) as {
      result: { entryPoints: string[]; chokepoints: { fix: { id: string } }[] };
    };
    const ids = base.result.chokepoints.map(c => c.fix.id);
    expect(ids.length).toBeGreaterThan(1);
    const snapshot = await readDemo();
    // None, each of the top fixes alone, and all together: the incremental
    // figures and paths are those the engine's full rerun of the fixed
    // input (the independent way) gives. Every candidate against an oracle
    // is the engine's differential test; here a sample checks the routes,
    // at one rerun per set.
    for (const fixes of [[], ...ids.slice(0, 4).map(id => [id]), ids]) {
      const rerun = rerunWith(snapshot, fixes);
      const body = JSON.stringify({ fixes });
      const figures = (await answer(
        'whatIfExposure',
        await sendJson('api/what-if/exposure', 'POST', body),
      )) as {
        entryPoints: { total: number; added: string[]; removed: string[] };
        exposed: string[];
        exposedByClass: Record<string, number>;
      };
      const after = (await answer(
        'whatIf',
        await sendJson('api/what-if', 'POST', body),
      )) as {
        result: {
          entryPoints: string[];
          paths: { from: string; steps: unknown[] }[];
          summary: {
            exposedEntryPoints: number;
            exposedByClass: Record<string, number>;
          };
        };
      };
      const exposedByRerun = rerun.paths.map(p => p.from).sort();
      expect([...figures.exposed].sort(), fixes.join()).toEqual(exposedByRerun);
      expect(figures.exposed.length).toBe(rerun.summary.exposedEntryPoints);
      const removed = new Set(figures.entryPoints.removed);
      expect(
        [
          ...base.result.entryPoints.filter(id => !removed.has(id)),
          ...figures.entryPoints.added,
        ].sort(),
      ).toEqual([...rerun.entryPoints].sort());
      expect(figures.entryPoints.total).toBe(rerun.entryPoints.length);
      expect(figures.exposedByClass).toEqual(rerun.summary.exposedByClass);
      // The paths after the fixes: one per exposed entry point, each of the
      // rerun's length.
      expect(after.result.paths.map(p => [p.from, p.steps.length])).toEqual(
        rerun.paths.map(p => [p.from, p.steps.length]),
      );
      expect(after.result.summary.exposedByClass).toEqual(
        rerun.summary.exposedByClass,
      );
      expect([...after.result.entryPoints].sort()).toEqual(
        [...rerun.entryPoints].sort(),
      );
    }
    const unknown = await sendJson(
      'api/what-if/exposure',
      'POST',
      '{"fixes":["delete:Nope:x"]}',
    );
    expect(unknown.status).toBe(400);
  }, 300_000);
});
