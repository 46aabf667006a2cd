// The fix an expert makes first, pinned on the demo cluster and on the real
// install manifests of the corpus (fixes issue, "Done when"): the top fix
// breaks nothing where a non-breaking one cuts anything, and every fix that
// breaks a component names it and says why.
import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import type { AnalysisResult, Snapshot } from '@chokepoint/model';
import {
  REAL_COMPONENTS,
  readComponent,
} from '../../../../test/support/real-manifests.ts';
import { analyze } from '../../src/index.ts';
import { KNOWLEDGE } from '../../src/chokepoints/knowledge/index.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

function demo(): Promise<Snapshot> {
  return readInputs([DEMO], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
}

const COMPONENTS = new Set(
  KNOWLEDGE.flatMap(family => family.components.map(c => c.id)),
);

/** Every breaking fix names a component and why; breaking fixes rank last. */
function checkBreaking(result: AnalysisResult): void {
  const levels = result.chokepoints.map(c => c.fix.impact?.level);
  expect(levels).not.toContain(undefined);
  const firstBreak = levels.indexOf('breaks');
  if (firstBreak !== -1)
    expect(levels.slice(firstBreak).every(l => l === 'breaks')).toBe(true);
  for (const c of [
    ...result.chokepoints,
    ...result.plan.steps.map(s => ({ fix: s.fix })),
  ]) {
    const impact = c.fix.impact;
    expect(impact, c.fix.id).toBeDefined();
    if (impact?.level !== 'breaks') continue;
    expect(impact.component, c.fix.id).toBeDefined();
    expect(impact.reason.length, c.fix.id).toBeGreaterThan(20);
  }
}

describe('the top fix on the demo cluster', () => {
  it('runs node-exporter as non-root, which breaks nothing; kube-proxy and the API server fixes say they break them', async () => {
    const { result } = analyze(await demo());
    checkBreaking(result);
    const [top] = result.chokepoints;
    expect(top?.fix.id).toBe(
      'patch:DaemonSet:monitoring/node-exporter#spec.template.spec.containers[0].securityContext.runAsNonRoot',
    );
    expect(top?.fix.impact?.level).toBe('none');
    const broken = new Map(
      result.chokepoints
        .filter(c => c.fix.impact?.level === 'breaks')
        .map(c => [c.fix.id, c.fix.impact?.component]),
    );
    expect(
      broken.get(
        'patch:DaemonSet:kube-system/kube-proxy#spec.template.spec.containers[0].securityContext.privileged',
      ),
    ).toBe('kube-proxy');
    expect(broken.get('delete:ClusterRoleBinding:prometheus')).toBe(
      'prometheus',
    );
    // kube-proxy's fix cuts the most entry points, yet ranks below every fix that breaks nothing.
    const kubeProxy = result.chokepoints.find(c =>
      c.fix.id.startsWith('patch:DaemonSet:kube-system/kube-proxy'),
    );
    expect(kubeProxy?.entriesCut).toBeGreaterThan(top?.entriesCut ?? 0);
  }, 180_000);

  it('is the same when only 3 candidates are measured, each of them a choke point', async () => {
    // The budget at 20k pods: the candidates that can cut most are measured first.
    const { result } = analyze(await demo(), { maxCandidates: 3 });
    expect(result.chokepoints[0]?.fix.id).toBe(
      'patch:DaemonSet:monitoring/node-exporter#spec.template.spec.containers[0].securityContext.runAsNonRoot',
    );
    expect(result.chokepoints).toHaveLength(3);
    for (const c of result.chokepoints)
      expect(c.entriesCut, c.fix.id).toBeGreaterThan(0);
  }, 180_000);
});

/**
 * The top fix of each corpus component with exposure, as measured on
 * 2026-12-06, 12 candidates measured (those that can cut most first). gatekeeper and
 * ingress-nginx are exposed since Secrets readable cluster-wide reach the
 * stand-in for kube-system's runtime Secrets. Removing only `secrets` from a
 * rule is the narrow fix: kube-state-metrics loses only its kube_secret_*
 * metrics (degrades, and it ranks above every breaking fix); ingress-nginx
 * needs Secrets for its TLS certificates, so that fix breaks it too, but it
 * ranks above deleting the whole ClusterRoleBinding, which cuts as many.
 */
const TOP: Readonly<Record<string, string>> = {
  'argo-cd': 'patch:Role:argocd/argocd-redis#rules[0]-get',
  'cert-manager':
    'patch:Role:cert-manager/cert-manager-webhook:dynamic-serving#rules[1]-create',
  gatekeeper: 'delete:ClusterRoleBinding:gatekeeper-manager-rolebinding',
  'ingress-nginx': 'patch:ClusterRole:ingress-nginx#rules[0]-resource-secrets',
  // A training cluster's own workload: run the CIS benchmark container as non-root.
  'kubernetes-goat':
    'patch:DaemonSet:default/docker-bench-security#spec.template.spec.securityContext.runAsUser',
  'kube-prometheus':
    'patch:ClusterRole:kube-state-metrics#rules[0]-resource-secrets',
  longhorn:
    'patch:ServiceAccount:longhorn-system/longhorn-service-account#automountServiceAccountToken',
};

describe('fixes on the real install manifests of the corpus', () => {
  for (const component of REAL_COMPONENTS) {
    it(`${component.name}: every breaking fix names the component it breaks`, async () => {
      const { result } = analyze(await readComponent(component), {
        maxCandidates: 12,
      });
      checkBreaking(result);
      expect(result.chokepoints[0]?.fix.id).toBe(TOP[component.name]);
      if (component.name === 'kube-prometheus') {
        // The narrow fix is also offered beside the ones that break kube-state-metrics.
        expect(result.chokepoints[0]?.fix.impact?.level).toBe('degrades');
        const automount = result.chokepoints.find(
          c =>
            c.fix.id ===
            'patch:Deployment:monitoring/kube-state-metrics#spec.template.spec.automountServiceAccountToken',
        );
        expect(automount?.fix.impact?.level).toBe('breaks');
        expect(automount?.alternative?.fix.id).toBe(TOP[component.name]);
      }
      // What a system component needs is the knowledge base's to say (the
      // training cluster's workloads are no system components).
      if (component.name !== 'kubernetes-goat')
        for (const c of result.chokepoints)
          if (c.fix.impact?.level === 'breaks')
            expect(COMPONENTS, c.fix.id).toContain(c.fix.impact.component);
    }, 180_000);
  }
});
