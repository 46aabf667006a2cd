import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { analyze, buildGraph, resolvePolicy } from '../../src/index.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

function demo(): Promise<Snapshot> {
  return readInputs([DEMO], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
}

/** The demo with its top-ranked RBAC fix made the way a user makes it: the binding deleted. */
function withoutWebTeamBinding(snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    objects: {
      ...snapshot.objects,
      RoleBinding: (snapshot.objects.RoleBinding ?? []).filter(
        b => b.metadata.name !== 'web-team-edit',
      ),
    },
  };
}

describe('a user or group named on the command line or in the policy always exists', () => {
  it('analyses --entry Group:web-developers before and after the binding naming it is deleted', async () => {
    const snapshot = await demo();
    const before = analyze(snapshot, {
      entry: ['Group:web-developers'],
      maxCandidates: 0,
    }).result;
    expect(before.entryPoints).toEqual(['Group:web-developers']);
    expect(before.summary.exposedEntryPoints).toBe(1);

    const after = analyze(withoutWebTeamBinding(snapshot), {
      entry: ['Group:web-developers'],
      maxCandidates: 0,
    }).result;
    expect(after.entryPoints).toEqual(['Group:web-developers']);
    expect(after.summary.exposedEntryPoints).toBe(0);
  });

  it('gives a user no binding names its system:authenticated membership', async () => {
    const snapshot = await demo();
    const { graph } = buildGraph(snapshot, {
      identities: ['User:alice', 'Group:auditors', 'Pod:web/nothing'],
    });
    expect(graph.hasNode('User:alice')).toBe(true);
    expect(graph.hasNode('Group:auditors')).toBe(true);
    expect(graph.hasNode('Pod:web/nothing')).toBe(false);
    expect(
      graph
        .outEdges('User:alice')
        .map(e => `${graph.getEdgeAttribute(e, 'kind')} ${graph.target(e)}`),
    ).toContain('MEMBER_OF Group:system:authenticated');
    // Without being named, nobody invents alice.
    expect(buildGraph(snapshot).graph.hasNode('User:alice')).toBe(false);
  });

  it('resolves users and groups of the policy entry and critical lists', async () => {
    const { policy, problems } = resolvePolicy({
      entry: ['User:contractor'],
      critical: ['Group:payments-admins'],
    });
    expect(problems).toEqual([]);
    const { result } = analyze(await demo(), { policy, maxCandidates: 0 });
    expect(result.entryPoints).toContain('User:contractor');
    expect(result.criticalAssets).toContain('Group:payments-admins');
  });
});
