/** Small analysis results for the view-model tests. */

import type {
  AnalysisResult,
  AttackPath,
  Chokepoint,
} from '@chokepoint/engine';
import type { PathStep } from '@chokepoint/model';

export const pathA: AttackPath = {
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

export const pathB: AttackPath = {
  from: 'Internet',
  to: 'Group:system:masters',
  length: 1,
  confidence: 'medium',
  steps: [
    // A kind from a newer engine: outside the model's types on purpose.
    {
      from: 'Internet',
      to: 'Group:system:masters',
      kind: 'SOMETHING_NEW',
      confidence: 'medium',
      evidence: { detail: 'a kind the viewer has never heard of' },
    } as unknown as PathStep,
  ],
};

export const chokepoint: Chokepoint = {
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

export function stepOf(path: AttackPath, index: number) {
  const step = path.steps[index];
  if (step === undefined) throw new Error(`no step ${String(index)}`);
  return step;
}

export function result(
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
    plan: { steps: [], exposedAfter: 0, method: 'exact' },
    convergence: [],
    applied: [],
    findings: [],
    assumptions: [],
    notes: [],
  };
}
