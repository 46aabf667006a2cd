// The live collector against a fake API server (infra.md c): a node:http
// server on 127.0.0.1 answering /api and /apis paths with Lists, Tables and
// Status objects. RBAC semantics are left to the real API server tests
// (test/it/k8s); here: requests, pagination, 410 restarts, retries, gaps.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterUnreachableError, collect } from '../src/index.ts';
import type { CollectOptions } from '../src/index.ts';

type Handler = (
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
) => boolean | undefined;

interface Fake {
  readonly url: string;
  readonly requests: {
    method: string;
    url: URL;
    auth?: string;
    accept?: string;
  }[];
  readonly close: () => Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(s => new Promise(resolve => s.close(resolve))),
  );
});

function json(res: ServerResponse, code: number, body: unknown): true {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

function status(res: ServerResponse, code: number, message: string): true {
  return json(res, code, {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message,
    reason: code === 403 ? 'Forbidden' : code === 410 ? 'Expired' : 'x',
    code,
  });
}

const pod = (ns: string, name: string) => ({
  metadata: { name, namespace: ns, uid: `${ns}-${name}` },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

/** Answers the paths every collection makes; `extra` handlers go first. */
async function fakeServer(...extra: Handler[]): Promise<Fake> {
  const requests: Fake['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        url,
        ...(req.headers.authorization === undefined
          ? {}
          : { auth: req.headers.authorization }),
        ...(req.headers.accept === undefined
          ? {}
          : { accept: req.headers.accept }),
      });
      for (const handler of extra) if (handler(url, req, res, body)) return;
      const path = url.pathname;
      if (path === '/version')
        return json(res, 200, {
          gitVersion: 'v1.34.4',
          major: '1',
          minor: '34',
        });
      if (path === '/apis')
        return json(res, 200, {
          kind: 'APIGroupList',
          groups: [
            'rbac.authorization.k8s.io',
            'apps',
            'batch',
            'networking.k8s.io',
            'discovery.k8s.io',
            'admissionregistration.k8s.io',
            'node.k8s.io',
          ].map(name => ({
            name,
            versions: [{ groupVersion: `${name}/v1`, version: 'v1' }],
            preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' },
          })),
        });
      if (path.endsWith('/selfsubjectrulesreviews'))
        return json(res, 201, {
          kind: 'SelfSubjectRulesReview',
          status: {
            resourceRules: [
              {
                verbs: ['get', 'list', 'watch'],
                apiGroups: ['*'],
                resources: ['*'],
              },
            ],
            incomplete: false,
          },
        });
      if (path === '/api/v1/namespaces')
        return json(res, 200, {
          kind: 'NamespaceList',
          metadata: {},
          items: [
            { metadata: { name: 'default' } },
            { metadata: { name: 'web' } },
          ],
        });
      return json(res, 200, { kind: 'List', metadata: {}, items: [] });
    });
  });
  servers.push(server);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests,
    close: () =>
      new Promise(resolve =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

function kubeconfig(server: string): string {
  return `apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "${server}"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: ctx, context: {cluster: fake, user: u}}]
current-context: ctx
`;
}

function options(
  fake: Fake,
  extra: Partial<CollectOptions> = {},
): CollectOptions {
  return {
    kubeconfigText: kubeconfig(fake.url),
    tool: 'chokepoint test',
    now: () => new Date('2026-01-02T03:04:05Z'),
    http: { backoffMs: 1, maxBackoffMs: 5 },
    ...extra,
  };
}

describe('collect (fake API server)', () => {
  it('lists every resource with the bearer token and records the version', async () => {
    const fake = await fakeServer();
    const { snapshot } = await collect(options(fake));
    expect(snapshot.cluster).toEqual({
      name: 'fake',
      serverVersion: 'v1.34.4',
    });
    expect(snapshot.collection.method).toBe('live');
    expect(snapshot.objects.Namespace?.map(n => n.metadata.name)).toEqual([
      'default',
      'web',
    ]);
    expect(snapshot.objects.Namespace?.[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'Namespace',
    });
    expect(fake.requests.every(r => r.auth === 'Bearer t')).toBe(true);
    const paths = new Set(fake.requests.map(r => r.url.pathname));
    for (const p of [
      '/api/v1/pods',
      '/api/v1/secrets',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      '/apis/discovery.k8s.io/v1/endpointslices',
      '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
      '/api/v1/namespaces/kube-system/configmaps',
    ])
      expect(paths.has(p), p).toBe(true);
    // The Gateway API group is not served: not listed, and not a gap.
    expect([...paths].some(p => p.includes('gateway'))).toBe(false);
    expect(snapshot.collection.gaps).toEqual([]);
    expect(snapshot.collection.warnings).toEqual([]);
  });

  it('pages with limit and continue, and restarts a list whose token expired (410)', async () => {
    let expired = false;
    const fake = await fakeServer((url, _req, res) => {
      if (url.pathname !== '/api/v1/pods') return undefined;
      const token = url.searchParams.get('continue');
      if (token === null)
        return json(res, 200, {
          kind: 'PodList',
          metadata: { continue: 'p2' },
          items: [pod('a', 'p1')],
        });
      if (token === 'p2' && !expired) {
        expired = true;
        return status(res, 410, 'The provided continue parameter is too old');
      }
      if (token === 'p2')
        return json(res, 200, {
          kind: 'PodList',
          metadata: { continue: 'p3' },
          items: [pod('a', 'p2')],
        });
      return json(res, 200, {
        kind: 'PodList',
        metadata: {},
        items: [pod('b', 'p3')],
      });
    });
    const { snapshot, stats } = await collect(options(fake, { pageSize: 1 }));
    expect(snapshot.objects.Pod?.map(p => p.metadata.name)).toEqual([
      'p1',
      'p2',
      'p3',
    ]);
    expect(stats.restarts).toBe(1);
    const pods = fake.requests.filter(r => r.url.pathname === '/api/v1/pods');
    expect(pods.map(r => r.url.search)).toEqual([
      '?limit=1',
      '?limit=1&continue=p2',
      '?limit=1',
      '?limit=1&continue=p2',
      '?limit=1&continue=p3',
    ]);
  });

  it('asks for Secrets as a Table of metadata and type: values never cross the wire', async () => {
    const fake = await fakeServer((url, _req, res) => {
      if (url.pathname !== '/api/v1/secrets') return undefined;
      return json(res, 200, {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        metadata: {},
        columnDefinitions: [
          { name: 'Name' },
          { name: 'Type' },
          { name: 'Data' },
        ],
        rows: [
          {
            cells: ['tok', 'kubernetes.io/service-account-token', 3],
            object: {
              kind: 'PartialObjectMetadata',
              metadata: {
                name: 'tok',
                namespace: 'web',
                annotations: { 'kubernetes.io/service-account.name': 'app' },
              },
            },
          },
        ],
      });
    });
    const { snapshot } = await collect(options(fake));
    expect(snapshot.objects.Secret).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: {
          name: 'tok',
          namespace: 'web',
          annotations: { 'kubernetes.io/service-account.name': 'app' },
        },
      },
    ]);
    const request = fake.requests.find(
      r => r.url.pathname === '/api/v1/secrets',
    );
    expect(request?.accept).toContain('as=Table');
    expect(request?.url.searchParams.get('includeObject')).toBe('Metadata');
  });

  it('strips Secret values on receipt when the server ignores the Table request', async () => {
    const fake = await fakeServer((url, _req, res) => {
      if (url.pathname !== '/api/v1/secrets') return undefined;
      return json(res, 200, {
        kind: 'SecretList',
        metadata: {},
        items: [
          {
            metadata: { name: 's', namespace: 'web' },
            type: 'Opaque',
            data: { password: 'aHVudGVyMg==' },
          },
        ],
      });
    });
    const { snapshot } = await collect(options(fake));
    expect(JSON.stringify(snapshot)).not.toContain('aHVudGVyMg');
    expect(snapshot.objects.Secret?.[0]).toMatchObject({ type: 'Opaque' });
    expect(snapshot.collection.redacted.secretValues).toBe(1);
  });

  it('keeps kube-system/aws-auth whole and other ConfigMaps as metadata', async () => {
    const fake = await fakeServer((url, _req, res) => {
      if (url.pathname === '/api/v1/configmaps')
        return json(res, 200, {
          kind: 'PartialObjectMetadataList',
          metadata: {},
          items: [
            { metadata: { name: 'aws-auth', namespace: 'kube-system' } },
            { metadata: { name: 'app', namespace: 'web' } },
          ],
        });
      // Listed by name (list, not get: the deploy/ role grants list only).
      if (
        url.pathname === '/api/v1/namespaces/kube-system/configmaps' &&
        url.searchParams.get('fieldSelector') === 'metadata.name=aws-auth'
      )
        return json(res, 200, {
          kind: 'ConfigMapList',
          metadata: {},
          items: [
            {
              metadata: { name: 'aws-auth', namespace: 'kube-system' },
              data: { mapRoles: '- rolearn: arn:aws:iam::1:role/n' },
            },
          ],
        });
      return undefined;
    });
    const { snapshot } = await collect(options(fake));
    expect(snapshot.objects.ConfigMap).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'aws-auth', namespace: 'kube-system' },
        data: { mapRoles: '- rolearn: arn:aws:iam::1:role/n' },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'app', namespace: 'web' },
      },
    ]);
    const list = fake.requests.find(
      r => r.url.pathname === '/api/v1/configmaps',
    );
    expect(list?.accept).toContain('as=PartialObjectMetadataList');
  });

  it('records a 403 as a gap, names the blind techniques, and lists the namespaces it may', async () => {
    const fake = await fakeServer((url, _req, res, body) => {
      if (url.pathname === '/api/v1/secrets')
        return status(
          res,
          403,
          'secrets is forbidden: User "u" cannot list resource "secrets" in API group "" at the cluster scope',
        );
      if (url.pathname === '/api/v1/namespaces/web/secrets')
        return json(res, 200, {
          kind: 'SecretList',
          metadata: {},
          items: [
            { metadata: { name: 'w', namespace: 'web' }, type: 'Opaque' },
          ],
        });
      if (url.pathname.endsWith('/selfsubjectrulesreviews')) {
        const ns = (JSON.parse(body) as { spec: { namespace: string } }).spec
          .namespace;
        return json(res, 201, {
          status: {
            resourceRules: [
              { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
              ...(ns === 'web'
                ? [{ verbs: ['list'], apiGroups: [''], resources: ['secrets'] }]
                : []),
            ],
            incomplete: false,
          },
        });
      }
      return undefined;
    });
    const { snapshot, blind } = await collect(options(fake));
    expect(snapshot.collection.gaps).toEqual([
      {
        resource: 'secrets',
        code: 403,
        message: expect.stringContaining(
          'cannot list resource "secrets"',
        ) as string,
      },
    ]);
    expect(snapshot.collection.gaps[0]?.message).toContain(
      'listed instead in namespace web',
    );
    expect(snapshot.objects.Secret?.map(s => s.metadata.name)).toEqual(['w']);
    expect(blind.TOKEN_LIST).toEqual(['Secret']);
    expect(blind.SECRET_READ).toEqual(['Secret']);
    const warnings = snapshot.collection.warnings.join('\n');
    expect(warnings).toContain('could not read secrets (403)');
    expect(warnings).toContain('confirms it may not list them');
    expect(warnings).toContain('TOKEN_LIST (Secret)');
  });

  it('quotes an API error body at most 300 characters, whatever the server sends', async () => {
    const fake = await fakeServer((url, _req, res) => {
      if (url.pathname === '/api/v1/nodes')
        return status(res, 403, `denied ${'\u001b[31mX'.repeat(20_000)}`);
      if (url.pathname === '/api/v1/pods') {
        res.writeHead(404, { 'Content-Type': 'text/html' });
        res.end(`<html>${'<p>proxy error</p>'.repeat(10_000)}</html>`);
        return true;
      }
      return undefined;
    });
    const { snapshot } = await collect(options(fake));
    const messages = snapshot.collection.gaps.map(gap => gap.message);
    expect(messages).toHaveLength(2);
    for (const message of messages) expect(message.length).toBeLessThan(340);
    expect(messages.join('')).toContain('more characters)');
  });

  it('survives 429 (Retry-After), 500, 503, reset connections and truncated bodies', async () => {
    const faults = new Map<string, number>();
    const fake = await fakeServer((url, _req, res) => {
      const n = (faults.get(url.pathname) ?? 0) + 1;
      faults.set(url.pathname, n);
      if (n > 1) return undefined;
      if (url.pathname === '/api/v1/pods') {
        res.writeHead(429, {
          'Retry-After': '0',
          'Content-Type': 'application/json',
        });
        res.end('{"kind":"Status","code":429,"message":"slow down"}');
        return true;
      }
      if (url.pathname === '/api/v1/nodes')
        return status(res, 500, 'etcd hiccup');
      if (url.pathname === '/api/v1/services')
        return status(res, 503, 'unavailable');
      if (url.pathname === '/api/v1/serviceaccounts') {
        res.socket?.destroy();
        return true;
      }
      if (url.pathname === '/apis/apps/v1/deployments') {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': '500',
        });
        res.write('{"kind":"DeploymentList","items":[');
        res.socket?.destroy();
        return true;
      }
      return undefined;
    });
    const { snapshot, stats } = await collect(options(fake));
    expect(snapshot.collection.gaps).toEqual([]);
    expect(stats.retries).toBeGreaterThanOrEqual(5);
    expect(stats.retriesBy['429']).toBe(1);
    expect(stats.retriesBy['500']).toBe(1);
    expect(stats.retriesBy['503']).toBe(1);
    expect(stats.retriesBy.network).toBeGreaterThanOrEqual(2);
  });

  it('gives up after the retry budget and records a gap for that list only', async () => {
    const fake = await fakeServer((url, _req, res) =>
      url.pathname === '/api/v1/pods'
        ? status(res, 500, 'always broken')
        : undefined,
    );
    const { snapshot } = await collect(
      options(fake, { http: { retries: 2, backoffMs: 1 } }),
    );
    expect(snapshot.collection.gaps).toEqual([
      { resource: 'pods', code: 500, message: 'always broken' },
    ]);
    expect(
      fake.requests.filter(r => r.url.pathname === '/api/v1/pods'),
    ).toHaveLength(3);
    expect(snapshot.objects.Namespace).toHaveLength(2);
  });

  it('limits in-flight requests to the concurrency option', async () => {
    let inFlight = 0;
    let peak = 0;
    const fake = await fakeServer((url, _req, res) => {
      if (!url.pathname.startsWith('/api')) return undefined;
      if (url.pathname === '/apis') return undefined;
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, { kind: 'List', metadata: {}, items: [] });
      }, 5);
      return true;
    });
    await collect(options(fake, { http: { concurrency: 3, backoffMs: 1 } }));
    expect(peak).toBe(3);
  });

  it('lists only the given namespaces', async () => {
    const fake = await fakeServer();
    const { snapshot } = await collect(options(fake, { namespaces: ['web'] }));
    const paths = fake.requests.map(r => r.url.pathname);
    expect(paths).toContain('/api/v1/namespaces/web/pods');
    expect(paths).not.toContain('/api/v1/pods');
    expect(paths).not.toContain('/api/v1/namespaces/kube-system/configmaps');
    expect(snapshot.objects.Namespace?.map(n => n.metadata.name)).toEqual([
      'web',
    ]);
  });

  it('fails with ClusterUnreachableError when nothing answers', async () => {
    const fake = await fakeServer();
    await fake.close();
    servers.length = 0;
    await expect(collect(options(fake))).rejects.toBeInstanceOf(
      ClusterUnreachableError,
    );
  });
});
