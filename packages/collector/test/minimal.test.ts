import { describe, expect, it } from 'vitest';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  keepsField,
  minimiseObject,
  readInputs,
  writeSnapshot,
} from '../src/index.ts';
import type { KubeObject, Snapshot } from '@chokepoint/model';
import { describeAllowList } from '../src/minimal/describe.ts';
import { tempTree } from './helpers.ts';

// Values a leak test can grep for: none may reach a snapshot file.
const PLANTED = [
  'env-literal-password-1',
  'arg-token-2',
  'command-secret-3',
  'probe-exec-secret-4',
  'annotation-secret-5',
  'template-last-applied-6',
  'kubeconfig-token-7',
  'helm-values-password-8',
  'configmap-value-9',
  'workingdir-10',
  'arg-secret-11',
  'arg-secret-name-12',
];

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  annotations:
    note: annotation-secret-5
    container.apparmor.security.beta.kubernetes.io/api: runtime/default
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata:
      labels: { app: api }
      annotations:
        kubectl.kubernetes.io/last-applied-configuration: '{"password":"template-last-applied-6"}'
    spec:
      containers:
      - name: api
        image: shop/api:1.2
        command: [sh, -c, 'run --key command-secret-3']
        # Of the arguments, only one that names a Secret is kept.
        args: [--token, arg-token-2, --client-secret=arg-secret-11, --tls-secret-name=api-tls, '--db-secret-name=$(arg-secret-name-12)']
        workingDir: /srv/workingdir-10
        env:
        - { name: DB_PASSWORD, value: env-literal-password-1 }
        - name: API_KEY
          valueFrom: { secretKeyRef: { name: api-keys, key: key } }
        livenessProbe:
          exec: { command: [check, probe-exec-secret-4] }
        readinessProbe:
          httpGet: { host: 10.0.0.1, port: 8080, path: /ready }
        securityContext: { privileged: true }
---
apiVersion: v1
kind: Config
metadata: { name: admin-kubeconfig }
users:
- name: admin
  user: { token: kubeconfig-token-7 }
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop
  namespace: argocd
  labels: { team: shop }
spec:
  source:
    helm:
      values: |
        db: { password: helm-values-password-8 }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data: { password: configmap-value-9 }
`;

async function snapshotFile(): Promise<{ path: string; text: string }> {
  const root = await tempTree({ 'in.yaml': manifests });
  const snapshot = await readInputs([join(root, 'in.yaml')], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date('2026-01-02T03:04:05Z'),
    tool: 'chokepoint test',
  });
  const path = join(root, 'out.snapshot.json');
  await writeSnapshot(path, snapshot);
  return { path, text: await readFile(path, 'utf8') };
}

describe('minimal snapshot files', () => {
  it('hold none of the planted values', async () => {
    const { text } = await snapshotFile();
    for (const value of PLANTED) expect(text).not.toContain(value);
  });

  it('keep what the analysis reads, and unknown kinds as metadata only', async () => {
    const { text } = await snapshotFile();
    const snapshot = JSON.parse(text) as Snapshot;
    const [deployment] = snapshot.objects.Deployment ?? [];
    expect(deployment?.metadata.annotations).toEqual({
      'container.apparmor.security.beta.kubernetes.io/api': 'runtime/default',
    });
    expect(deployment?.spec).toEqual({
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          containers: [
            {
              name: 'api',
              image: 'shop/api:1.2',
              args: ['--tls-secret-name=api-tls'],
              env: [
                { name: 'DB_PASSWORD' },
                {
                  name: 'API_KEY',
                  valueFrom: { secretKeyRef: { name: 'api-keys', key: 'key' } },
                },
              ],
              livenessProbe: {},
              readinessProbe: { httpGet: { host: '10.0.0.1', port: 8080 } },
              securityContext: { privileged: true },
            },
          ],
        },
      },
    });
    expect(snapshot.objects.Config).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Config',
        metadata: { name: 'admin-kubeconfig' },
      },
    ]);
    expect(snapshot.objects.Application).toEqual([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: 'shop',
          namespace: 'argocd',
          labels: { team: 'shop' },
        },
      },
    ]);
  });

  it('are written readable by their owner only', async () => {
    const { path } = await snapshotFile();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('read back as they were written, their objects checked for types', async () => {
    const { path, text } = await snapshotFile();
    const again = await readInputs([path], {
      readStdin: () => Promise.resolve(''),
      now: () => new Date('2026-01-02T03:04:05Z'),
      tool: 'chokepoint test',
    });
    expect(again.objects).toEqual((JSON.parse(text) as Snapshot).objects);
  });

  it('keep list positions, so field paths with indexes mean the same', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a' }, 'junk', { name: 'c' }] },
    } as unknown as KubeObject;
    expect(minimiseObject(pod).spec).toEqual({
      containers: [{ name: 'a' }, null, { name: 'c' }],
    });
  });

  it('never copy a value deeper than its shape', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 50_000; i++) deep = { a: deep };
    const object = {
      apiVersion: 'example.com/v1',
      kind: 'Anything',
      metadata: {
        name: 'n',
        labels: { ok: 'yes', deep },
        annotations: { deep },
      },
      spec: deep,
    } as unknown as KubeObject;
    expect(minimiseObject(object)).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Anything',
      metadata: { name: 'n', labels: { ok: 'yes' } },
    });
  });

  it('say which fields they keep', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
    } as KubeObject;
    expect(
      keepsField(pod, [
        'spec',
        'containers',
        '[]',
        'securityContext',
        'privileged',
      ]),
    ).toBe(true);
    expect(keepsField(pod, ['spec', 'containers', '[]', 'workingDir'])).toBe(
      false,
    );
    // Arguments: only those naming a Secret, which nothing indexes into.
    expect(keepsField(pod, ['spec', 'containers', '[]', 'args', '[]'])).toBe(
      true,
    );
    expect(
      keepsField(pod, ['spec', 'containers', '[]', 'args', '[]', 'x']),
    ).toBe(false);
    expect(
      keepsField(pod, ['spec', 'containers', '[]', 'env', '[]', 'value']),
    ).toBe(false);
    expect(
      keepsField(pod, [
        'metadata',
        'annotations',
        'kubernetes.io/config.mirror',
      ]),
    ).toBe(true);
    expect(keepsField(pod, ['metadata', 'annotations', 'team'])).toBe(false);
  });
});

describe('the documented allow-list', () => {
  it('is the one that runs (docs/snapshot.md, between its allow-list markers)', async () => {
    const doc = await readFile(
      new URL('../../../docs/snapshot.md', import.meta.url),
      'utf8',
    );
    const start = doc.indexOf('<!-- allow-list:start');
    const end = doc.indexOf('<!-- allow-list:end -->');
    expect(doc.slice(start, end + '<!-- allow-list:end -->'.length)).toBe(
      describeAllowList(),
    );
  });
});
