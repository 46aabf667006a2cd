/**
 * The report a person reads on real install manifests (issue #17, point 8):
 * kube-prometheus runs kube-rbac-proxy sidecars beside each exporter, and a
 * Deployment's pods may land on either assumed node (a stand-in per node),
 * so one workload is several entry points. The report counts workloads
 * beside containers and draws one worst path per workload. Where several
 * techniques join the same two nodes, a step shows the clearest, "also via"
 * the others.
 */

import { describe, expect, it } from 'vitest';
import { CLEAREST_FIRST, analyze, shortestPath } from '@chokepoint/engine';
import { CONFIDENCE_ORDER } from '@chokepoint/model';
import {
  analysisText,
  workloadOf,
} from '../../apps/cli/src/output/analysis-text.ts';
import {
  REAL_COMPONENTS,
  readComponent,
  realComponent,
} from '../support/real-manifests.ts';

describe('what the report assumed', () => {
  it('says so in its first lines: no Nodes, runtime Secrets of kube-system, the bootstrap policy', async () => {
    const { result } = analyze(
      await readComponent(realComponent('ingress-nginx')),
      { maxCandidates: 0, planRounds: 0 },
    );
    const [title, blank, heading, ...rest] = analysisText(result, false).split(
      '\n',
    );
    expect(title).toMatch(/^Chokepoint report: /);
    expect(blank).toBe('');
    expect(heading).toBe(
      'Assumed for what the input lacks (the policy file can say otherwise):',
    );
    const assumed = rest.slice(0, rest.indexOf(''));
    expect(assumed).toHaveLength(result.assumptions.length);
    expect(assumed.join('\n')).toMatch(/^ {2}The input holds no Nodes: /m);
    expect(assumed.join('\n')).toMatch(
      /^ {2}Secret:kube-system\/\* stands for /m,
    );
    expect(assumed.join('\n')).toMatch(/bootstrap policy is assumed/);
  });
});

describe('entry points grouped per workload', () => {
  it('names the workload of a container, a stand-in on any node, or another entry point', () => {
    expect(workloadOf('Container:web/frontend-7d9f8c6b5d-4xk2p/app')).toBe(
      'web/frontend-7d9f8c6b5d-4xk2p',
    );
    expect(
      workloadOf(
        'Container:monitoring/Deployment/kube-state-metrics@assumed-worker/kube-rbac-proxy-main',
      ),
    ).toBe('monitoring/Deployment/kube-state-metrics');
    expect(
      workloadOf('Container:monitoring/Deployment/kube-state-metrics/c'),
    ).toBe('monitoring/Deployment/kube-state-metrics');
    expect(workloadOf('Internet')).toBe('Internet');
  });

  it('counts the sidecars and per-node stand-ins of kube-prometheus once per workload', async () => {
    const { result } = analyze(
      await readComponent(realComponent('kube-prometheus')),
      { maxCandidates: 0, planRounds: 0 },
    );
    const text = analysisText(result, false);
    // Independent count: exposed containers grouped by their controller's
    // template (the stand-in ids of one Deployment share it).
    const controllers = (ids: readonly string[]) =>
      new Set(
        ids
          .filter(id => id.startsWith('Container:'))
          .map(id => id.split('/').slice(0, 3).join('/').split('@')[0]),
      );
    const exposed = controllers(result.paths.map(p => p.from));
    const all = controllers(result.entryPoints);
    expect(exposed.size).toBeLessThan(result.summary.exposedByClass.container);
    const containers = result.entryPoints.filter(id =>
      id.startsWith('Container:'),
    ).length;
    expect(text).toContain(
      `compromised containers (assume breach): ${String(result.summary.exposedByClass.container)} of ${String(containers)} exposed, in ${String(exposed.size)} of ${String(all.size)} workloads`,
    );

    const worst = text
      .slice(text.indexOf('Worst attack paths'))
      .split('\n')
      .filter(line => /^Container:\S+ to /.test(line))
      .map(line => workloadOf(line.slice(0, line.indexOf(' '))));
    expect(worst.length).toBeGreaterThan(1);
    expect(new Set(worst).size).toBe(worst.length);
    expect(text).toMatch(
      /\(and \d+ more exposed entry points of the same workload: its other containers, or its pods on other nodes\)/,
    );
  });
});

describe('the clearest technique of a step, and the others', () => {
  it('draws the privileged escape of kubernetes-goat as CE_PRIV_MOUNT, also via the obscure ones', async () => {
    const { result, build } = analyze(
      await readComponent(realComponent('kubernetes-goat')),
      { maxCandidates: 0, planRounds: 0 },
    );
    const step = result.paths.find(
      p =>
        p.from ===
        'Container:default/Deployment/health-check-deployment@assumed-control-plane/health-check',
    )?.steps[0];
    expect(step?.kind).toBe('CE_PRIV_MOUNT');
    expect(step?.otherKinds).toContain('CE_HOST_FD');
    expect(analysisText(result, false)).toContain(
      '--CE_PRIV_MOUNT--> Node:assumed-control-plane (A privileged root container sees every host device and can mount the node disk.) (also via ',
    );

    // Independently, over the graph: no step has a parallel edge of higher
    // confidence, or of the same confidence and a clearer technique.
    const { graph } = build;
    const rank = (kind: string) => {
      const i = CLEAREST_FIRST.indexOf(kind as never);
      return i === -1 ? CLEAREST_FIRST.length : i;
    };
    for (const path of result.paths)
      for (const s of path.steps) {
        const parallel = graph
          .edges(s.from, s.to)
          .map(key => graph.getEdgeAttributes(key))
          .filter(a => a.traversable);
        expect(parallel.map(a => a.kind).sort()).toEqual(
          [s.kind, ...(s.otherKinds ?? [])].sort(),
        );
        for (const other of parallel) {
          const better =
            CONFIDENCE_ORDER.indexOf(other.confidence) >
              CONFIDENCE_ORDER.indexOf(s.confidence) ||
            (other.confidence === s.confidence &&
              rank(other.kind) < rank(s.kind));
          expect({ step: s.kind, better: better ? other.kind : '' }).toEqual({
            step: s.kind,
            better: '',
          });
        }
      }
  });
});

describe('critical assets reached', () => {
  it.each(REAL_COMPONENTS.map(c => c.name))(
    '%s: counts every asset an exposed entry point reaches, not only the ends of shortest paths',
    async name => {
      const { result, build } = analyze(
        await readComponent(realComponent(name)),
        { maxCandidates: 0, planRounds: 0 },
      );
      // Independently: a path search over the graph per (entry, asset).
      const exposed = result.paths.map(p => p.from);
      const reached = result.criticalAssets.filter(asset =>
        exposed.some(
          entry =>
            entry !== asset && shortestPath(build.graph, entry, asset) !== null,
        ),
      );
      expect(result.summary.criticalAssetsReached).toBe(reached.length);
      expect(reached.length).toBeGreaterThanOrEqual(
        new Set(result.paths.map(p => p.to)).size,
      );
    },
  );
});
