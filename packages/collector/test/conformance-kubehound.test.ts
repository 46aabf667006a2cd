import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CONFORMANCE } from '../../../test/support/paths.ts';
import { RESOURCES } from '../src/index.ts';
import { countsByKind, read, tempTree } from './helpers.ts';

const ATTACKS = join(CONFORMANCE, 'kubehound/attacks');

// Counted by `grep -h '^kind:' attacks/*.yaml | sort | uniq -c` on the fixtures.
const EXPECTED = {
  ClusterRole: 8,
  ClusterRoleBinding: 5,
  Pod: 30,
  Role: 12,
  RoleBinding: 19,
  Service: 1,
  ServiceAccount: 17,
};

/** Writes the fixtures in KubeHound's dump layout, dropping item kinds as Go clients do. */
async function asKubehoundDump(): Promise<string> {
  const files: Record<string, { items: unknown[] }> = {};
  for (const name of (await readdir(ATTACKS)).sort()) {
    for (const document of parseAllDocuments(
      await readFile(join(ATTACKS, name), 'utf8'),
    )) {
      const object = document.toJS() as {
        kind: string;
        metadata: { namespace?: string };
      } | null;
      if (!object) continue;
      const resource = RESOURCES.find(r => r.kind === object.kind);
      if (!resource) throw new Error(`no resource for ${object.kind}`);
      const stem = resource.group
        ? `${resource.plural}.${resource.group}`
        : resource.plural;
      const path = resource.namespaced
        ? `${object.metadata.namespace ?? 'default'}/${stem}.json`
        : `${stem}.json`;
      const { kind: _dropped, ...item } = object;
      (files[path] ??= { items: [] }).items.push(item);
    }
  }
  const tree = Object.fromEntries(
    Object.entries(files).map(([path, list]) => [
      path,
      JSON.stringify({ apiVersion: 'v1', kind: 'List', ...list }),
    ]),
  );
  tree['nodes.json'] = JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [],
  });
  tree['metadata.json'] = JSON.stringify({
    cluster: 'kubehound.test.local',
    run_id: 'r1',
  });
  return tempTree(tree);
}

describe('KubeHound conformance fixtures', () => {
  it('reads attacks/*.yaml into the expected object counts', async () => {
    const snapshot = await read([ATTACKS]);
    expect(countsByKind(snapshot)).toEqual(EXPECTED);
    expect(snapshot.collection.sources).toHaveLength(24);
    expect(snapshot.collection.warnings).toEqual([]);
  });

  it('reads the same objects from a KubeHound-layout dump, with its cluster name', async () => {
    const fromYaml = await read([ATTACKS]);
    const fromDump = await read([await asKubehoundDump()]);
    expect(countsByKind(fromDump)).toEqual(EXPECTED);
    expect(fromDump.cluster.name).toBe('kubehound.test.local');
    expect(
      fromDump.collection.sources.every(s => s.format === 'kubehound-dump'),
    ).toBe(true);
    expect(fromDump.objects).toEqual(fromYaml.objects);
  });
});
