import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import type { AnalysisResult, Snapshot } from '@chokepoint/model';
import type { AttackIndex } from '../../src/analysis/attack-index.ts';
import { analyze, applyFixes } from '../../src/index.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

function demo(): Promise<Snapshot> {
  return readInputs([DEMO], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
}

/** Entry points that still reach a critical asset once node `removed` is gone (plain BFS, no dominators). */
function exposedWithout(
  index: AttackIndex,
  entries: readonly number[],
  critical: readonly number[],
  removed: number,
): Set<number> {
  const seen = new Uint8Array(index.ids.length);
  const queue = critical.filter(c => c !== removed);
  for (const c of queue) seen[c] = 1;
  while (queue.length > 0) {
    const v = queue.pop()!;
    for (
      let r = index.reverseOffsets[v]!;
      r < index.reverseOffsets[v + 1]!;
      r++
    ) {
      const u = index.sources[r]!;
      if (u === removed || seen[u] === 1) continue;
      seen[u] = 1;
      queue.push(u);
    }
  }
  const isCritical = new Set(critical);
  return new Set(entries.filter(e => seen[e] === 1 && !isCritical.has(e)));
}

let analysed:
  Promise<{ snapshot: Snapshot; result: AnalysisResult }> | undefined;
/** The demo with the default budget, analysed once for the tests that need it. */
function demoAnalysed(): Promise<{
  snapshot: Snapshot;
  result: AnalysisResult;
}> {
  analysed ??= demo().then(snapshot => ({
    snapshot,
    result: analyze(snapshot).result,
  }));
  return analysed;
}

describe('convergence and the plan on the demo cluster', () => {
  it('reports convergence points whose counts removing the node confirms', async () => {
    const analysis = analyze(await demo(), { maxCandidates: 0, planRounds: 0 });
    const { attackIndex: index, exposure, targets, result } = analysis;
    const critical = targets.criticalAssets.map(id => index.indexOf.get(id)!);
    const entries = targets.entryPoints.map(id => index.indexOf.get(id)!);
    expect(result.convergence.length).toBeGreaterThan(0);
    // The storefront's ServiceAccount is where both frontend replicas' paths meet.
    expect(result.convergence[0]).toEqual({
      node: 'ServiceAccount:web/storefront',
      entries: 2,
    });
    for (const point of result.convergence) {
      const d = index.indexOf.get(point.node)!;
      const after = exposedWithout(index, entries, critical, d);
      const cut = exposure.exposed.filter(e => e !== d && !after.has(e));
      expect(cut.length, point.node).toBe(point.entries);
    }
  });

  it('finds a plan proven smallest that leaves nothing exposed, each step true when applied', async () => {
    const { snapshot, result } = await demoAnalysed();
    const { plan, summary } = result;
    expect(summary.exposedEntryPoints).toBeGreaterThan(0);
    expect(plan.method).toBe('exact');
    expect(plan.exposedAfter).toBe(0);
    expect(plan.steps.length).toBeGreaterThan(1);
    for (const [i, step] of plan.steps.entries()) {
      const fixed = applyFixes(
        snapshot,
        plan.steps.slice(0, i + 1).map(s => ({ ...s.fix })),
      );
      const again = analyze(fixed, { maxCandidates: 0, planRounds: 0 }).result;
      expect(again.summary.exposedEntryPoints, step.fix.id).toBe(
        step.exposedAfter,
      );
    }
    // Every measurement rebuilds the graph: minutes on a loaded machine.
  }, 240_000);

  it('takes fixes that break nothing first, and one that breaks a component only where nothing else cuts what it cuts', async () => {
    const { plan, chokepoints } = (await demoAnalysed()).result;
    const levels = plan.steps.map(s => s.fix.impact?.level);
    expect(levels).toEqual([
      'degrades',
      'degrades',
      'degrades',
      'breaks',
      'breaks',
    ]);
    // kube-proxy's and the API server's own containers: no fix that breaks
    // nothing cuts them (their choke points offer no alternative).
    for (const step of plan.steps.filter(
      s => s.fix.impact?.level === 'breaks',
    )) {
      const chokepoint = chokepoints.find(c => c.fix.id === step.fix.id);
      expect(chokepoint?.entriesCut, step.fix.id).toBeGreaterThan(0);
      expect(chokepoint?.alternative, step.fix.id).toBeUndefined();
    }
    expect(plan.steps.map(s => s.fix.id).slice(3)).toEqual([
      'patch:DaemonSet:kube-system/kube-proxy#spec.template.spec.containers[0].securityContext.privileged',
      'patch:Pod:kube-system/kube-apiserver-cp-1#spec.containers[0].securityContext.runAsNonRoot',
    ]);
  }, 240_000);
});
