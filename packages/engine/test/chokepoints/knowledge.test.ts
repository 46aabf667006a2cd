import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import { buildGraph } from '../../src/index.ts';
import {
  KNOWLEDGE,
  recogniseContainer,
  repositoryPath,
} from '../../src/chokepoints/knowledge/index.ts';
import { readPodSpec } from '../../src/predicates/pod-spec.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

function recognise(
  image: string,
  extra: { command?: string[]; args?: string[] } = {},
  labels: Record<string, string> = {},
): string | undefined {
  const spec = readPodSpec({ containers: [{ name: 'c', image, ...extra }] });
  const container = spec.containers[0];
  if (container === undefined) throw new Error('no container');
  return recogniseContainer(KNOWLEDGE, container, labels)?.component.id;
}

describe('knowledge base: recognising components', () => {
  it('reads the repository path of an image reference', () => {
    expect(repositoryPath('registry.k8s.io/kube-proxy:v1.31.4')).toBe(
      'kube-proxy',
    );
    expect(repositoryPath('docker.io/library/traefik:v3.1')).toBe('traefik');
    expect(
      repositoryPath('localhost:5000/calico/node:v3.28@sha256:0123abcd'),
    ).toBe('calico/node');
    expect(repositoryPath('calico/node')).toBe('calico/node');
    expect(repositoryPath('node:20-alpine')).toBe('node');
  });

  // Images as the projects' own install manifests name them.
  it.each([
    ['registry.k8s.io/kube-proxy:v1.31.4', 'kube-proxy'],
    [
      '602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/kube-proxy:v1.29.0-minimal-eksbuild.1',
      'kube-proxy',
    ],
    ['docker.io/calico/node:v3.28.0', 'calico-node'],
    ['quay.io/calico/cni:v3.28.0', 'calico-node'],
    ['docker.io/calico/kube-controllers:v3.28.0', 'calico-kube-controllers'],
    ['registry.example.com/mirror/calico/node:v3.28.0', 'calico-node'],
    ['quay.io/cilium/cilium:v1.16.1@sha256:0d1f1c7ebbd5d5f7', 'cilium-agent'],
    ['quay.io/cilium/operator-generic:v1.16.1', 'cilium-operator'],
    ['ghcr.io/flannel-io/flannel:v0.25.6', 'flannel'],
    ['docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel2', 'flannel'],
    [
      '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.18.3-eksbuild.2',
      'aws-vpc-cni',
    ],
    ['docker.io/kindest/kindnetd:v20240813-c6f155d6', 'kindnet'],
    [
      'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.11.1',
      'csi-node-driver-registrar',
    ],
    [
      'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.34.0',
      'csi-node-plugin',
    ],
    ['registry.k8s.io/sig-storage/csi-provisioner:v5.0.2', 'csi-controller'],
    ['rancher/local-path-provisioner:v0.0.28', 'local-path-provisioner'],
    [
      'registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:d5f8217feeac4887cb1ed21f27c2674e58be06bd8f5184cacea2a69abaf78dce',
      'ingress-nginx',
    ],
    [
      'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.3',
      'ingress-nginx-admission',
    ],
    ['docker.io/traefik:v3.1.2', 'traefik'],
    ['ghcr.io/fluxcd/kustomize-controller:v1.3.0', 'flux-reconciler'],
    ['ghcr.io/fluxcd/source-controller:v1.3.0', 'flux-source-controller'],
    [
      'quay.io/prometheus-operator/prometheus-operator:v0.76.0',
      'prometheus-operator',
    ],
    ['quay.io/prometheus/prometheus:v2.54.1', 'prometheus'],
    ['quay.io/prometheus/node-exporter:v1.8.2', 'node-exporter'],
    [
      'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0',
      'kube-state-metrics',
    ],
    ['registry.k8s.io/metrics-server/metrics-server:v0.7.2', 'metrics-server'],
    ['quay.io/kiwigrid/k8s-sidecar:1.27.5', 'grafana-sidecar'],
    ['grafana/grafana:11.2.0', 'grafana'],
    ['quay.io/brancz/kube-rbac-proxy:v0.18.1', 'kube-rbac-proxy'],
    [
      'registry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0',
      'prometheus-adapter',
    ],
    ['docker.io/longhornio/longhorn-ui:v1.7.2', 'longhorn-ui'],
    ['registry.k8s.io/kube-apiserver:v1.31.4', 'kube-apiserver'],
    [
      'registry.k8s.io/kube-controller-manager:v1.31.4',
      'kube-controller-manager',
    ],
    ['registry.k8s.io/kube-scheduler:v1.31.4', 'kube-scheduler'],
    ['registry.k8s.io/coredns/coredns:v1.11.3', 'coredns'],
    [
      'quay.io/jetstack/cert-manager-controller:v1.15.3',
      'cert-manager-controller',
    ],
    [
      'quay.io/jetstack/cert-manager-cainjector:v1.15.3',
      'cert-manager-cainjector',
    ],
    ['quay.io/jetstack/cert-manager-webhook:v1.15.3', 'cert-manager-webhook'],
    ['ghcr.io/kyverno/kyverno:v1.12.5', 'kyverno-admission-controller'],
    [
      'ghcr.io/kyverno/background-controller:v1.12.5',
      'kyverno-background-controller',
    ],
    ['openpolicyagent/gatekeeper:v3.17.0', 'gatekeeper'],
    ['quay.io/metallb/speaker:v0.14.8', 'metallb-speaker'],
    ['quay.io/metallb/controller:v0.14.8', 'metallb-controller'],
    ['ghcr.io/kube-vip/kube-vip:v0.8.3', 'kube-vip'],
  ])('recognises %s as %s', (image, id) => {
    expect(recognise(image)).toBe(id);
  });

  it('tells the Argo CD components apart by command or labels, and recognises none without either', () => {
    const image = 'quay.io/argoproj/argocd:v2.12.3';
    expect(
      recognise(image, {
        args: ['/usr/local/bin/argocd-application-controller'],
      }),
    ).toBe('argocd-application-controller');
    expect(recognise(image, { command: ['argocd-server'] })).toBe(
      'argocd-server',
    );
    expect(
      recognise(image, {}, { 'app.kubernetes.io/name': 'argocd-repo-server' }),
    ).toBe('argocd-repo-server');
    expect(recognise(image)).toBeUndefined();
  });

  it('takes etcd for the control plane only with kubeadm’s static pod labels', () => {
    expect(
      recognise(
        'registry.k8s.io/etcd:3.5.15-0',
        {},
        {
          component: 'etcd',
          tier: 'control-plane',
        },
      ),
    ).toBe('etcd');
    expect(recognise('registry.k8s.io/etcd:3.5.15-0')).toBeUndefined();
    expect(recognise('bitnami/etcd:3.5.15')).toBeUndefined();
  });

  // Application images whose names resemble components: none is one.
  it.each([
    'registry.example.com/shop/frontend:2.14.0',
    'registry.example.com/ci/runner:4.2',
    'nginx:1.27',
    'node:20-alpine',
    'registry.example.com/team/node:20',
    'xcalico/node:v1',
    'calico/node-exporter-fork:v1',
    'registry.example.com/tools/kube-proxy-helper:1.0',
    'example.com/team/etcd-backup:1.0',
    'bitnami/kube-state-metrics-exporter:2.0',
    'mycompany/prometheus-app:3.1',
    'grafana/loki:3.1.0',
    'ghcr.io/dexidp/dex:v2.41.1',
    'redis:7.4',
    'busybox',
    'quay.io/argoproj/argocd-extension-installer:v0.0.5',
  ])('does not take the application image %s for a component', image => {
    expect(recognise(image)).toBeUndefined();
  });

  it('recognises the demo cluster’s system components and none of its applications', async () => {
    const snapshot = await readInputs([DEMO], {
      readStdin: () => Promise.resolve(''),
      now: () => new Date(0),
      tool: 'test',
    });
    const { index } = buildGraph(snapshot);
    const found = new Map<string, string>();
    for (const workload of index.workloads)
      for (const container of workload.containers)
        found.set(
          workload.id,
          recogniseContainer(KNOWLEDGE, container.view.spec, workload.labels)
            ?.component.id ?? 'unknown',
        );
    expect(Object.fromEntries(found)).toEqual({
      'Pod:ci/runner-0': 'unknown',
      'Pod:kube-system/coredns-6f6b679f8f-h2kx9': 'coredns',
      'Pod:kube-system/kube-apiserver-cp-1': 'kube-apiserver',
      'Pod:kube-system/kube-proxy-b2n5x': 'kube-proxy',
      'Pod:kube-system/kube-proxy-c7j4k': 'kube-proxy',
      'Pod:kube-system/kube-proxy-f9w3z': 'kube-proxy',
      'Pod:monitoring/node-exporter-7kq2d': 'node-exporter',
      'Pod:monitoring/node-exporter-m4x8s': 'node-exporter',
      'Pod:monitoring/prometheus-0': 'prometheus',
      'Pod:payments/payments-api-6f7d5c9b4-q8hzl': 'unknown',
      'Pod:web/catalog-5c4b7f9d8-zt6wn': 'unknown',
      'Pod:web/frontend-7d9f8c6b5d-4xk2p': 'unknown',
      'Pod:web/frontend-7d9f8c6b5d-9mrtq': 'unknown',
      // A stand-in per node the CronJob's pods may land on.
      'PodTemplate:ci/CronJob/cache-cleanup@worker-1': 'unknown',
      'PodTemplate:ci/CronJob/cache-cleanup@worker-2': 'unknown',
    });
  });
});

