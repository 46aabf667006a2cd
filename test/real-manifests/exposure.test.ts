/**
 * What a security engineer expects of each real install manifest (issue #17):
 * the exposure, the paths and the findings, analysed as users apply them
 * (`chokepoint analyze DIR`, with `-n` where users give one) and with what the
 * input lacks assumed (docs/analysis.md, "Objects the input lacks"). Before
 * those assumptions the first seven components all came out at 0 exposed.
 */

import { describe, expect, it } from 'vitest';
import { analyze } from '@chokepoint/engine';
import { REAL_COMPONENTS, readComponent } from '../support/real-manifests.ts';

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
}

const CP = 'Node:assumed-control-plane';
const RUNTIME_SECRETS = 'Secret:kube-system/*';

const EXPECTED: Readonly<Record<string, Expected>> = {
  'argo-cd': {
    exposed: [4, 10],
    internet: 0,
    paths: [
      // The application controller holds */*/* cluster-wide.
      'Container:argocd/StatefulSet/argocd-application-controller/argocd-application-controller -> ServiceAccount:argocd/argocd-application-controller',
      // The ApplicationSet controller lists every Secret.
      `Container:argocd/Deployment/argocd-applicationset-controller/argocd-applicationset-controller -> ${RUNTIME_SECRETS}`,
      // The API server patches any workload: a pod on the control plane.
      `Container:argocd/Deployment/argocd-server/argocd-server -> ${CP}`,
    ],
    findings: {
      'F-RBAC-SECRETS:ClusterRoleBinding:argocd-applicationset-controller': true,
      'F-RBAC-SECRETS:ClusterRoleBinding:argocd-server': true,
      'F-RBAC-WILDCARD:ClusterRole:argocd-server': true,
    },
  },
  'cert-manager': {
    exposed: [3, 6],
    internet: 0,
    paths: [
      // The controller creates ACME solver pods in any namespace.
      `Container:cert-manager/Deployment/cert-manager/cert-manager-controller -> ${CP}`,
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
    exposed: [2, 5],
    internet: 0,
    paths: [
      `Container:gatekeeper-system/Deployment/gatekeeper-controller-manager/manager -> ${RUNTIME_SECRETS}`,
    ],
    findings: {
      'F-RBAC-SECRETS:ClusterRoleBinding:gatekeeper-manager-rolebinding': true,
      'F-RBAC-WILDCARD:ClusterRole:gatekeeper-manager-role': true,
    },
  },
  'ingress-nginx': {
    exposed: [4, 6],
    internet: 1,
    paths: [
      // The example: an Internet-facing controller that lists every Secret.
      `Internet -> ${RUNTIME_SECRETS}`,
      `Container:ingress-nginx/Deployment/ingress-nginx-controller/controller -> ${RUNTIME_SECRETS}`,
    ],
    findings: {
      'F-RBAC-SECRETS:ClusterRoleBinding:ingress-nginx': true,
      'F-SVC-NODEPORT:Service:ingress-nginx/ingress-nginx-controller': true,
    },
  },
  'kube-prometheus': {
    exposed: [5, 17],
    internet: 0,
    paths: [
      `Container:monitoring/Deployment/kube-state-metrics/kube-state-metrics -> ${RUNTIME_SECRETS}`,
      `Container:monitoring/Deployment/prometheus-operator/prometheus-operator -> ${CP}`,
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
    exposed: [6, 18],
    internet: 0,
    paths: [
      // Privileged containers with the host's filesystem or runtime socket.
      `Container:default/Deployment/health-check-deployment/health-check -> ${CP}`,
      `Container:default/Deployment/system-monitor-deployment/system-monitor -> ${CP}`,
      // The DaemonSet's pod on the control-plane node escapes to it.
      `Container:default/DaemonSet/docker-bench-security@assumed-control-plane/docker-bench -> ${CP}`,
    ],
    findings: {
      'F-POD-PRIVILEGED:Container:default/Deployment/health-check-deployment/health-check': true,
      'F-POD-PRIVILEGED:Container:default/Deployment/system-monitor-deployment/system-monitor': true,
      'F-RBAC-SECRETS:ClusterRoleBinding:superadmin': false,
      'F-SVC-NODEPORT:Service:default/internal-proxy-info-app-service': false,
    },
  },
  longhorn: {
    exposed: [5, 9],
    internet: 0,
    paths: [
      // The manager's ServiceAccount may escalate to any role.
      'Container:longhorn-system/Deployment/longhorn-driver-deployer/longhorn-driver-deployer -> RoleInScope:*@cluster',
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
    exposed: [0, 6],
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
      for (const check of expected.absent ?? [])
        expect(result.findings.filter(f => f.check === check)).toEqual([]);
    });
  });
});
