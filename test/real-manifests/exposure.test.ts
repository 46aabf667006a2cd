/**
 * What a security engineer expects of each real install manifest (issue #17):
 * the exposure, the paths and the findings, analysed as users apply them
 * (`chokepoint analyze DIR`, with `-n` where users give one) and with what the
 * input lacks assumed (docs/analysis.md, "Objects the input lacks"). Before
 * those assumptions the first seven components all came out at 0 exposed.
 */

import { describe, expect, it } from 'vitest';
import { analyze } from '@chokepoint/engine';
import { reasonOf } from '@chokepoint/model';
import {
  REAL_COMPONENTS,
  readComponent,
  realComponent,
} from '../support/real-manifests.ts';

interface Expected {
  /** Exposed entry points, of all entry points. */
  readonly exposed: readonly [number, number];
  readonly internet: number;
  /** Paths (entry point -> critical asset) an expert would draw. */
  readonly paths: readonly string[];
  /** Findings and whether they lie on an attack path. */
  readonly findings: Readonly<Record<string, boolean>>;
  /** Checks that would be false positives here. */
  readonly absent?: readonly string[];
  /** Entry points that must reach nothing (a path from them is a false positive). */
  readonly unexposed?: readonly string[];
}

// A controller's pods may land on either assumed node: a stand-in per node.
const W = '@assumed-worker';

const CP = 'Node:assumed-control-plane';
const RUNTIME_SECRETS = 'Secret:kube-system/*';

const EXPECTED: Readonly<Record<string, Expected>> = {
  'argo-cd': {
    exposed: [8, 17],
    internet: 0,
    paths: [
      // The application controller holds */*/* cluster-wide.
      `Container:argocd/StatefulSet/argocd-application-controller${W}/argocd-application-controller -> ServiceAccount:argocd/argocd-application-controller`,
      // The ApplicationSet controller lists every Secret.
      `Container:argocd/Deployment/argocd-applicationset-controller${W}/argocd-applicationset-controller -> ${RUNTIME_SECRETS}`,
      // The API server patches any workload: a pod on the control plane.
      `Container:argocd/Deployment/argocd-server${W}/argocd-server -> ${CP}`,
    ],
    findings: {
      'F-RBAC-SECRETS:ClusterRoleBinding:argocd-applicationset-controller': true,
      'F-RBAC-SECRETS:ClusterRoleBinding:argocd-server': true,
      'F-RBAC-WILDCARD:ClusterRole:argocd-server': true,
    },
  },
  'cert-manager': {
    exposed: [6, 9],
    internet: 0,
    paths: [
      // The controller creates ACME solver pods in any namespace.
      `Container:cert-manager/Deployment/cert-manager${W}/cert-manager-controller -> ${CP}`,
    ],
    findings: {
      'F-RBAC-SECRETS:ClusterRoleBinding:cert-manager-controller-certificates': true,
      'F-RBAC-SECRETS:ClusterRoleBinding:cert-manager-cainjector': true,
    },
  },
  flannel: {
    // NET_ADMIN and host networking, but no way to the node or to RBAC power.
    exposed: [0, 5],
    internet: 0,
    paths: [],
    findings: {},
    absent: ['F-RBAC-SECRETS', 'F-POD-PRIVILEGED'],
  },
  gatekeeper: {
    exposed: [4, 7],
    internet: 0,
    paths: [
      `Container:gatekeeper-system/Deployment/gatekeeper-controller-manager${W}/manager -> ${RUNTIME_SECRETS}`,
    ],
    findings: {
      'F-RBAC-SECRETS:ClusterRoleBinding:gatekeeper-manager-rolebinding': true,
      'F-RBAC-WILDCARD:ClusterRole:gatekeeper-manager-role': true,
    },
  },
  'ingress-nginx': {
    exposed: [7, 9],
    internet: 1,
    paths: [
      // The example: an Internet-facing controller that lists every Secret.
      `Internet -> ${RUNTIME_SECRETS}`,
      `Container:ingress-nginx/Deployment/ingress-nginx-controller${W}/controller -> ${RUNTIME_SECRETS}`,
    ],
    findings: {
      'F-RBAC-SECRETS:ClusterRoleBinding:ingress-nginx': true,
      'F-SVC-NODEPORT:Service:ingress-nginx/ingress-nginx-controller': true,
    },
  },
  'kube-prometheus': {
    exposed: [10, 27],
    internet: 0,
    paths: [
      `Container:monitoring/Deployment/kube-state-metrics${W}/kube-state-metrics -> ${RUNTIME_SECRETS}`,
      `Container:monitoring/Deployment/prometheus-operator${W}/prometheus-operator -> ${CP}`,
    ],
    findings: {
      'F-RBAC-SECRETS:ClusterRoleBinding:kube-state-metrics': true,
      'F-RBAC-WILDCARD:ClusterRole:prometheus-operator': true,
    },
    // Its system:aggregated-metrics-reader no longer switches the built-in
    // roles off (point 3): system:auth-delegator is not "missing".
    absent: ['F-RBAC-MISSINGROLE'],
  },
  'kubernetes-goat': {
    exposed: [5, 30],
    internet: 0,
    paths: [
      // Privileged containers with the host's filesystem or runtime socket,
      // when their pods land on the control-plane node.
      `Container:default/Deployment/health-check-deployment@assumed-control-plane/health-check -> ${CP}`,
      `Container:default/Deployment/system-monitor-deployment@assumed-control-plane/system-monitor -> ${CP}`,
      `Container:default/DaemonSet/docker-bench-security@assumed-control-plane/docker-bench -> ${CP}`,
      // Its nodeSelector puts it on the control plane only: one stand-in.
      `Container:default/Job/kube-bench-master/kube-bench -> ${CP}`,
    ],
    // Root on the worker reaches the pods there, whose escapes lead back to
    // the worker: no bridge to the control plane through a Deployment's pods
    // (one stand-in on both nodes made one, issue #17 point 6).
    unexposed: [
      'Container:default/DaemonSet/docker-bench-security@assumed-worker/docker-bench',
      'Container:default/Deployment/health-check-deployment@assumed-worker/health-check',
      'Container:default/Deployment/system-monitor-deployment@assumed-worker/system-monitor',
    ],
    findings: {
      'F-POD-PRIVILEGED:Container:default/Deployment/health-check-deployment/health-check': true,
      'F-POD-PRIVILEGED:Container:default/Deployment/system-monitor-deployment/system-monitor': true,
      'F-RBAC-SECRETS:ClusterRoleBinding:superadmin': false,
      'F-SVC-NODEPORT:Service:default/internal-proxy-info-app-service': false,
    },
  },
  longhorn: {
    exposed: [6, 11],
    internet: 0,
    paths: [
      // The manager's ServiceAccount may escalate to any role.
      `Container:longhorn-system/Deployment/longhorn-driver-deployer${W}/longhorn-driver-deployer -> RoleInScope:*@cluster`,
      `Container:longhorn-system/DaemonSet/longhorn-manager@assumed-control-plane/longhorn-manager -> ${CP}`,
    ],
    findings: {
      'F-POD-PRIVILEGED:Container:longhorn-system/DaemonSet/longhorn-manager/longhorn-manager': true,
      'F-RBAC-SECRETS:ClusterRoleBinding:longhorn-bind': true,
      'F-RBAC-WILDCARD:ClusterRole:longhorn-role': true,
    },
  },
  metallb: {
    // The speaker runs on the host network with NET_RAW; its RBAC reaches no critical asset.
    exposed: [0, 7],
    internet: 0,
    paths: [],
    findings: { 'F-RBAC-WILDCARD:ClusterRole:metallb-system:speaker': false },
    absent: ['F-RBAC-SECRETS'],
  },
};

