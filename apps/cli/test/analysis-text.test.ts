// The report's findings heading (issue #17, point 8): with no finding on an
// attack path it says so, instead of an empty "0 on an attack path:" list.
import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import { analyze } from '@chokepoint/engine';
import { analysisText } from '../src/output/analysis-text.ts';
import {
  readComponent,
  realComponent,
} from '../../../test/support/real-manifests.ts';

async function reportOf(yaml: string): Promise<string> {
  const snapshot = await readInputs(['-'], {
    readStdin: () => Promise.resolve(yaml),
    now: () => new Date(0),
    tool: 'test',
  });
  return analysisText(analyze(snapshot, { maxCandidates: 0 }).result, false);
}

describe('the findings heading', () => {
  it('says no finding is on an attack path rather than heading an empty list', async () => {
    // A NodePort Service without pods behind it: a finding, and no path.
    const text = await reportOf(`apiVersion: v1
kind: Service
metadata: { name: idle, namespace: quiet }
spec: { type: NodePort, selector: { app: none }, ports: [{ port: 80 }] }
`);
    expect(text).toMatch(
      /checklist findings? \([^)]*\); none on an attack path\.\n/,
    );
    expect(text).not.toMatch(/0 on an attack path/);
  });
});

describe('the choke points heading', () => {
  const EVERY_FIX_BREAKS = /^Every measured fix breaks a component: /m;

  it('says so when every measured fix breaks a component (ingress-nginx needs the Secrets its paths use)', async () => {
    const { result } = analyze(
      await readComponent(realComponent('ingress-nginx')),
    );
    expect(result.chokepoints.length).toBeGreaterThan(0);
    expect(
      result.chokepoints.every(c => c.fix.impact?.level === 'breaks'),
    ).toBe(true);
    expect(analysisText(result, false)).toMatch(EVERY_FIX_BREAKS);
  }, 120_000);

  it('says nothing of the kind when a fix breaks nothing (kube-prometheus: kube-state-metrics without Secrets)', async () => {
    const { result } = analyze(
      await readComponent(realComponent('kube-prometheus')),
    );
    expect(result.chokepoints[0]?.fix.impact?.level).not.toBe('breaks');
    expect(analysisText(result, false)).not.toMatch(EVERY_FIX_BREAKS);
  }, 120_000);
});
