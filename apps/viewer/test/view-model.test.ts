/** Turning analysis results into the viewer's view models. */

import { describe, expect, it } from 'vitest';
import type { AttackPath } from '@chokepoint/engine';
import {
  chokepointRow,
  groupByTarget,
  impactText,
  overview,
  pathsTouching,
  planSteps,
  rankPaths,
  stepView,
  whatIfDelta,
} from '../src/view-model.ts';
import { chokepoint, pathA, pathB, result, stepOf } from './fixtures.ts';

describe('overview', () => {
  it('counts exposure by entry class and the assets at risk', () => {
    const model = overview(result([pathA, pathB], [chokepoint]));
    expect(model.exposed).toBe(2);
    expect(model.byClass.find(c => c.id === 'internet')?.exposed).toBe(1);
    expect(model.byClass.find(c => c.id === 'container')?.exposed).toBe(1);
    expect(model.byClass.reduce((n, c) => n + c.exposed, 0)).toBe(
      model.exposed,
    );
    expect(model.assetsAtRisk.map(a => a.id).sort()).toEqual([
      'Group:system:masters',
      'Node:cp-1',
    ]);
    expect(model.chokepoints[0]).toMatchObject({
      rank: 1,
      entriesCut: 1,
      exposedAfter: 1,
      target: 'ClusterRoleBinding:ci-runner-deploys',
    });
  });

  it('lists the base choke points while a what-if result is shown', () => {
    const after = result([pathB]);
    expect(overview(after).chokepoints).toEqual([]);
    expect(overview(after, [chokepoint]).chokepoints).toHaveLength(1);
  });
});

describe('stepView', () => {
  it('says what the attacker does, why it works, and links the technique doc', () => {
    const view = stepView(stepOf(pathA, 0), 0);
    expect(view.technique).toMatch(/ServiceAccount token/);
    expect(view.why).toBe(
      'The container holds a token of ServiceAccount ci/runner.',
    );
    expect(view.object).toBe('Pod:ci/runner-0');
    expect(view.fields).toEqual(['spec.serviceAccountName']);
    expect(view.hasDoc).toBe(true);
    expect(view.mitre.length).toBeGreaterThan(0);
  });

  it('explains helper edges by their bindings and gives them no doc', () => {
    const view = stepView(stepOf(pathA, 1), 1);
    expect(view.why).toBe('through ClusterRoleBinding:ci-runner-deploys');
    expect(view.hasDoc).toBe(false);
    expect(view.tactic).toBe('helper');
  });

  it('survives a kind the model does not know yet', () => {
    const view = stepView(stepOf(pathB, 0), 0);
    expect(view.technique).toBe('unknown technique');
    expect(view.why).toBe('a kind the viewer has never heard of');
  });
});

describe('pathsTouching', () => {
  it('finds the paths whose steps or evidence name the fix target', () => {
    expect(pathsTouching([pathA, pathB], chokepoint.fix)).toEqual([pathA]);
    expect(
      pathsTouching([pathA, pathB], { target: 'Pod:ci/runner-0' }),
    ).toEqual([pathA]);
    expect(pathsTouching([pathA, pathB], { target: 'Secret:x/y' })).toEqual([]);
  });
});

describe('whatIfDelta', () => {
  it('compares the exposure before and after the fixes', () => {
    const delta = whatIfDelta(result([pathA, pathB]), result([pathB]));
    expect(delta.before).toBe(2);
    expect(delta.after).toBe(1);
    expect(delta.cut).toEqual([pathA.from]);
    expect(delta.byClass.find(c => c.id === 'container')).toMatchObject({
      before: 1,
      exposed: 0,
    });
  });
});

describe('rankPaths', () => {
  it('puts the Internet first, then shorter and more confident paths', () => {
    const long: AttackPath = {
      ...pathA,
      from: 'Container:web/a/app',
      length: 5,
    };
    const anonymous: AttackPath = {
      ...pathA,
      from: 'Group:system:unauthenticated',
      length: 9,
    };
    const ranked = rankPaths([long, pathA, anonymous, pathB]);
    expect(ranked.map(p => p.from)).toEqual([
      'Internet',
      'Group:system:unauthenticated',
      'Container:ci/runner-0/runner',
      'Container:web/a/app',
    ]);
    expect(overview(result([pathA, pathB])).worst?.from).toBe('Internet');
  });
});

