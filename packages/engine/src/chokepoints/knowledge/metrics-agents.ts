/**
 * Metrics agents: node-exporter reads the host, kube-state-metrics reads
 * the API, metrics-server reads every kubelet. node-exporter needs the host's
 * namespaces and filesystems read-only, but neither root, privilege nor a
 * token: kube-prometheus runs it as UID 65534 with no token.
 */

import type { ComponentFamily } from './types.ts';

export const METRICS_AGENTS: ComponentFamily = {
  family: 'metrics',
  description: 'metrics agents',
  components: [
    {
      id: 'node-exporter',
      name: 'Prometheus node-exporter',
      recognise: {
        images: ['prometheus/node-exporter', 'prom/node-exporter'],
      },
      needs: {
        hostNetwork: {
          level: 'degrades',
          why: 'it reports the node’s network interfaces and is scraped at the node’s address',
        },
        hostPID: {
          level: 'degrades',
          why: 'it reports the host’s processes',
        },
        hostPaths: [
          {
            path: '/',
            level: 'degrades',
            why: 'it reads the host’s filesystems (--path.rootfs=/host), read-only',
          },
          {
            path: '/proc',
            level: 'degrades',
            why: 'it reads host kernel statistics',
          },
          {
            path: '/sys',
            level: 'degrades',
            why: 'it reads host hardware statistics',
          },
        ],
      },
      sources: [
        'prometheus-operator/kube-prometheus manifests/nodeExporter-daemonset.yaml',
      ],
    },
    {
      id: 'kube-state-metrics',
      name: 'kube-state-metrics',
      recognise: { images: ['kube-state-metrics/kube-state-metrics'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it lists and watches objects through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['list', 'watch'],
            level: 'degrades',
            why: 'only the kube_secret_* metrics need it (metadata only); --resources can leave secrets out',
          },
          {
            apiGroups: ['*'],
            resources: ['*'],
            verbs: ['list', 'watch'],
            level: 'breaks',
            why: 'it turns the state of every object kind it lists into metrics (ClusterRole kube-state-metrics)',
          },
        ],
      },
      sources: [
        'kubernetes/kube-state-metrics examples/standard/cluster-role.yaml',
      ],
    },
    {
      id: 'metrics-server',
      name: 'metrics-server',
      recognise: { images: ['metrics-server/metrics-server'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it reads kubelets and serves the metrics API through the API server',
        },
        rbac: [
          {
            apiGroups: ['', 'authentication.k8s.io', 'authorization.k8s.io'],
            resources: [
              'nodes/metrics',
              'nodes',
              'pods',
              'configmaps',
              'tokenreviews',
              'subjectaccessreviews',
            ],
            verbs: ['get', 'list', 'watch', 'create'],
            level: 'breaks',
            why: 'it reads CPU and memory from every kubelet and authenticates callers as an aggregated API server (kubectl top and the HorizontalPodAutoscaler stop)',
          },
        ],
      },
      sources: ['kubernetes-sigs/metrics-server manifests/base/rbac.yaml'],
    },
    {
      id: 'prometheus-adapter',
      name: 'Prometheus adapter (resource and custom metrics API)',
      recognise: {
        images: [
          'prometheus-adapter/prometheus-adapter',
          'directxman12/k8s-prometheus-adapter',
        ],
      },
      needs: {
        token: {
          level: 'breaks',
          why: 'it serves the metrics API as an aggregated API server and reads objects through the API server',
        },
        rbac: [
          {
            apiGroups: ['', 'authentication.k8s.io', 'authorization.k8s.io'],
            resources: [
              'nodes',
              'namespaces',
              'pods',
              'services',
              'configmaps',
              'tokenreviews',
              'subjectaccessreviews',
            ],
            verbs: ['get', 'list', 'watch', 'create'],
            level: 'breaks',
            why: 'it maps Prometheus series to pods and nodes and authenticates callers as an aggregated API server (kubectl top and the HorizontalPodAutoscaler stop)',
          },
        ],
      },
      sources: [
        'prometheus-operator/kube-prometheus manifests/prometheusAdapter-clusterRole.yaml',
      ],
    },
  ],
};
