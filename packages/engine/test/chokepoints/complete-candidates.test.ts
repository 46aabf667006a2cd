/**
 * Complete candidates (issue 10 point 3): the fix where paths converge is
 * measured even when no shortest path crosses what it changes, and every
 * reported choke point cuts at least one entry point.
 */

import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { analyze } from '../../src/index.ts';

const SCENARIOS = new URL('../fixtures/scenarios/', import.meta.url);

function scenario(name: string): Promise<Snapshot> {
  return readInputs([new URL(name, SCENARIOS).pathname], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
}

describe('complete candidates', () => {
  it('measures the ClusterRoleBinding a dozen workloads reach cluster-admin through, and applies it', async () => {
    const snapshot = await scenario('default-sa-cluster-admin.yaml');
    const { result } = analyze(snapshot);
    expect(result.summary.exposedEntryPoints).toBe(12);
    const binding = result.chokepoints.find(
      c => c.fix.id === 'delete:ClusterRoleBinding:default-sa-admin',
    );
    expect(binding?.entriesCut).toBe(12);
    expect(binding?.exposedAfter).toBe(0);
    // Among the top fixes, beside not mounting the ServiceAccount's token
    // and, narrower, keeping the grant only in the namespace the pods run in.
    expect(result.chokepoints.slice(0, 3).map(c => c.fix.id)).toEqual(
      expect.arrayContaining([
        'delete:ClusterRoleBinding:default-sa-admin',
        'delete:ClusterRoleBinding:default-sa-admin#to-rolebindings',
      ]),
    );
    const after = analyze(snapshot, {
      applyFixes: ['delete:ClusterRoleBinding:default-sa-admin'],
    });
    expect(after.result.summary.exposedEntryPoints).toBe(0);
  });

  it('offers the one fix that cuts both routes to a stolen token: not mounting it', async () => {
    const { result } = analyze(await scenario('token-two-routes.yaml'));
    const cut = new Map(result.chokepoints.map(c => [c.fix.id, c.entriesCut]));
    expect(
      cut.get('patch:ServiceAccount:ops/deployer#automountServiceAccountToken'),
    ).toBe(result.summary.exposedEntryPoints);
    expect(cut.get('delete:ClusterRoleBinding:deployer-admin')).toBe(
      result.summary.exposedEntryPoints,
    );
  });

  it('reports no choke point that cuts nothing', async () => {
    for (const name of [
      'default-sa-cluster-admin.yaml',
      'token-two-routes.yaml',
    ]) {
      const { result } = analyze(await scenario(name));
      expect(result.chokepoints.length).toBeGreaterThan(0);
      for (const chokepoint of result.chokepoints)
        expect(chokepoint.entriesCut).toBeGreaterThan(0);
    }
  });
});
