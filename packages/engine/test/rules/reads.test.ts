/**
 * Each rule's `reads` declaration is complete: analysing only the objects of
 * the kinds a rule declares gives exactly the edges of its kind that the
 * whole input gives. A kind the rule reads but does not declare changes its
 * edges when it is taken away, on its own fixture or on the demo cluster.
 */

import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import type { KubeObject, Snapshot } from '@chokepoint/model';
import { buildAttackGraph } from '../../src/build-graph.ts';
import { RULES } from '../../src/rules/index.ts';
import { READ_KINDS } from '../../src/rules/reads.ts';
import { fixture, snapshotOf } from '../manifests.ts';
import { edgesOfKind } from '../rule-tester.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

/**
 * The snapshot with only these kinds; reading `Namespace` also reads the
 * set of namespaces the input names, so those stay as Namespace objects.
 */
function only(snapshot: Snapshot, kinds: ReadonlySet<string>): Snapshot {
  const objects: Record<string, KubeObject[]> = Object.fromEntries(
    Object.entries(snapshot.objects)
      .filter(([kind]) => kinds.has(kind))
      .map(([kind, list]) => [kind, [...list]]),
  );
  if (kinds.has('Namespace')) {
    const namespaces: KubeObject[] = [...(snapshot.objects.Namespace ?? [])];
    objects.Namespace = namespaces;
    const named = new Set(namespaces.map(o => o.metadata.name));
    for (const list of Object.values(snapshot.objects)) {
      for (const object of list) {
        const namespace = object.metadata.namespace;
        if (namespace === undefined || named.has(namespace)) continue;
        named.add(namespace);
        namespaces.push({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        });
      }
    }
  }
  return { ...snapshot, objects };
}

const demo = readInputs([DEMO], {
  readStdin: () => Promise.resolve(''),
  now: () => new Date(0),
  tool: 'test',
});

describe('rule reads declarations', () => {
  it('name only kinds the engine knows', () => {
    const known = new Set<string>(READ_KINDS);
    for (const rule of Object.values(RULES))
      for (const kind of rule.reads)
        expect(known.has(kind), `${rule.kind} reads ${kind}`).toBe(true);
  });

  it.each(Object.keys(RULES))(
    '%s: the declared kinds alone give the same edges',
    async kind => {
      const rule = RULES[kind as keyof typeof RULES];
      const inputs = [await snapshotOf(await fixture(kind)), await demo];
      for (const snapshot of inputs) {
        const full = edgesOfKind(buildAttackGraph(snapshot, RULES).graph, kind);
        const declared = edgesOfKind(
          buildAttackGraph(only(snapshot, new Set(rule.reads)), RULES).graph,
          kind,
        );
        expect(declared, snapshot.cluster.name).toEqual(full);
      }
    },
  );
});
