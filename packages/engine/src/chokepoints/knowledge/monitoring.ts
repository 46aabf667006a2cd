/**
 * Monitoring: the Prometheus Operator, Prometheus itself and the Grafana
 * dashboard sidecar. Prometheus discovers its targets through the API server
 * and scrapes kubelets; only the prometheus-community chart's scrape jobs go
 * through the API server's node proxy (`nodes/proxy`), which kube-prometheus
 * does without by scraping the kubelet directly (`nodes/metrics`).
 */

import type { ComponentFamily } from './types.ts';

export const MONITORING: ComponentFamily = {
  family: 'monitoring',
  description: 'monitoring operators and servers',
  components: [
    {
      id: 'prometheus-operator',
      name: 'Prometheus Operator',
      recognise: { images: ['prometheus-operator/prometheus-operator'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it reconciles Prometheus, Alertmanager and ServiceMonitor objects through the API server',
        },
        rbac: [
          {
            apiGroups: ['monitoring.coreos.com'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'its inputs are Prometheus, Alertmanager and ServiceMonitor custom resources',
          },
          {
            apiGroups: ['', 'apps', 'discovery.k8s.io'],
            resources: [
              'secrets',
              'configmaps',
              'statefulsets',
              'services',
              'services/finalizers',
              'endpoints',
              'endpointslices',
            ],
            verbs: ['*'],
            level: 'breaks',
            why: 'it writes the generated Prometheus and Alertmanager configuration into Secrets and runs them as StatefulSets with governing Services (ClusterRole prometheus-operator)',
          },
          {
            apiGroups: [''],
            resources: ['pods', 'nodes', 'namespaces'],
            verbs: ['get', 'list', 'watch', 'delete'],
            level: 'degrades',
            why: 'it finds kubelets for the kubelet ServiceMonitor and restarts pods whose configuration changed',
          },
        ],
      },
      sources: [
        'prometheus-operator/prometheus-operator example/rbac/prometheus-operator/prometheus-operator-cluster-role.yaml',
      ],
    },
    {
      id: 'prometheus',
      name: 'Prometheus server',
      recognise: { images: ['prometheus/prometheus', 'prom/prometheus'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it discovers its scrape targets through the API server (kubernetes_sd_configs) and authenticates to kubelets with it',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['nodes/proxy'],
            verbs: ['get'],
            level: 'degrades',
            why: 'only scrape jobs that go through the API server’s node proxy (the prometheus-community chart’s kubernetes-nodes and kubernetes-nodes-cadvisor) need it; scrape the kubelet directly with nodes/metrics, as kube-prometheus does',
          },
          {
            apiGroups: [''],
            resources: ['nodes/metrics'],
            verbs: ['get'],
            level: 'degrades',
            why: 'it scrapes kubelet and cAdvisor metrics',
          },
          {
            apiGroups: ['networking.k8s.io', 'extensions'],
            resources: ['ingresses'],
            verbs: ['get', 'list', 'watch'],
            level: 'degrades',
            why: 'only blackbox probes of Ingresses discover them',
          },
          {
            apiGroups: ['', 'discovery.k8s.io'],
            resources: [
              'nodes',
              'services',
              'endpoints',
              'endpointslices',
              'pods',
            ],
            verbs: ['get', 'list', 'watch'],
            level: 'breaks',
            why: 'it discovers its scrape targets from them (kubernetes_sd_configs); without them the cluster’s targets are no longer scraped',
          },
          {
            apiGroups: [''],
            resources: ['configmaps'],
            verbs: ['get'],
            level: 'degrades',
            why: 'it reads its configuration objects',
          },
        ],
      },
      sources: [
        'prometheus-operator/kube-prometheus manifests/prometheus-clusterRole.yaml',
        'prometheus-community/helm-charts charts/prometheus/templates/clusterrole.yaml',
      ],
    },
    {
      id: 'kube-rbac-proxy',
      name: 'kube-rbac-proxy (authorising metrics endpoints)',
      recognise: {
        images: ['brancz/kube-rbac-proxy', 'kubebuilder/kube-rbac-proxy'],
      },
      needs: {
        token: {
          level: 'breaks',
          why: 'it authenticates and authorises every scrape with TokenReview and SubjectAccessReview calls',
        },
        rbac: [
          {
            apiGroups: ['authentication.k8s.io', 'authorization.k8s.io'],
            resources: ['tokenreviews', 'subjectaccessreviews'],
            verbs: ['create'],
            level: 'breaks',
            why: 'without them it refuses every scrape of the endpoint it guards',
          },
        ],
      },
      sources: [
        'brancz/kube-rbac-proxy README.md',
        'prometheus-operator/kube-prometheus manifests/nodeExporter-clusterRole.yaml',
      ],
    },
    {
      id: 'grafana',
      name: 'Grafana',
      recognise: { images: ['grafana/grafana', 'grafana/grafana-oss'] },
      // kube-prometheus runs it without a token: it never calls the API server.
      needs: {},
      sources: [
        'prometheus-operator/kube-prometheus manifests/grafana-deployment.yaml',
      ],
    },
    {
      id: 'grafana-sidecar',
      name: 'Grafana dashboard and datasource sidecar',
      recognise: { images: ['kiwigrid/k8s-sidecar'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it watches ConfigMaps and Secrets through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['configmaps', 'secrets'],
            verbs: ['get', 'list', 'watch'],
            level: 'degrades',
            why: 'it loads Grafana dashboards and datasources from labelled ConfigMaps and Secrets',
          },
        ],
      },
      sources: [
        'grafana/helm-charts charts/grafana/templates/clusterrole.yaml',
      ],
    },
  ],
};
