// Property-based fuzzing (fast-check) of the kinds the engine reads: valid
// objects of each kind, mutated at random places with random or hostile
// values (wrong types, null, deep nesting, control characters, huge strings,
// __proto__ keys), written as YAML or JSON and analysed through the CLI's
// main. Whatever the mutation: exit 0, 1 or 2; never "internal error" or a
// stack; an exit 2 names its file, and every invalid object it names is at a
// line:column inside the file; an input that analyses analyses the same from
// its minimal snapshot. Seed and runs: CHOKEPOINT_FUZZ_SEED,
// CHOKEPOINT_FUZZ_RUNS (default 42 and 60).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../apps/cli/src/main.ts';

const SEED = Number(process.env.CHOKEPOINT_FUZZ_SEED ?? 42);
const RUNS = Number(process.env.CHOKEPOINT_FUZZ_RUNS ?? 60);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const containers = [
  {
    name: 'app',
    image: 'shop/app:1.0',
    securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } },
    ports: [{ containerPort: 8080, hostPort: 8080 }],
    env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
    volumeMounts: [{ name: 'host', mountPath: '/host' }],
  },
];
const podSpec = {
  serviceAccountName: 'app',
  hostPID: true,
  containers,
  volumes: [{ name: 'host', hostPath: { path: '/' } }],
};
const template = { metadata: { labels: { app: 'app' } }, spec: podSpec };
const meta = (name: string, namespace?: string): Json => ({
  name,
  ...(namespace === undefined ? {} : { namespace }),
  labels: { app: name },
});

/** One valid object of each kind the engine reads, and a custom resource. */
const BASES: readonly Json[] = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('app', 'web'),
    spec: { ...podSpec, nodeName: 'n1' },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('d', 'web'),
    spec: { selector: { matchLabels: { app: 'app' } }, template },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('ds', 'web'),
    spec: { selector: { matchLabels: { app: 'app' } }, template },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('ss', 'web'),
    spec: { selector: { matchLabels: { app: 'app' } }, template },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('cj', 'web'),
    spec: {
      schedule: '* * * * *',
      jobTemplate: {
        spec: { template: { spec: { ...podSpec, restartPolicy: 'Never' } } },
      },
    },
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta('r'),
    rules: [
      {
        apiGroups: [''],
        resources: ['secrets', 'pods/exec'],
        verbs: ['get', 'list', 'create'],
      },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: meta('b'),
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'r',
    },
    subjects: [
      {
        kind: 'Group',
        apiGroup: 'rbac.authorization.k8s.io',
        name: 'system:unauthenticated',
      },
      { kind: 'ServiceAccount', name: 'app', namespace: 'web' },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta('rb', 'web'),
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'cluster-admin',
    },
    subjects: [{ kind: 'ServiceAccount', name: 'app' }],
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('s', 'web'),
    spec: {
      type: 'LoadBalancer',
      selector: { app: 'app' },
      ports: [{ port: 80, targetPort: 8080 }],
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('i', 'web'),
    spec: {
      rules: [
        {
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 's', port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', labels: { 'kubernetes.io/os': 'linux' } },
    spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] },
    status: { nodeInfo: { kubeletVersion: 'v1.34.4' } },
  },
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta('app', 'web'),
    automountServiceAccountToken: true,
    secrets: [{ name: 'app-token' }],
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'app-token',
      namespace: 'web',
      annotations: { 'kubernetes.io/service-account.name': 'app' },
    },
    type: 'kubernetes.io/service-account-token',
    data: { token: 'c2VjcmV0' },
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: meta('m'),
    webhooks: [
      {
        name: 'm.example.com',
        admissionReviewVersions: ['v1'],
        sideEffects: 'None',
        clientConfig: { url: 'https://x' },
        rules: [
          {
            operations: ['CREATE'],
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['pods'],
          },
        ],
      },
    ],
  },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: meta('h', 'web'),
    spec: {
      parentRefs: [{ name: 'g' }],
      rules: [{ backendRefs: [{ name: 's', port: 80 }] }],
    },
  },
  {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: meta('w', 'web'),
    spec: { anything: [1, { deep: true }] },
  },
];

function nested(depth: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const hostile: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    null,
    '',
    '*',
    -1,
    1e308,
    0.5,
    true,
    {},
    [],
    [null],
    '\u001b[2J\u0007\u202e',
    { __proto__: { polluted: true } } as unknown as Json,
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}') as Json,
    'x'.repeat(100_000),
  ),
  // Deeper nesting is in the corpus (100k levels); here a counterexample must stay printable.
  fc.integer({ min: 100, max: 600 }).map(nested),
);

