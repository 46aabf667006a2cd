import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { InputError } from '../src/index.ts';
import { read, tempTree } from './helpers.ts';

async function failure(
  files: Record<string, string>,
  input?: string,
): Promise<InputError> {
  const root = await tempTree(files);
  const target = input === undefined ? root : join(root, input);
  const error = await read([target]).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('bad input', () => {
  it('names the file, line and column of malformed YAML', async () => {
    const error = await failure(
      { 'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a, b\n' },
      'bad.yaml',
    );
    expect(error.place.file.endsWith('bad.yaml')).toBe(true);
    expect(error.place.line).toBeGreaterThanOrEqual(4);
    expect(error.message).toMatch(/bad\.yaml:\d+:\d+: invalid YAML/);
  });

  it('names the line and column of malformed JSON', async () => {
    const error = await failure(
      { 'bad.json': '{\n  "kind": "Pod",\n  "metadata": {"name": "x",}\n}\n' },
      'bad.json',
    );
    expect(error.place).toMatchObject({ line: 3, column: 28 });
    expect(error.message).toMatch(/bad\.json:3:28: invalid JSON/);
  });

  it('says a truncated JSON file ends in the middle of a value', async () => {
    const error = await failure(
      { 'cut.json': '{"kind": "List", "items": [{"kind": "Pod", "metad' },
      'cut.json',
    );
    expect(error.place.line).toBe(1);
    expect(error.message).toContain('cut.json:1:');
    expect(error.message).toMatch(/invalid JSON/);
  });

  it('says a truncated YAML file is unterminated where it stops', async () => {
    const error = await failure(
      {
        'cut.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "unterminated\n',
      },
      'cut.yaml',
    );
    expect(error.message).toMatch(/cut\.yaml:\d+:\d+: invalid YAML/);
  });

  it('names a missing path', async () => {
    const error = await failure({}, 'nope.yaml');
    expect(error.message).toMatch(/nope\.yaml: no such file or directory$/);
  });

  it('rejects an empty file and an empty directory', async () => {
    expect(
      (await failure({ 'empty.yaml': '  \n' }, 'empty.yaml')).message,
    ).toMatch(/empty\.yaml: the file is empty$/);
    expect((await failure({ 'notes.txt': 'x' })).message).toMatch(
      /holds no \.yaml, \.yml or \.json file$/,
    );
    expect(
      (await failure({ 'only-dashes.yaml': '---\n---\n' }, 'only-dashes.yaml'))
        .message,
    ).toMatch(/no Kubernetes objects in the input$/);
  });

  it('rejects a document that is not a Kubernetes object, at its line', async () => {
    const text =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n---\nname: just-config\nreplicas: 3\n';
    const error = await failure({ 'mixed.yaml': text }, 'mixed.yaml');
    expect(error.place).toMatchObject({
      line: 6,
      column: 1,
      path: 'document 2',
    });
    expect(error.message).toContain(
      'not a Kubernetes object: it has no "kind"',
    );
    const scalar = await failure({ 's.yaml': 'just a string\n' }, 's.yaml');
    expect(scalar.message).toContain('the document is a string');
  });

  it('names the item of a List that is not an object', async () => {
    const error = await failure(
      {
        'l.json': JSON.stringify({
          kind: 'List',
          items: [{ kind: 'Pod', metadata: { name: 'a' } }, { kind: 'Pod' }],
        }),
      },
      'l.json',
    );
    expect(error.message).toContain(
      '(items[1]): not a Kubernetes object: the Pod has no "metadata.name"',
    );
  });

  it('rejects a snapshot of an unknown schema version', async () => {
    const error = await failure(
      {
        's.json': JSON.stringify({
          format: 'chokepoint.snapshot',
          schemaVersion: 9,
          objects: {},
        }),
      },
      's.json',
    );
    expect(error.message).toContain(
      'snapshot schemaVersion 9 is not supported',
    );
  });
});
