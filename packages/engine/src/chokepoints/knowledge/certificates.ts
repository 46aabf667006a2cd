/**
 * cert-manager: it writes each Certificate's key pair into a Secret in the
 * Certificate's namespace, so its controller holds Secret writes in every
 * namespace by design; cainjector copies CA bundles into webhook
 * configurations. Needs from cert-manager's Helm chart RBAC templates.
 */

import type { ComponentFamily } from './types.ts';

export const CERTIFICATES: ComponentFamily = {
  family: 'certificates',
  description: 'certificate controllers',
  components: [
    {
      id: 'cert-manager-controller',
      name: 'cert-manager controller',
      recognise: { images: ['jetstack/cert-manager-controller'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it reconciles Certificates and Issuers through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: [
              'get',
              'list',
              'watch',
              'create',
              'update',
              'patch',
              'delete',
            ],
            level: 'breaks',
            why: 'it writes each Certificate’s key pair into a Secret of the Certificate’s namespace and reads Issuer credentials',
          },
          {
            apiGroups: ['cert-manager.io', 'acme.cert-manager.io'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'Certificates, Issuers, Orders and Challenges are its own custom resources',
          },
          {
            apiGroups: ['', 'networking.k8s.io', 'gateway.networking.k8s.io'],
            resources: ['pods', 'services', 'ingresses', 'httproutes'],
            verbs: ['get', 'list', 'watch', 'create', 'delete', 'update'],
            level: 'degrades',
            why: 'only ACME HTTP-01 challenges run solver pods, Services and routes',
          },
          {
            apiGroups: ['', 'events.k8s.io', 'coordination.k8s.io'],
            resources: ['events', 'leases'],
            verbs: ['get', 'create', 'update', 'patch'],
            level: 'degrades',
            why: 'it records events and elects a leader',
          },
        ],
      },
      sources: [
        'cert-manager/cert-manager deploy/charts/cert-manager/templates/rbac.yaml',
      ],
    },
    {
      id: 'cert-manager-cainjector',
      name: 'cert-manager CA injector',
      recognise: { images: ['jetstack/cert-manager-cainjector'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it patches CA bundles through the API server',
        },
        rbac: [
          {
            apiGroups: [
              '',
              'cert-manager.io',
              'admissionregistration.k8s.io',
              'apiregistration.k8s.io',
              'apiextensions.k8s.io',
            ],
            resources: [
              'secrets',
              'certificates',
              'validatingwebhookconfigurations',
              'mutatingwebhookconfigurations',
              'apiservices',
              'customresourcedefinitions',
            ],
            verbs: ['get', 'list', 'watch', 'update', 'patch'],
            level: 'breaks',
            why: 'it copies CA bundles from Secrets into webhook configurations, APIServices and CRDs (ClusterRole cert-manager-cainjector)',
          },
        ],
      },
      sources: [
        'cert-manager/cert-manager deploy/charts/cert-manager/templates/cainjector-rbac.yaml',
      ],
    },
    {
      id: 'cert-manager-webhook',
      name: 'cert-manager webhook',
      recognise: { images: ['jetstack/cert-manager-webhook'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it keeps its own serving certificate in a Secret through the API server',
        },
        rbac: [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get', 'list', 'watch', 'create', 'update'],
            level: 'breaks',
            why: 'it creates and renews the CA Secret its serving certificates are signed with (Role cert-manager-webhook:dynamic-serving)',
            inOwnNamespace: true,
            namespaceFlag: '--dynamic-serving-ca-secret-namespace',
          },
          {
            apiGroups: ['authorization.k8s.io'],
            resources: ['subjectaccessreviews'],
            verbs: ['create'],
            level: 'breaks',
            why: 'it authorizes the callers of its endpoints (ClusterRole cert-manager-webhook:subjectaccessreviews)',
          },
        ],
      },
      // Its Role needs `create secrets` (RBAC cannot name what is created)
      // for a Secret it makes on first start: in cert-manager's namespace
      // that reaches the controller's ServiceAccount (a token Secret made
      // for it). The flags let the Secret live elsewhere; the CA injector
      // reads Secrets in every namespace (ClusterRole cert-manager-cainjector)
      // unless its --namespace confines it.
      ownSecret: {
        namespaceFlag: '--dynamic-serving-ca-secret-namespace',
        nameFlag: '--dynamic-serving-ca-secret-name',
        annotation: 'cert-manager.io/inject-ca-from-secret',
        reader: {
          component: 'cert-manager-cainjector',
          namespaceFlag: '--namespace',
        },
        why: 'the webhook keeps making and renewing its CA there, and the CA injector copies it into the webhook configurations from there',
      },
      sources: [
        'cert-manager/cert-manager deploy/charts/cert-manager/templates/webhook-rbac.yaml',
        'cert-manager/cert-manager pkg/server/tls/authority/authority.go (the CA Secret: informer on its namespace and name; created when absent, updated on renewal)',
      ],
    },
  ],
};
