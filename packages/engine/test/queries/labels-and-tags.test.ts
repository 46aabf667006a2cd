/**
 * Readable labels (a PermissionSet by its roles and bindings, a container by
 * its pod) and search by property (privileged, hostpath, cluster-admin),
 * checked against the raw objects of the demo cluster.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import { nodeLabel, searchNodes } from '../../src/index.ts';
import { demoAnalysis } from './demo.ts';

let demo: Awaited<ReturnType<typeof demoAnalysis>>;
beforeAll(async () => {
  demo = await demoAnalysis();
});

const label = (id: string): string =>
  nodeLabel(demo.analysis.build.graph, demo.analysis.build.holders, id);

function containers(pod: KubeObject): { name: string; privileged: boolean }[] {
  const spec = pod.spec as {
    containers?: { name: string; securityContext?: { privileged?: boolean } }[];
  };
  return (spec.containers ?? []).map(c => ({
    name: c.name,
    privileged: c.securityContext?.privileged === true,
  }));
}

describe('node labels', () => {
  it('names a PermissionSet by the roles and bindings it holds, not its hash', () => {
    const graph = demo.analysis.build.graph;
    const sets = graph.filterNodes((_id, a) => a.kind === 'PermissionSet');
    expect(sets.length).toBeGreaterThan(10);
    for (const id of sets) {
      const text = label(id);
      expect(text).not.toMatch(/[0-9a-f]{16}/);
      const holder = demo.analysis.build.holders.get(id);
      const own = holder?.grants.find(
        g => !g.binding.includes(':system:') && !g.assumedDefault,
      );
      if (own !== undefined)
        expect(text).toContain(own.binding.slice(own.binding.indexOf(':') + 1));
    }
    const auditor = graph
      .filterNodes((_id, a) => a.kind === 'PermissionSet')
      .map(label)
      .find(text => text.includes('payments-secret-audit'));
    expect(auditor).toBe(
      'secret-auditor cluster-wide via payments-secret-audit (+3 built-in)',
    );
  });

  it('tells containers apart by their pod', () => {
    const graph = demo.analysis.build.graph;
    const ids = graph.filterNodes((_id, a) => a.kind === 'Container');
    const labels = ids.map(label);
    expect(new Set(labels).size).toBe(ids.length);
    expect(label('Container:kube-system/kube-proxy-b2n5x/kube-proxy')).toBe(
      'kube-proxy-b2n5x/kube-proxy',
    );
    expect(label('Container:ci/CronJob/cache-cleanup/cleanup')).toBe(
      'CronJob cache-cleanup/cleanup',
    );
  });
});

describe('search by property', () => {
  it('finds every privileged container of the input by typing "privileged"', () => {
    const expected = demo.snapshot.objects.Pod?.flatMap(pod =>
      containers(pod)
        .filter(c => c.privileged)
        .map(
          c =>
            `Container:${pod.metadata.namespace ?? ''}/${pod.metadata.name}/${c.name}`,
        ),
    );
    expect(expected?.length).toBeGreaterThan(0);
    const found = searchNodes(demo.analysis.build.graph, {
      q: 'privileged',
      kind: 'Container',
      limit: 200,
      tags: demo.tags,
    }).nodes.map(n => n.id);
    expect(found.filter(id => !id.includes('/DaemonSet/')).sort()).toEqual(
      [...new Set(expected)].sort(),
    );
  });

  it('combines kind, namespace and property terms', () => {
    const hits = searchNodes(demo.analysis.build.graph, {
      q: 'kind:container ns:monitoring hostpath',
      limit: 50,
      tags: demo.tags,
    }).nodes;
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      expect(hit.kind).toBe('Container');
      expect(hit.namespace).toBe('monitoring');
      expect(hit.tags).toContain('hostpath');
    }
  });

  it('finds cluster-admin holders and ranks name matches first', () => {
    const admins = searchNodes(demo.analysis.build.graph, {
      q: 'cluster-admin',
      limit: 50,
      tags: demo.tags,
    }).nodes;
    expect(admins[0]?.name).toBe('cluster-admin');
    expect(admins.map(n => n.id)).toContain(
      'ServiceAccount:kube-system/deploy-bot',
    );
  });
});