/** Every path of a value: keys and list indexes. */
function paths(
  value: Json,
  prefix: (string | number)[] = [],
): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value))
    value.forEach((item, i) => out.push(...paths(item, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value))
      out.push(...paths(item, [...prefix, key]));
  return out;
}

function setAt(
  root: Json,
  path: readonly (string | number)[],
  value: Json | undefined,
): Json {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path;
  const copy: Json = Array.isArray(root)
    ? [...root]
    : root !== null && typeof root === 'object'
      ? { ...root }
      : {};
  const container = copy as Record<string | number, Json>;
  const current = Object.hasOwn(container, head as string)
    ? container[head as string]
    : undefined;
  const next = setAt(current ?? null, rest, value);
  if (value === undefined && rest.length === 0)
    Reflect.deleteProperty(container, head as string);
  // defineProperty: a `__proto__` key is data, as JSON.parse makes it, not the prototype.
  else
    Object.defineProperty(container, head as string, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}

const mutation = fc.record({
  pick: fc.nat(),
  key: fc.option(
    fc.constantFrom(
      'spec',
      'metadata',
      'status',
      'x',
      '__proto__',
      'rules',
      'containers',
      'labels',
    ),
    { nil: undefined },
  ),
  value: fc.option(hostile, { nil: undefined, freq: 6 }),
});

const fuzzCase = fc.record({
  base: fc.constantFrom(...BASES),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
  json: fc.boolean(),
});

function mutate(
  base: Json,
  mutations: readonly {
    pick: number;
    key?: string | undefined;
    value?: Json | undefined;
  }[],
): Json {
  let object = base;
  for (const { pick, key, value } of mutations) {
    const all = paths(object).filter(p => p.length > 0);
    const at = all[pick % all.length] ?? [];
    object = setAt(
      object,
      key === undefined ? at : [...at.slice(0, -1), key],
      value,
    );
  }
  return object;
}

async function analyse(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: text => {
      stdout += text;
    },
    stderr: text => {
      stderr += text;
    },
    readStdin: () => Promise.resolve(''),
  });
  return { code, stdout, stderr };
}

describe('fuzzed objects of the kinds the engine reads', () => {
  it('exit 0, 1 or 2, name every invalid object at its place, and analyse the same from a minimal snapshot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chokepoint-fuzz-'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fuzzCase, async ({ base, mutations, json }) => {
        const object = mutate(base, mutations);
        const documents: Json[] = [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } },
          object,
        ];
        const file = join(dir, `case-${String(n++)}.${json ? 'json' : 'yaml'}`);
        let text: string;
        try {
          text = json
            ? JSON.stringify(
                { apiVersion: 'v1', kind: 'List', items: documents },
                null,
                1,
              )
            : documents.map(d => stringify(d)).join('---\n');
        } catch {
          return; // a value the serializer itself refuses: not an input anyone can write
        }
        await writeFile(file, text);
        const lines = text.split('\n').length;
        const run = await analyse(['analyze', file, '--format', 'json']);
        expect([0, 1, 2]).toContain(run.code);
        expect(run.stderr).not.toMatch(/internal error/);
        expect(run.stderr).not.toMatch(/^\s+at\s/m);
        if (run.code === 2) {
          expect(run.stderr).toContain(file);
          for (const match of run.stderr.matchAll(
            /^(?:chokepoint analyze: | {2})\S+:(\d+):(\d+) \([^)]*\): \S+ [^:]+: /gm,
          )) {
            expect(Number(match[1])).toBeGreaterThanOrEqual(1);
            expect(Number(match[1])).toBeLessThanOrEqual(lines);
          }
          return;
        }
        const snapshot = join(dir, `case-${String(n)}.snapshot.json`);
        const written = await analyse(['snapshot', file, '-o', snapshot, '-q']);
        expect(written.code, written.stderr).toBe(0);
        const again = await analyse(['analyze', snapshot, '--format', 'json']);
        expect(again.code, again.stderr).toBe(0);
        const summary = (out: string): unknown =>
          (JSON.parse(out) as { summary: unknown; paths: unknown }).summary;
        expect(summary(again.stdout)).toEqual(summary(run.stdout));
        expect(await readFile(snapshot, 'utf8')).not.toContain('c2VjcmV0');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 600_000);
});
