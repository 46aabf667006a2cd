/**
 * Ingress controllers: they route outside traffic to Services and terminate
 * TLS with certificates read from Secrets. Both need to read Secrets in every
 * namespace that has an Ingress, which is why a cluster-wide `secrets` read
 * is in their ClusterRole; the narrower setup is a watched-namespace list
 * with namespaced Roles. Needs from each project's reference manifests.
 */

import type { ComponentFamily, RbacNeed } from './types.ts';

const ROUTING_OBJECTS: RbacNeed = {
  apiGroups: ['', 'networking.k8s.io', 'discovery.k8s.io', 'extensions'],
  resources: [
    'ingresses',
    'ingressclasses',
    'services',
    'endpoints',
    'endpointslices',
    'configmaps',
    'pods',
    'nodes',
    'namespaces',
  ],
  verbs: ['get', 'list', 'watch'],
  level: 'breaks',
  why: 'it builds its routes from Ingresses, Services and their endpoints',
};

const INGRESS_STATUS: RbacNeed = {
  apiGroups: ['networking.k8s.io', 'extensions', ''],
  resources: ['ingresses/status', 'events'],
  verbs: ['update', 'patch', 'create'],
  level: 'degrades',
  why: 'it publishes its address on Ingresses and records events',
};

const LEADER_ELECTION: RbacNeed = {
  apiGroups: ['coordination.k8s.io', ''],
  resources: ['leases', 'configmaps'],
  verbs: ['get', 'create', 'update'],
  level: 'breaks',
  why: 'its replicas elect a leader through a Lease',
};

export const INGRESS: ComponentFamily = {
  family: 'ingress',
  description: 'ingress controllers that route outside traffic to Services',
  components: [
    {
      id: 'ingress-nginx',
      name: 'ingress-nginx controller',
      recognise: {
        images: ['ingress-nginx/controller', 'ingress-nginx/controller-chroot'],
      },
      needs: {
        capabilities: [
          {
            capability: 'NET_BIND_SERVICE',
            level: 'breaks',
            why: 'nginx binds ports 80 and 443 as user 101',
          },
        ],
        hostNetwork: {
          level: 'degrades',
          why: 'the bare-metal install listens on the nodes’ own ports 80 and 443; without it traffic needs a LoadBalancer or NodePort Service',
        },
        hostPorts: {
          level: 'degrades',
          why: 'the bare-metal install receives traffic on the nodes’ ports 80 and 443',
        },
        token: {
          level: 'breaks',
          why: 'it watches Ingresses, Services, EndpointSlices and Secrets through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get', 'list', 'watch'],
            level: 'breaks',
            why: 'it serves the TLS certificates of Ingresses from their Secrets, in every namespace it watches; to narrow it, run it with --watch-namespace and namespaced Roles',
          },
          ROUTING_OBJECTS,
          INGRESS_STATUS,
          LEADER_ELECTION,
        ],
      },
      scope: {
        flag: '--watch-namespace',
        why: 'Ingresses of other namespaces are no longer routed (the Helm chart’s controller.scope runs it so)',
      },
      sources: [
        'kubernetes/ingress-nginx deploy/static/provider/cloud/deploy.yaml',
        'kubernetes/ingress-nginx deploy/static/provider/baremetal/deploy.yaml',
        'kubernetes/ingress-nginx charts/ingress-nginx values.yaml (controller.scope)',
      ],
    },
    {
      id: 'ingress-nginx-admission',
      name: 'ingress-nginx admission webhook certificate jobs',
      recognise: {
        images: [
          'ingress-nginx/kube-webhook-certgen',
          'jettech/kube-webhook-certgen',
        ],
      },
      needs: {
        token: {
          level: 'breaks',
          why: 'it writes the webhook’s certificate Secret and CA bundle through the API server',
        },
        rbac: [
          {
            apiGroups: ['', 'admissionregistration.k8s.io'],
            resources: ['secrets', 'validatingwebhookconfigurations'],
            verbs: ['get', 'create', 'update', 'patch'],
            level: 'breaks',
            why: 'it creates the admission webhook’s certificate Secret and patches the CA bundle into the webhook configuration',
          },
        ],
      },
      sources: [
        'kubernetes/ingress-nginx deploy/static/provider/cloud/deploy.yaml',
      ],
    },
    {
      id: 'traefik',
      name: 'Traefik ingress controller',
      recognise: { images: ['traefik'] },
      needs: {
        capabilities: [
          {
            capability: 'NET_BIND_SERVICE',
            level: 'degrades',
            why: 'only entry points on ports below 1024 need it; the chart listens on 8000 and 8443',
          },
        ],
        token: {
          level: 'breaks',
          why: 'its Kubernetes providers watch Ingresses, IngressRoutes, Services and Secrets through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get', 'list', 'watch'],
            level: 'breaks',
            why: 'it serves the TLS certificates of Ingresses and IngressRoutes from their Secrets; to narrow it, set providers.kubernetesIngress.namespaces and namespaced Roles',
          },
          {
            apiGroups: ['traefik.io', 'traefik.containo.us'],
            resources: ['*'],
            verbs: ['get', 'list', 'watch'],
            level: 'breaks',
            why: 'its routing configuration is Traefik custom resources',
          },
          ROUTING_OBJECTS,
          INGRESS_STATUS,
        ],
      },
      sources: [
        'traefik/traefik-helm-chart traefik/templates/rbac/clusterrole.yaml',
      ],
    },
  ],
};
