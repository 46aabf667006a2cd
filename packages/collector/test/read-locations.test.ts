import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { locationKey, readInputsLocated } from '../src/index.ts';
import type { ReadProgress } from '../src/index.ts';
import { tempTree } from './helpers.ts';

const MANIFESTS = [
  '# a comment before the first document',
  'apiVersion: v1',
  'kind: ServiceAccount',
  'metadata: { name: api, namespace: shop }',
  '---',
  '',
  '# the pod',
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: api',
  'spec: { containers: [{ name: c, image: nginx }] }',
  '---',
  'apiVersion: v1',
  'kind: List',
  'items:',
  '- { apiVersion: v1, kind: Namespace, metadata: { name: shop } }',
  '',
].join('\n');

describe('readInputsLocated', () => {
  it('knows the file and the line each object starts on, without changing the snapshot', async () => {
    const root = await tempTree({
      'a/manifests.yaml': MANIFESTS,
      'b/node.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n1' },
      }),
    });
    const progress: ReadProgress[] = [];
    const { snapshot, locations } = await readInputsLocated([root], {
      readStdin: () => Promise.resolve(''),
      now: () => new Date('2026-01-02T03:04:05Z'),
      tool: 'test',
      onProgress: p => progress.push(p),
    });
    const file = join(root, 'a/manifests.yaml');
    expect(locations.get(locationKey('ServiceAccount', 'shop', 'api'))).toEqual(
      { file, line: 2 },
    );
    // A namespaced object without a namespace is read into `default`.
    expect(locations.get(locationKey('Pod', 'default', 'api'))).toEqual({
      file,
      line: 8,
    });
    // List items share their document's line; JSON has none finer than 1.
    expect(locations.get(locationKey('Namespace', undefined, 'shop'))).toEqual({
      file,
      line: 14,
    });
    expect(locations.get(locationKey('Node', undefined, 'n1'))).toEqual({
      file: join(root, 'b/node.json'),
      line: 1,
    });
    expect(locations.size).toBe(4);
    expect(JSON.stringify(snapshot)).not.toContain('"line"');
    expect(progress).toEqual([
      { file, files: 0, objects: 0 },
      { file: join(root, 'b/node.json'), files: 1, objects: 3 },
    ]);
  });

  it('takes the place of the copy that wins when an object is read twice', async () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: x }\nspec: { containers: [{ name: c, image: nginx }] }\n';
    const root = await tempTree({
      '1.yaml': pod,
      '2.yaml': `# again\n\n${pod}`,
    });
    const { locations } = await readInputsLocated([root], {
      readStdin: () => Promise.resolve(''),
      now: () => new Date(),
      tool: 'test',
    });
    expect(locations.get(locationKey('Pod', 'x', 'p'))).toEqual({
      file: join(root, '2.yaml'),
      line: 3,
    });
  });
});
