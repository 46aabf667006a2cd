/**
 * Admission policy engines: Kyverno and OPA Gatekeeper register their own
 * webhooks and read the objects their policies inspect; Kyverno's background
 * controller also writes what generate and mutate-existing rules produce.
 * Needs from each project's install manifests.
 */

import type { ComponentFamily, RbacNeed } from './types.ts';

const OWN_WEBHOOKS: RbacNeed = {
  apiGroups: ['admissionregistration.k8s.io'],
  resources: [
    'validatingwebhookconfigurations',
    'mutatingwebhookconfigurations',
  ],
  verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  level: 'breaks',
  why: 'it registers and updates its own admission webhooks',
};

export const POLICY_ENGINES: ComponentFamily = {
  family: 'policy',
  description: 'admission policy engines',
  components: [
    {
      id: 'kyverno-admission-controller',
      name: 'Kyverno admission controller',
      recognise: { images: ['kyverno/kyverno', 'kyverno/kyvernopre'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it serves admission reviews and reads policies through the API server',
        },
        rbac: [
          OWN_WEBHOOKS,
          {
            apiGroups: ['kyverno.io', 'wgpolicyk8s.io', 'reports.kyverno.io'],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'policies and reports are its own custom resources',
          },
          {
            apiGroups: ['*'],
            resources: ['*'],
            verbs: ['get', 'list', 'watch'],
            level: 'degrades',
            why: 'policies that look up other objects (context API calls) read them',
          },
        ],
      },
      sources: ['kyverno/kyverno config/install-latest-testing.yaml'],
    },
    {
      id: 'kyverno-background-controller',
      name: 'Kyverno background controller',
      recognise: { images: ['kyverno/background-controller'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it applies generate and mutate-existing rules through the API server',
        },
        rbac: [
          {
            apiGroups: ['*'],
            resources: ['*'],
            verbs: [
              'get',
              'list',
              'watch',
              'create',
              'update',
              'patch',
              'delete',
            ],
            level: 'degrades',
            why: 'generate and mutate-existing rules write the kinds they name (aggregated ClusterRole kyverno:background-controller)',
          },
        ],
      },
      sources: ['kyverno/kyverno config/install-latest-testing.yaml'],
    },
    {
      id: 'gatekeeper',
      name: 'OPA Gatekeeper',
      recognise: { images: ['openpolicyagent/gatekeeper'] },
      needs: {
        token: {
          level: 'breaks',
          why: 'it serves admission reviews and audits objects through the API server',
        },
        rbac: [
          // Its own two, by name, as its upstream role grants them.
          {
            ...OWN_WEBHOOKS,
            resources: ['validatingwebhookconfigurations'],
            resourceNames: ['gatekeeper-validating-webhook-configuration'],
          },
          {
            ...OWN_WEBHOOKS,
            resources: ['mutatingwebhookconfigurations'],
            resourceNames: ['gatekeeper-mutating-webhook-configuration'],
          },
          {
            apiGroups: [
              'constraints.gatekeeper.sh',
              'templates.gatekeeper.sh',
              'config.gatekeeper.sh',
              'status.gatekeeper.sh',
              'mutations.gatekeeper.sh',
              'externaldata.gatekeeper.sh',
              'expansion.gatekeeper.sh',
              'apiextensions.k8s.io',
            ],
            resources: ['*'],
            verbs: ['*'],
            level: 'breaks',
            why: 'it turns ConstraintTemplates into CRDs and keeps constraint status',
          },
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get', 'list', 'watch', 'update', 'patch'],
            level: 'breaks',
            why: 'it rotates its webhook’s serving certificate in a Secret of its namespace',
            inOwnNamespace: true,
          },
          {
            apiGroups: ['*'],
            resources: ['*'],
            verbs: ['get', 'list', 'watch'],
            level: 'degrades',
            why: 'audit and data replication (sync) read the kinds constraints inspect: a kind it can no longer read is neither audited nor synced, while admission still checks it (upstream docs, Operations: this read “can be scoped down”)',
          },
        ],
      },
      sources: ['open-policy-agent/gatekeeper deploy/gatekeeper.yaml'],
    },
  ],
};
