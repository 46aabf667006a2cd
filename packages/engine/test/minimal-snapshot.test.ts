// The minimal snapshot (packages/collector/src/minimal) against the engine:
// the engine's analysis of every corpus is the same from the minimal
// snapshot as from the full input, and every field the engine reads while
// analysing them is one the allow-list keeps. The second check is a read
// tracer: each object is wrapped in a Proxy that records the paths read.
import { readdirSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  keepsField,
  minimiseSnapshot,
  readInputs,
} from '@chokepoint/collector';
import { toGraphJson } from '@chokepoint/model';
import type { KubeObject, Snapshot } from '@chokepoint/model';
import { buildGraph, resolvePolicy, runFindings } from '../src/index.ts';
import { contextOf } from './findings/finding-tester.ts';

const here = (path: string): string =>
  fileURLToPath(new URL(path, import.meta.url));
const SHARED = here('../../../../shared/conformance/');

function corpora(): string[][] {
  const out: string[][] = [];
  const attacks = here('fixtures/attacks/');
  for (const file of readdirSync(attacks).sort()) out.push([attacks + file]);
  out.push([here('../../../examples/demo-cluster')]);
  const real = here('../../../test/fixtures/real-manifests/');
  for (const name of readdirSync(real).sort())
    if (statSync(real + name).isDirectory()) out.push([real + name]);
  out.push([here('../../../test/fixtures/clusters/backup-reads')]);
  out.push([`${SHARED}kubehound/attacks`]);
  const badpods = `${SHARED}badpods/`;
  for (const file of readdirSync(badpods).sort())
    if (file.endsWith('.yaml')) out.push([badpods + file]);
  out.push([`${SHARED}k8s-bootstrap-rbac`]);
  return out;
}

function read(inputs: readonly string[]): Promise<Snapshot> {
  return readInputs(inputs, {
    readStdin: () => Promise.resolve(''),
    now: () => new Date('2026-01-01T00:00:00Z'),
    tool: 'chokepoint test',
    skipInvalid: true,
  });
}

function analysis(snapshot: Snapshot): { graph: string; findings: string } {
  const policy = resolvePolicy({}).policy;
  return {
    graph: JSON.stringify(toGraphJson(buildGraph(snapshot, { policy }).graph)),
    findings: JSON.stringify(runFindings(contextOf(snapshot, policy))),
  };
}

/** Paths read from each object: keys, `[]` for list elements, `*` for enumerations. */
function traced(
  snapshot: Snapshot,
  onRead: (object: KubeObject, path: readonly string[]) => void,
): Snapshot {
  const proxies = new WeakMap<object, object>();
  const wrap = (
    value: unknown,
    object: KubeObject,
    path: readonly string[],
  ): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const known = proxies.get(value);
    if (known !== undefined) return known;
    const isList = Array.isArray(value);
    const step = (key: string): string[] =>
      isList ? [...path, '[]'] : [...path, key];
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const item: unknown = Reflect.get(target, key, receiver);
        if (typeof key === 'symbol') return item;
        if (isList && !/^\d+$/.test(key)) return item; // length, methods
        onRead(object, step(key));
        return wrap(item, object, step(key));
      },
      has(target, key) {
        if (typeof key === 'string') onRead(object, step(key));
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        onRead(object, isList ? [...path, '[]'] : [...path, '*']);
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  const objects: Record<string, KubeObject[]> = {};
  for (const [kind, list] of Object.entries(snapshot.objects))
    objects[kind] = list.map(o => wrap(o, o, []) as KubeObject);
  return { ...snapshot, objects };
}

describe('minimal snapshots', () => {
  const root = here('../../../');
  it.each(
    corpora().map(inputs => [relative(root, inputs[0] ?? ''), inputs] as const),
  )('analyse as the full input: %s', async (_, inputs) => {
    const full = await read(inputs);
    const minimal = JSON.parse(
      JSON.stringify(minimiseSnapshot(full)),
    ) as Snapshot;
    const before = analysis(full);
    const after = analysis(minimal);
    expect(after.graph).toBe(before.graph);
    expect(after.findings).toBe(before.findings);
    expect(JSON.stringify(minimal).length).toBeLessThanOrEqual(
      JSON.stringify(full).length,
    );
  });

  it('keep every field the engine reads of every corpus', async () => {
    const dropped = new Set<string>();
    for (const inputs of corpora()) {
      const full = await read(inputs);
      analysis(
        traced(full, (object, path) => {
          if (!keepsField(object, path))
            dropped.add(`${object.kind} ${path.join('.')}`);
        }),
      );
    }
    expect([...dropped].sort()).toEqual([]);
  });
});
