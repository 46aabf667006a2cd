/**
 * The node panel's answers and the pre-built queries on the demo cluster,
 * each checked another way: distances with graphology's own breadth-first
 * search (shortestPath), permissions against the raw ClusterRole, paths
 * against the analysis.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import {
  PREBUILT_QUERIES,
  nodeProfile,
  shortestPath,
} from '../../src/index.ts';
import { demoAnalysis } from './demo.ts';

let demo: Awaited<ReturnType<typeof demoAnalysis>>;
beforeAll(async () => {
  demo = await demoAnalysis();
});

const minConfidence = (): 'low' | 'medium' | 'high' =>
  demo.analysis.build.index.policy.minConfidence;

describe('nodeProfile', () => {
  it('lists the critical assets a node reaches at their shortest distance', () => {
    const id = 'ServiceAccount:payments/payments-api';
    const profile = nodeProfile(demo.profileContext, id);
    expect(profile.reaches.criticalAssets.length).toBeGreaterThan(0);
    for (const asset of profile.reaches.criticalAssets) {
      const path = shortestPath(demo.analysis.build.graph, id, asset.id, {
        minConfidence: minConfidence(),
      });
      expect(path?.length, asset.id).toBe(asset.distance);
    }
    const distances = profile.reaches.criticalAssets.map(a => a.distance);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
  });

  it('names the entry points that reach a critical asset, as the analysis does', () => {
    const profile = nodeProfile(demo.profileContext, 'Node:cp-1');
    const reaching = new Set(profile.reachedBy.entryPoints.map(e => e.id));
    for (const path of demo.analysis.result.paths.filter(
      p => p.to === 'Node:cp-1',
    )) {
      expect(reaching.has(path.from), path.from).toBe(true);
      const entry = profile.reachedBy.entryPoints.find(e => e.id === path.from);
      expect(entry?.distance).toBe(path.length);
    }
  });

  it('gives an identity its effective permissions as the rules of its roles', () => {
    const profile = nodeProfile(
      demo.profileContext,
      'ServiceAccount:payments/payments-api',
    );
    const grant = profile.permissions?.grants.find(
      g => g.binding === 'ClusterRoleBinding:payments-secret-audit',
    );
    expect(grant?.role).toBe('ClusterRole:secret-auditor');
    expect(grant?.scope).toBe('cluster');
    expect(grant?.builtIn).toBe(false);
    const role = demo.snapshot.objects.ClusterRole?.find(
      r => r.metadata.name === 'secret-auditor',
    );
    expect(grant?.rules).toEqual(role?.rules);
    expect(profile.permissions?.grants.some(g => g.builtIn)).toBe(true);
  });

  it('lists the findings on a container', () => {
    const profile = nodeProfile(
      demo.profileContext,
      'Container:ci/runner-0/runner',
    );
    expect(profile.findings.map(f => f.check)).toContain('F-POD-HOSTPATH');
  });
});

describe('pre-built queries', () => {
  const run = (id: string) => {
    const query = PREBUILT_QUERIES.find(q => q.id === id);
    if (query === undefined) throw new Error(`no query ${id}`);
    return query.run(demo.queryContext);
  };

  it('Internet to cluster-admin: shortest paths to each admin asset', () => {
    const answer = run('internet-to-admin');
    if (answer.kind !== 'paths') throw new Error('paths expected');
    expect(answer.paths.length).toBeGreaterThan(0);
    expect(answer.paths.map(p => p.to)).toContain('Group:system:masters');
    for (const path of answer.paths) {
      expect(path.from).toBe('Internet');
      expect(path.steps.at(-1)?.to).toBe(path.to);
      const independent = shortestPath(
        demo.analysis.build.graph,
        'Internet',
        path.to,
        { minConfidence: minConfidence() },
      );
      expect(path.length).toBe(independent?.length);
    }
  });

  it('who can read kube-system Secrets includes a ServiceAccount bound to a Secret-reading ClusterRole', () => {
    const answer = run('kube-system-secret-readers');
    if (answer.kind !== 'nodes') throw new Error('nodes expected');
    const row = answer.rows.find(
      r => r.id === 'ServiceAccount:payments/payments-api',
    );
    expect(row?.detail).toMatch(/payments-secret-audit/);
    expect(answer.rows.map(r => r.id)).not.toContain(
      'ServiceAccount:web/frontend',
    );
  });

  it('privileged containers on control-plane nodes', () => {
    const answer = run('privileged-on-control-plane');
    if (answer.kind !== 'nodes') throw new Error('nodes expected');
    expect(answer.rows.map(r => r.id)).toEqual([
      'Container:kube-system/kube-proxy-b2n5x/kube-proxy',
    ]);
    const pod = demo.snapshot.objects.Pod?.find(
      p => p.metadata.name === 'kube-proxy-b2n5x',
    );
    expect((pod?.spec as { nodeName?: string }).nodeName).toBe('cp-1');
  });

  it('every query answers with nodes of the graph', () => {
    for (const query of PREBUILT_QUERIES) {
      const answer = query.run(demo.queryContext);
      const ids =
        answer.kind === 'paths'
          ? answer.paths.map(p => p.to)
          : answer.rows.map(r => r.id);
      for (const id of ids)
        expect(demo.analysis.build.graph.hasNode(id), id).toBe(true);
    }
  });
});
