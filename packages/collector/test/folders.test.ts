/**
 * Repository folders as users have them (issue #17, points 4 and 5): Helm
 * charts and kustomizations beside manifests, symlinks, loops, and
 * namespace-less manifests meant for `kubectl apply -n`.
 */

import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../src/index.ts';
import type { ReadInputsOptions } from '../src/index.ts';
import { InputError } from '../src/index.ts';
import { read, tempTree } from './helpers.ts';

const sa = (name: string, namespace?: string) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n${namespace === undefined ? '' : `  namespace: ${namespace}\n`}`;

const chart = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
  'chart/values.yaml': 'replicaCount: 1\nimage:\n  repository: nginx\n',
  'chart/templates/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "demo.fullname" . }}\n',
  'chart/templates/sa.yaml':
    '{{- if .Values.serviceAccount.create -}}\napiVersion: v1\nkind: ServiceAccount\n{{- end }}\n',
  'chart/templates/_helpers.tpl': '{{- define "demo.fullname" -}}x{{- end }}',
  'chart/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'chart/crds/plain.yaml': sa('would-be-read-raw', 'x'),
};

function withOptions(
  inputs: string[],
  extra: Partial<ReadInputsOptions>,
): ReturnType<typeof readInputs> {
  return readInputs(inputs, {
    readStdin: () => Promise.resolve(''),
    now: () => new Date('2026-01-02T03:04:05Z'),
    tool: 'chokepoint test',
    ...extra,
  });
}

describe('walking repository folders', () => {
  it('skips every file of a Helm chart with one warning each, and reads the manifests beside it', async () => {
    const root = await tempTree({ ...chart, 'app.yaml': sa('app', 'web') });
    const snapshot = await read([root]);
    expect(snapshot.objects.ServiceAccount?.map(o => o.metadata.name)).toEqual([
      'app',
    ]);
    const skipped = snapshot.collection.warnings.filter(w =>
      w.includes('skipped: a Helm chart file'),
    );
    // Chart.yaml, values.yaml, two templates, the sub-chart's Chart.yaml, crds/plain.yaml.
    expect(skipped).toHaveLength(6);
    expect(snapshot.collection.skippedFiles).toBe(6);
    expect(skipped[0]).toBe(
      `${join(root, 'chart/Chart.yaml')}: skipped: a Helm chart file, not a Kubernetes object (render the chart: helm template NAME ${join(root, 'chart')} | chokepoint analyze -)`,
    );
  });

  it('skips a kustomization and the patches it names, and reads its resources', async () => {
    const root = await tempTree({
      'base/kustomization.yaml':
        'resources:\n- sa.yaml\npatches:\n- path: patch.yaml\npatchesStrategicMerge:\n- old-patch.yaml\n',
      'base/sa.yaml': sa('base-sa', 'web'),
      'base/patch.yaml':
        sa('base-sa', 'web') + 'automountServiceAccountToken: false\n',
      'base/old-patch.yaml': sa('other', 'web'),
    });
    const snapshot = await read([root]);
    expect(snapshot.objects.ServiceAccount?.map(o => o.metadata.name)).toEqual([
      'base-sa',
    ]);
    expect(snapshot.objects.ServiceAccount?.[0]).not.toHaveProperty(
      'automountServiceAccountToken',
    );
    expect(snapshot.collection.skippedFiles).toBe(3);
    expect(snapshot.collection.warnings).toContain(
      `${join(root, 'base/kustomization.yaml')}: skipped: a kustomization, not a Kubernetes object (render it: kubectl kustomize ${join(root, 'base')} | chokepoint analyze -)`,
    );
  });

  it('skips other YAML and JSON that holds no object, but not a manifest with a broken document', async () => {
    const root = await tempTree({
      'config.yaml': 'replicas: 3\nfeatures: [a, b]\n',
      'package.json': '{"name": "tooling", "version": "1.0.0"}',
      'template.yaml': 'name: {{ .Values.name }}\n  bad: [\n',
      'empty.yaml': '\n',
      'ok.yaml': sa('ok', 'web'),
    });
    const snapshot = await read([root]);
    expect(snapshot.objects.ServiceAccount).toHaveLength(1);
    expect(snapshot.collection.skippedFiles).toBe(4);
    expect(snapshot.collection.warnings).toContain(
      `${join(root, 'config.yaml')}: skipped: not a Kubernetes manifest: ${join(root, 'config.yaml')}:1:1 (document 1): not a Kubernetes object: it has no "kind"`,
    );

    const broken = await tempTree({
      'half.yaml': `${sa('ok', 'web')}---\nname: not-an-object\n`,
    });
    await expect(read([broken])).rejects.toThrow(
      /half\.yaml:\d+:\d+ \(document 2\): not a Kubernetes object/,
    );
  });

  it('keeps files named on the command line strict', async () => {
    const root = await tempTree(chart);
    await expect(read([join(root, 'chart/values.yaml')])).rejects.toThrow(
      /values\.yaml:1:1 \(document 1\): not a Kubernetes object: it has no "kind"/,
    );
  });

  it('says so when a folder holds nothing but skipped files', async () => {
    const root = await tempTree(chart);
    const error = await read([root]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `${root}: the directory holds no Kubernetes objects: 6 files skipped (see the warnings; render charts and kustomizations first)`,
    );
  });

  it('follows symlinked files and folders, reads a loop once, and names a dangling link', async () => {
    const root = await tempTree({
      'elsewhere/sa.yaml': sa('linked', 'web'),
      'elsewhere/deeper/sa2.yaml': sa('linked-deeper', 'web'),
      'real/own.yaml': sa('own', 'web'),
    });
    await symlink(join(root, 'elsewhere'), join(root, 'real/dir-link'));
    await symlink(
      join(root, 'elsewhere/sa.yaml'),
      join(root, 'real/file-link.yaml'),
    );
    await symlink(join(root, 'real'), join(root, 'real/loop'));
    await symlink(join(root, 'nowhere.yaml'), join(root, 'real/dangling.yaml'));
    const snapshot = await read([join(root, 'real')]);
    expect(
      snapshot.objects.ServiceAccount?.map(o => o.metadata.name).sort(),
    ).toEqual(['linked', 'linked-deeper', 'own']);
    expect(snapshot.collection.warnings).toEqual([
      `${join(root, 'real/dangling.yaml')}: skipped: a symlink to nothing (its target does not exist)`,
      `${join(root, 'real/file-link.yaml')}: not read again: it is the same as ${join(root, 'real/dir-link/sa.yaml')} (symlinks)`,
      `${join(root, 'real/loop')}: not read again: it is the same as ${join(root, 'real')} (symlinks)`,
    ]);
  });

  it('reads a folder given through a symlink', async () => {
    const root = await tempTree({ 'real/own.yaml': sa('own', 'web') });
    await mkdir(join(root, 'links'));
    await symlink(join(root, 'real'), join(root, 'links/cluster'));
    const snapshot = await read([join(root, 'links/cluster')]);
    expect(snapshot.objects.ServiceAccount).toHaveLength(1);
    expect(snapshot.cluster.name).toBe('cluster');
  });
});

describe('-n/--namespace', () => {
  const files = {
    'install.yaml': [
      sa('controller'),
      sa('pinned', 'elsewhere'),
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: cluster-wide\n',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: custom\n',
    ].join('---\n'),
  };

  it('puts namespaced objects without a namespace in NS, and counts them', async () => {
    const root = await tempTree(files);
    const snapshot = await withOptions([root], { namespace: 'argocd' });
    const namespaces = Object.fromEntries(
      Object.values(snapshot.objects)
        .flat()
        .map(o => [o.metadata.name, o.metadata.namespace]),
    );
    expect(namespaces).toEqual({
      controller: 'argocd',
      pinned: 'elsewhere',
      'cluster-wide': undefined,
      // A kind the reader does not know stays as written.
      custom: undefined,
    });
    expect(snapshot.collection.defaultedNamespace).toEqual({
      namespace: 'argocd',
      objects: 1,
    });
  });

  it('defaults to default, and says nothing when every object has a namespace', async () => {
    const root = await tempTree(files);
    expect((await read([root])).collection.defaultedNamespace).toEqual({
      namespace: 'default',
      objects: 1,
    });
    const named = await tempTree({ 'a.yaml': sa('a', 'web') });
    expect((await read([named])).collection).not.toHaveProperty(
      'defaultedNamespace',
    );
  });

  // Install manifests meant for `kubectl apply -n argocd` (Argo CD's
  // install.yaml is one) bind their accounts in argocd by name.
  const binding = (name: string, subjects: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-wide\nsubjects:\n${subjects}`;
  const account = (name: string, namespace: string) =>
    `- kind: ServiceAccount\n  name: ${name}\n  namespace: ${namespace}\n`;
  const install = {
    'install.yaml': [
      sa('controller'),
      sa('server'),
      sa('pinned', 'elsewhere'),
      binding('controller', account('controller', 'argocd')),
      binding(
        'server',
        account('server', 'argocd') + account('pinned', 'elsewhere'),
      ),
      binding('other', account('controller', 'monitoring')),
    ].join('---\n'),
  };

  it('names the namespace the bindings expect when the accounts were put elsewhere', async () => {
    const root = await tempTree(install);
    expect((await read([root])).collection.warnings).toEqual([
      '2 bindings name ServiceAccounts controller, server in namespace "argocd", but the input defines them without a namespace and they were put in "default": as read, those bindings bind nothing. Were the manifests meant for kubectl apply -n argocd? Then read them with -n argocd.',
    ]);
    const placed = await withOptions([root], { namespace: 'monitoring' });
    expect(placed.collection.warnings).toEqual([
      '2 bindings name ServiceAccounts controller, server in namespace "argocd", but the input defines them without a namespace and they were put in "monitoring": as read, those bindings bind nothing. Were the manifests meant for kubectl apply -n argocd? Then read them with -n argocd.',
    ]);
  });

  it('says nothing when the bound accounts are where the bindings expect them', async () => {
    const root = await tempTree(install);
    expect(
      (await withOptions([root], { namespace: 'argocd' })).collection.warnings,
    ).toEqual([]);
    // An account the input defines in that namespace is the one bound.
    const both = await tempTree({
      ...install,
      'pinned.yaml': [sa('controller', 'argocd'), sa('server', 'argocd')].join(
        '---\n',
      ),
    });
    expect((await read([both])).collection.warnings).toEqual([
      '1 binding name ServiceAccount controller in namespace "monitoring", but the input defines it without a namespace and it was put in "default": as read, those bindings bind nothing. Were the manifests meant for kubectl apply -n monitoring? Then read them with -n monitoring.',
    ]);
  });
});

describe('the cluster name', () => {
  it('comes from the folder several inputs share, not from the first one', async () => {
    const root = await tempTree({
      'prod/ingress/a.yaml': sa('a', 'ingress'),
      'prod/argocd/b.yaml': sa('b', 'argocd'),
    });
    const snapshot = await read([
      join(root, 'prod/ingress'),
      join(root, 'prod/argocd'),
    ]);
    expect(snapshot.cluster.name).toBe('prod');
    const one = await read([join(root, 'prod/ingress')]);
    expect(one.cluster.name).toBe('ingress');
  });
});
