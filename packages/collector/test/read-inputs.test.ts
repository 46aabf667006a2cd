import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { countsByKind, read, tempTree } from './helpers.ts';

const pod = (name: string, namespace = 'web') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  containers:\n  - name: app\n    image: nginx\n`;

describe('readInputs', () => {
  it('reads multi-document YAML, skipping empty documents', async () => {
    const root = await tempTree({
      'a.yaml': `${pod('a')}---\n---\n${pod('b')}`,
    });
    const snapshot = await read([join(root, 'a.yaml')]);
    expect(snapshot.objects.Pod?.map(p => p.metadata.name)).toEqual(['a', 'b']);
    expect(snapshot.collection.sources).toEqual([
      { path: join(root, 'a.yaml'), format: 'manifests', objects: 2 },
    ]);
  });

  it('flattens kubectl get -o json Lists and reads single JSON objects', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'sa', namespace: 'web' },
        },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } },
      ],
    };
    const root = await tempTree({
      'list.json': JSON.stringify(list),
      'node.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n1' },
      }),
      'typed-list.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'PodList',
        items: [],
      }),
    });
    const snapshot = await read([root]);
    expect(countsByKind(snapshot)).toEqual({
      Namespace: 1,
      Node: 1,
      ServiceAccount: 1,
    });
  });

  it('reads directories recursively in name order, ignoring other files', async () => {
    const root = await tempTree({
      'z/deep/p.yml': pod('deep'),
      'a.yaml': pod('top'),
      'README.md': '# not an input',
      '.git/config.yaml': 'not: read',
    });
    const snapshot = await read([root]);
    expect(snapshot.objects.Pod?.map(p => p.metadata.name)).toEqual([
      'deep',
      'top',
    ]);
    expect(snapshot.collection.sources.map(s => s.path)).toEqual([
      join(root, 'a.yaml'),
      join(root, 'z/deep/p.yml'),
    ]);
  });

  it('reads standard input', async () => {
    const snapshot = await read(['-'], pod('from-stdin'));
    expect(snapshot.objects.Pod?.[0]?.metadata.name).toBe('from-stdin');
    expect(snapshot.cluster.name).toBe('stdin');
  });

  it('keeps unknown kinds and puts namespaced kinds without a namespace in default', async () => {
    const root = await tempTree({
      'x.yaml':
        'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: bare\n',
    });
    const snapshot = await read([root]);
    expect(snapshot.objects.Widget?.[0]?.metadata).toEqual({ name: 'w' });
    expect(snapshot.objects.ServiceAccount?.[0]?.metadata.namespace).toBe(
      'default',
    );
  });

  it('resolves duplicates by the last one read, with a warning', async () => {
    const root = await tempTree({
      'a.yaml': pod('same'),
      'b.yaml': pod('same').replace('image: nginx', 'image: evil'),
    });
    const snapshot = await read([join(root, 'a.yaml'), join(root, 'b.yaml')]);
    expect(snapshot.objects.Pod).toHaveLength(1);
    expect(JSON.stringify(snapshot.objects.Pod)).toContain('evil');
    expect(snapshot.collection.warnings).toEqual([
      `${join(root, 'b.yaml')}: Pod web/same replaces the copy read from ${join(root, 'a.yaml')}`,
    ]);
  });

  it('takes the server version from kubectl version -o json output', async () => {
    const root = await tempTree({
      'version.json': JSON.stringify({
        clientVersion: { gitVersion: 'v1.31.0' },
        serverVersion: { gitVersion: 'v1.30.4' },
      }),
      'p.yaml': pod('a'),
    });
    const snapshot = await read([root]);
    expect(snapshot.cluster.serverVersion).toBe('v1.30.4');
  });

  it('records metadata: when, how, sources and the analysed kinds that are missing', async () => {
    const root = await tempTree({ 'p.yaml': pod('a') });
    const snapshot = await read([root]);
    expect(snapshot.format).toBe('chokepoint.snapshot');
    expect(snapshot.schemaVersion).toBe(1);
    expect(snapshot.collection.collectedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(snapshot.collection.method).toBe('offline');
    expect(snapshot.collection.missingKinds).toContain('Node');
    expect(snapshot.collection.missingKinds).not.toContain('Pod');
  });

  it('reads its own snapshot files back to the same objects', async () => {
    const root = await tempTree({
      'p.yaml': `${pod('a')}---\n${pod('b', 'api')}`,
    });
    const first = await read([root]);
    const file = join(root, 'cluster.snapshot.json');
    await writeFile(
      file,
      JSON.stringify({
        ...first,
        collection: { ...first.collection, method: 'live' },
      }),
    );
    const again = await read([file]);
    expect(again.objects).toEqual(first.objects);
    expect(again.cluster.name).toBe(first.cluster.name);
    expect(again.collection.method).toBe('live');
    expect(again.collection.sources[0]?.format).toBe('snapshot');
  });
});
