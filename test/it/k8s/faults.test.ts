// Faults injected by a small proxy in front of the real API server are
// survived: 429 with Retry-After, 500, connections reset before and in the
// middle of a response, and slow responses. The proxy is node:http on
// 127.0.0.1, bounded (faults only for the first requests, delays capped) and
// forwards to the API server with the admin client certificate. Each distinct
// request is faulted at most once, so the outcome does not depend on how the
// collector's parallel requests interleave: its retries must get through.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { Api, cluster, kubectlOk, objectKey, pool, target } from './support.ts';

const MAX_FAULTS = 120;
const SLOW_MS = 400;

type Fault = 'ok' | '429' | '500' | '503' | 'reset' | 'cut' | 'slow';

/** A fixed cycle, so a run is reproducible. */
const CYCLE: readonly Fault[] = [
  '429',
  'ok',
  '500',
  'slow',
  'reset',
  'ok',
  'cut',
  '503',
  'ok',
  'slow',
];

interface Proxy {
  readonly url: string;
  readonly injected: Record<Fault, number>;
  readonly server: Server;
}

async function faultProxy(api: Api): Promise<Proxy> {
  const injected: Record<Fault, number> = {
    ok: 0,
    '429': 0,
    '500': 0,
    '503': 0,
    reset: 0,
    cut: 0,
    slow: 0,
  };
  let n = 0;
  const faulted = new Set<string>();
  const server = createServer((req, res) => {
    const request = `${req.method ?? ''} ${req.url ?? ''}`;
    const first = !faulted.has(request);
    faulted.add(request);
    const fault: Fault =
      first && n < MAX_FAULTS ? (CYCLE[n % CYCLE.length] ?? 'ok') : 'ok';
    if (first) n++;
    injected[fault]++;
    if (fault === '429') {
      res.writeHead(429, {
        'Retry-After': '1',
        'Content-Type': 'application/json',
      });
      res.end(
        '{"kind":"Status","apiVersion":"v1","status":"Failure","code":429,"reason":"TooManyRequests","message":"injected"}',
      );
      return;
    }
    if (fault === '500' || fault === '503') {
      res.writeHead(Number(fault), { 'Content-Type': 'application/json' });
      res.end(
        `{"kind":"Status","apiVersion":"v1","status":"Failure","code":${fault},"message":"injected"}`,
      );
      return;
    }
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const upstream = https.request(
        new URL(req.url ?? '/', api.server),
        {
          method: req.method,
          agent: api.agent,
          headers: {
            accept: req.headers.accept ?? 'application/json',
            'content-type': req.headers['content-type'] ?? 'application/json',
          },
        },
        up => {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            const all = Buffer.concat(body);
            const send = () => {
              if (fault === 'cut') {
                // Headers and half the body, then the connection drops.
                res.writeHead(up.statusCode ?? 502, {
                  'Content-Type': 'application/json',
                  'Content-Length': String(all.length),
                });
                res.write(all.subarray(0, Math.floor(all.length / 2)));
                res.socket?.destroy();
                return;
              }
              res.writeHead(up.statusCode ?? 502, {
                'Content-Type':
                  up.headers['content-type'] ?? 'application/json',
              });
              res.end(all);
            };
            if (fault === 'slow') setTimeout(send, SLOW_MS);
            else send();
          });
        },
      );
      upstream.on('error', () => res.socket?.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${String(port)}`, injected, server };
}

/**
 * Object keys of this test's namespace and of cluster-scoped objects: other
 * files' namespaces may still be terminating while the two collections run.
 */
const keys = (s: Snapshot) =>
  Object.values(s.objects)
    .flatMap(l => l.map(objectKey))
    .filter(k => k.includes(':/') || k.includes(':faults-it/'))
    .sort();

describe.skipIf(cluster === undefined)(
  'fault injection (proxy in front of the real API server)',
  () => {
    let api: Api;
    let proxy: Proxy;
    beforeAll(async () => {
      api = new Api();
      proxy = await faultProxy(api);
      await kubectlOk(['create', 'namespace', 'faults-it']);
      await pool([...Array(60).keys()], 8, i =>
        api.request('POST', '/api/v1/namespaces/faults-it/configmaps', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${String(i)}` },
          data: { k: 'v' },
        }),
      );
    });
    afterAll(async () => {
      await new Promise(resolve => proxy.server.close(resolve));
      api.close();
      await kubectlOk(['delete', 'namespace', 'faults-it', '--wait=false']);
    });

    it('collects the same objects through 429, 500, 503, resets, cut bodies and slow answers', async () => {
      const direct = await collect({
        kubeconfig: target().kubeconfig,
        tool: 'it',
        now: () => new Date(),
        pageSize: 10,
      });
      const through = await collect({
        kubeconfigText: `apiVersion: v1
kind: Config
clusters: [{name: proxy, cluster: {server: "${proxy.url}"}}]
users: [{name: u, user: {token: unused}}]
contexts: [{name: p, context: {cluster: proxy, user: u}}]
current-context: p
`,
        tool: 'it',
        now: () => new Date(),
        pageSize: 10,
        http: { backoffMs: 50, maxBackoffMs: 1_000, retries: 8 },
      });
      console.log(
        `faults injected: ${JSON.stringify(proxy.injected)}; retries ${String(through.stats.retries)} ${JSON.stringify(through.stats.retriesBy)}; ${String(through.stats.requests)} requests in ${String(through.stats.durationMs)} ms`,
      );
      expect(through.snapshot.collection.gaps).toEqual([]);
      expect(keys(through.snapshot)).toEqual(keys(direct.snapshot));
      for (const fault of [
        '429',
        '500',
        '503',
        'reset',
        'cut',
        'slow',
      ] as const)
        expect(proxy.injected[fault], fault).toBeGreaterThan(0);
      expect(through.stats.retriesBy['429']).toBeGreaterThan(0);
      expect(through.stats.retriesBy.network).toBeGreaterThan(0);
    });
  },
);
