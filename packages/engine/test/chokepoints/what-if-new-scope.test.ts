/**
 * A fix can make a Scope appear that the analysed graph never held: here the
 * rollout of a patched Deployment turns its two pods into stand-ins on every
 * node, and the one on worker-2 escapes to the node's credentials
 * (EXPLOIT_HOST_TRAVERSE to `node-credentials@Node:worker-2`), a scope no
 * container of the input reached. The what-if must derive that scope's
 * members (its INCLUDES edges) as a fresh analysis does: the entry stays
 * exposed. Found by the full random differential (seeds 59 and 91).
 */

import { describe, expect, it } from 'vitest';
import { analyze, whatIf } from '../../src/index.ts';
import { applyAsUser, exposedFromScratch } from '../oracle.ts';
import { compareEveryCandidate } from './differential.ts';
import { randomCluster } from './random-cluster.ts';

const cluster = (seed: number) =>
  randomCluster({ seed, namespaces: 4, workloadsPerNamespace: 6 });

describe('what-if: a scope the fix brings', () => {
  it('keeps exposed the stand-in that reaches a new node-credentials scope', async () => {
    const snapshot = await cluster(59);
    const analysis = analyze(snapshot, { maxCandidates: 0, planRounds: 0 });
    const fixId =
      'patch:Deployment:team-3/app-4#spec.template.spec.automountServiceAccountToken';
    const entry = 'Container:team-3/Deployment/app-4@worker-2/app';
    const fix = analysis.candidates.find(f => f.id === fixId);
    expect(fix).toBeDefined();
    if (fix === undefined) return;
    expect(
      analysis.build.graph.hasNode('Scope:node-credentials@Node:worker-2'),
    ).toBe(false);
    expect(exposedFromScratch(applyAsUser(snapshot, fix))).toContain(entry);
    expect([...whatIf(analysis, [fixId]).exposed]).toContain(entry);
  }, 600_000);

  it.each([59, 91])(
    'seed %i: every candidate, both ways',
    async seed => {
      const compared = await compareEveryCandidate(
        `seed ${String(seed)}`,
        await cluster(seed),
      );
      expect(compared.measured).toBeGreaterThan(0);
      expect(compared.differences).toEqual([]);
    },
    600_000,
  );
});
