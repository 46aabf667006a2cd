/** Turning analysis results into the viewer's view models. */

import { describe, expect, it } from 'vitest';
import type {
  AnalysisResult,
  AttackPath,
  Chokepoint,
} from '@chokepoint/engine';
import {
  decisionsMarkdown,
  emptySession,
  overview,
  parseSession,
  pathKey,
  pathsTouching,
  removeDecision,
  stepView,
  upsertDecision,
  whatIfDelta,
} from '../src/view-model.ts';

const pathA: AttackPath = {
  from: 'Container:ci/runner-0/runner',
  to: 'Node:cp-1',
  length: 2,
  confidence: 'high',
  steps: [
    {
      from: 'Container:ci/runner-0/runner',
      to: 'ServiceAccount:ci/runner',
      kind: 'IDENTITY_ASSUME',
      confidence: 'high',
      evidence: {
        reason: 'The container holds a token of ServiceAccount ci/runner.',
        object: 'Pod:ci/runner-0',
        fields: ['spec.serviceAccountName'],
      },
    },
    {
      from: 'ServiceAccount:ci/runner',
      to: 'Node:cp-1',
      kind: 'GRANTS',
      confidence: 'high',
      evidence: { bindings: ['ClusterRoleBinding:ci-runner-deploys'] },
    },
  ],
};

const pathB: AttackPath = {
  from: 'Internet',
  to: 'Group:system:masters',
  length: 1,
  confidence: 'medium',
  steps: [
    {
      from: 'Internet',
      to: 'Group:system:masters',
      kind: 'SOMETHING_NEW',
      confidence: 'medium',
      evidence: { detail: 'a kind the viewer has never heard of' },
    },
  ],
};

const chokepoint: Chokepoint = {
  rank: 1,
  fix: {
    id: 'delete:ClusterRoleBinding:ci-runner-deploys',
    action: 'delete',
    target: 'ClusterRoleBinding:ci-runner-deploys',
    description: 'delete ClusterRoleBinding:ci-runner-deploys',
  },
  entriesCut: 1,
  exposedAfter: 1,
  pathShare: 0.5,
  explanation: 'measured',
};

function stepOf(path: AttackPath, index: number) {
  const step = path.steps[index];
  if (step === undefined) throw new Error(`no step ${String(index)}`);
  return step;
}

function result(
  paths: AttackPath[],
  chokepoints: Chokepoint[] = [],
): AnalysisResult {
  const byClass = {
    internet: 0,
    unauthenticated: 0,
    authenticated: 0,
    container: 0,
    other: 0,
  };
  for (const p of paths) {
    if (p.from === 'Internet') byClass.internet++;
    else byClass.container++;
  }
  return {
    schemaVersion: 1,
    cluster: 'demo',
    entryPoints: [
      'Internet',
      'Container:ci/runner-0/runner',
      'Container:web/a/app',
    ],
    criticalAssets: ['Node:cp-1', 'Group:system:masters'],
    summary: {
      entryPoints: 3,
      criticalAssets: 2,
      exposedEntryPoints: paths.length,
      acceptedEntryPoints: 0,
      exposedByClass: byClass,
      criticalAssetsReached: new Set(paths.map(p => p.to)).size,
      nodes: 10,
      edges: 12,
    },
    paths,
    chokepoints,
    plan: { steps: [], exposedAfter: 0 },
    applied: [],
    findings: [],
    assumptions: [],
    notes: [],
  };
}

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
    expect(view.docHref).toBe('docs/attacks/IDENTITY_ASSUME.md');
    expect(view.mitre.length).toBeGreaterThan(0);
  });

  it('explains helper edges by their bindings and gives them no doc', () => {
    const view = stepView(stepOf(pathA, 1), 1);
    expect(view.why).toBe('through ClusterRoleBinding:ci-runner-deploys');
    expect(view.docHref).toBeUndefined();
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

describe('session', () => {
  it('keeps one decision per path or fix and writes them as Markdown', () => {
    let session = emptySession('demo', ['examples/demo-cluster']);
    const at = '2026-12-01T20:00:00.000Z';
    let decisions = upsertDecision(session.decisions, {
      type: 'accept-path',
      key: pathKey(pathB),
      label: 'Internet → masters',
      comment: 'first',
      at,
    });
    decisions = upsertDecision(decisions, {
      type: 'accept-path',
      key: pathKey(pathB),
      label: 'Internet → masters',
      comment: 'second | with pipe',
      at,
    });
    decisions = upsertDecision(decisions, {
      type: 'plan-fix',
      key: chokepoint.fix.id,
      label: chokepoint.fix.description,
      comment: 'platform team',
      at,
    });
    expect(decisions).toHaveLength(2);
    session = { ...session, decisions, whatIf: [chokepoint.fix.id] };
    const md = decisionsMarkdown(session, result([pathA, pathB], [chokepoint]));
    expect(md).toContain('# Chokepoint decisions: demo');
    expect(md).toContain(
      '| delete ClusterRoleBinding:ci-runner-deploys | 1 | 1 | platform team |',
    );
    expect(md).toContain('second \\| with pipe');
    expect(md).toContain(`- \`${chokepoint.fix.id}\``);
    expect(
      removeDecision(decisions, 'plan-fix', chokepoint.fix.id),
    ).toHaveLength(1);
  });

  it('reads back what it saves and rejects other files', () => {
    const session = {
      ...emptySession('demo', ['a']),
      decisions: [
        {
          type: 'plan-fix' as const,
          key: 'k',
          label: 'l',
          comment: 'c',
          at: 't',
        },
      ],
      whatIf: ['k'],
    };
    expect(parseSession(JSON.parse(JSON.stringify(session)))).toEqual(session);
    expect(() => parseSession({ format: 'chokepoint.snapshot' })).toThrow(
      /session/,
    );
    expect(
      parseSession({ ...session, decisions: [{ type: 'bogus' }] }).decisions,
    ).toEqual([]);
  });
});