describe('knowledge base: the data', () => {
  const components = KNOWLEDGE.flatMap(f => f.components);

  it('gives every component a unique id, a source, and a reason for every need', () => {
    const ids = components.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const component of components) {
      expect(component.sources.length, component.id).toBeGreaterThan(0);
      const { needs } = component;
      const all = [
        needs.privileged,
        needs.hostNetwork,
        needs.hostPID,
        needs.hostIPC,
        needs.hostPorts,
        needs.root,
        needs.token,
        ...(needs.hostPaths ?? []),
        ...(needs.capabilities ?? []),
        ...(needs.rbac ?? []),
      ].filter(n => n !== undefined);
      for (const need of all) {
        expect(['breaks', 'degrades'], component.id).toContain(need.level);
        expect(need.why.length, component.id).toBeGreaterThan(10);
      }
      for (const path of needs.hostPaths ?? [])
        expect(path.path.startsWith('/'), path.path).toBe(true);
      for (const cap of needs.capabilities ?? [])
        expect(cap.capability, component.id).toMatch(/^[A-Z_]+$/);
      for (const cap of needs.capabilities ?? [])
        expect(cap.capability.startsWith('CAP_'), component.id).toBe(false);
    }
  });

  it('recognises each listed image as its own component, never as another', () => {
    for (const component of components) {
      const { images, command, labels } = component.recognise;
      for (const image of images) {
        const extra =
          command === undefined ? {} : { command: [command[0] ?? ''] };
        const id = recognise(`registry.example.com/${image}:1.0`, extra, {
          ...labels,
        });
        expect(id, image).toBe(component.id);
      }
    }
  });
});