describe('what a security engineer expects of each real install manifest', () => {
  it('has expectations for every component', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(
      REAL_COMPONENTS.map(c => c.name).sort(),
    );
  });

  describe.each(REAL_COMPONENTS)('$name ($role)', component => {
    it('has the exposure, paths and findings an expert expects', async () => {
      const expected = EXPECTED[component.name];
      if (expected === undefined) throw new Error(component.name);
      const { result } = analyze(await readComponent(component), {
        maxCandidates: 0,
        planRounds: 0,
      });
      const { summary } = result;
      expect([summary.exposedEntryPoints, summary.entryPoints]).toEqual(
        expected.exposed,
      );
      expect(summary.exposedByClass.internet).toBe(expected.internet);
      // The first lines of the report say what was assumed.
      expect(result.assumptions.join('\n')).toMatch(/no Nodes/);
      expect(result.assumptions.join('\n')).toContain(RUNTIME_SECRETS);
      const paths = result.paths.map(p => `${p.from} -> ${p.to}`);
      expect(paths).toEqual(expect.arrayContaining([...expected.paths]));
      const findings = Object.fromEntries(
        result.findings.map(f => [f.id, f.onAttackPath]),
      );
      for (const [id, onPath] of Object.entries(expected.findings))
        expect({ id, onPath: findings[id] }).toEqual({ id, onPath });
      for (const entry of expected.unexposed ?? []) {
        expect(result.entryPoints).toContain(entry);
        expect(paths.filter(p => p.startsWith(`${entry} -> `))).toEqual([]);
      }
      for (const check of expected.absent ?? [])
        expect(result.findings.filter(f => f.check === check)).toEqual([]);
    });
  });
});

describe('a Secret a workload names in its arguments (issue #17, point 6)', () => {
  it('makes cert-manager-webhook’s token-Secret step low: the CA Secret its --dynamic-serving-ca-secret-name names exists once it runs', async () => {
    const { result } = analyze(
      await readComponent(realComponent('cert-manager')),
      { maxCandidates: 0, planRounds: 0 },
    );
    const path = result.paths.find(
      p =>
        p.from ===
        `Container:cert-manager/Deployment/cert-manager-webhook${W}/cert-manager-webhook`,
    );
    const step = path?.steps.find(s => s.kind === 'TOKEN_SECRET_CREATE');
    expect(step?.confidence).toBe('low');
    // The report's reason says why it is low.
    expect(step === undefined ? '' : reasonOf(step.evidence)).toContain(
      'but a workload of cert-manager references Secret cert-manager-webhook-ca and expects it to exist: the holder must create it first.',
    );
    expect(path?.confidence).toBe('low');
  });
});