describe('what-if figures', () => {
  it('explains a change of the entry-point total by the entries the fixes remove', () => {
    const before = result([pathA, pathB]);
    const after = {
      ...result([pathB]),
      entryPoints: ['Internet', 'Container:web/a/app'],
      summary: { ...result([pathB]).summary, entryPoints: 2 },
    };
    const delta = whatIfDelta(before, after);
    expect(delta.entryPoints).toEqual({
      before: 3,
      after: 2,
      removed: ['Container:ci/runner-0/runner'],
      added: [],
    });
  });

  it('groups fixes on the same object and keeps their order', () => {
    const second = {
      ...chokepoint,
      rank: 2,
      fix: { ...chokepoint.fix, id: 'patch:x', action: 'patch' as const },
    };
    const other = {
      ...chokepoint,
      rank: 3,
      fix: { ...chokepoint.fix, id: 'delete:y', target: 'Role:ns/y' },
    };
    const groups = groupByTarget(
      [chokepoint, other, second].map(chokepointRow),
    );
    expect(groups.map(g => [g.target, g.rows.map(r => r.rank)])).toEqual([
      ['ClusterRoleBinding:ci-runner-deploys', [1, 2]],
      ['Role:ns/y', [3]],
    ]);
  });

  it('shows the impact a fix declares (cli-contract v1.1)', () => {
    const row = chokepointRow({
      ...chokepoint,
      fix: {
        ...chokepoint.fix,
        impact: {
          level: 'breaks',
          component: 'kube-proxy',
          reason: 'needs it',
        },
      },
    });
    expect(row.impact).toEqual({
      level: 'breaks',
      component: 'kube-proxy',
      reason: 'needs it',
    });
    expect(chokepointRow(chokepoint).impact).toBeUndefined();
    expect(impactText(row.impact ?? { level: 'none', reason: '' })).toBe(
      'Impact: breaks kube-proxy: needs it',
    );
  });

  it('gives a breaking fix its alternative that breaks nothing, with its own figures', () => {
    const row = chokepointRow({
      ...chokepoint,
      fix: {
        ...chokepoint.fix,
        impact: { level: 'breaks', component: 'kube-proxy', reason: 'r' },
      },
      alternative: {
        fix: {
          ...chokepoint.fix,
          id: 'patch:Pod:ns/p#automount',
          description: 'stop mounting the token',
          impact: { level: 'none', reason: 'nothing reads it' },
        },
        entriesCut: 1,
        exposedAfter: 1,
      },
    });
    expect(row.alternative).toEqual({
      fixId: 'patch:Pod:ns/p#automount',
      description: 'stop mounting the token',
      entriesCut: 1,
      exposedAfter: 1,
      impact: { level: 'none', reason: 'nothing reads it' },
    });
    expect(chokepointRow(chokepoint).alternative).toBeUndefined();
  });

  it('gives each plan step the exposure before and after it', () => {
    const base = {
      ...result([pathA, pathB], [chokepoint]),
      plan: {
        steps: [
          { fix: chokepoint.fix, exposedAfter: 1 },
          {
            fix: { ...chokepoint.fix, id: 'b', description: 'b' },
            exposedAfter: 0,
          },
        ],
        exposedAfter: 0,
        method: 'greedy' as const,
      },
    };
    expect(planSteps(base).map(s => [s.before, s.after])).toEqual([
      [2, 1],
      [1, 0],
    ]);
    const degrading = { level: 'degrades' as const, reason: 'r' };
    const withImpact = {
      ...base,
      plan: {
        ...base.plan,
        steps: [
          { fix: { ...chokepoint.fix, impact: degrading }, exposedAfter: 1 },
        ],
      },
    };
    expect(planSteps(withImpact)[0]?.impact).toEqual(degrading);
    expect(planSteps(base)[0]?.impact).toBeUndefined();
  });
});
