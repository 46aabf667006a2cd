import { describe, expect, it } from 'vitest';
import { webhookControl } from '../../src/rules/webhook-control.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { docs, grant, pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const CREATE_HOOKS = `[{ apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [create] }]`;
const MAP = `[{ apiGroups: [admissionregistration.k8s.io], resources: [mutatingadmissionpolicies, mutatingadmissionpolicybindings], verbs: [create] }]`;
const CONTROLLED = `apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: default }
---
apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9c6f5-x2x9z
  namespace: default
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9c6f5, controller: true, uid: e062e956-24e4-50ac-920e-c639a9a19b4d }]
spec:
  nodeName: worker-1
  serviceAccountName: web
  containers: [{ name: web, image: nginx }]
`;
const SA_AND_NODE = [
  ['ServiceAccount:default/sa', 'Node:worker-1', 'medium'],
  ['ServiceAccount:default/sa', 'ServiceAccount:default/default', 'medium'],
  ['ServiceAccount:default/sa', 'ServiceAccount:default/sa', 'medium'],
  ['ServiceAccount:default/sa', 'ServiceAccount:default/web', 'medium'],
] as const;

ruleTester(webhookControl, {
  valid: [
    {
      name: 'the webhook endpoint is not reachable from the API server',
      policy: { webhookEndpointReachable: false },
      manifests: docs(
        grant('sa', 'default', CREATE_HOOKS, 'cluster'),
        CONTROLLED,
      ),
    },
    {
      name: 'validating webhooks are not mutating; patch of a configuration that is not in the input',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: ['*'] }, { apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [patch, update] }]`,
          'cluster',
        ),
        CONTROLLED,
      ),
    },
    {
      name: 'MutatingAdmissionPolicy while the API is off (default in every version)',
      policy: { kubernetesVersion: 'v1.34.0' },
      manifests: docs(grant('sa', 'default', MAP, 'cluster'), CONTROLLED),
    },
    {
      name: 'a RoleBinding never grants webhook configurations',
      manifests: docs(grant('sa', 'default', CREATE_HOOKS), CONTROLLED),
    },
    {
      name: 'no namespace holds a controller-managed pod or a stand-in',
      manifests: docs(
        grant('sa', 'default', CREATE_HOOKS, 'cluster'),
        pod('bare'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: create, and patch of the existing configuration by name',
      manifests: docs(await fixture('WEBHOOK_CONTROL')),
      edges: [
        ['ServiceAccount:default/hooker-yes', 'Node:worker-1', 'medium'],
        [
          'ServiceAccount:default/hooker-yes',
          'ServiceAccount:shop/default',
          'medium',
        ],
        [
          'ServiceAccount:default/hooker-yes',
          'ServiceAccount:shop/shop-api',
          'medium',
        ],
        ['ServiceAccount:default/patcher-yes', 'Node:worker-1', 'medium'],
        [
          'ServiceAccount:default/patcher-yes',
          'ServiceAccount:shop/default',
          'medium',
        ],
        [
          'ServiceAccount:default/patcher-yes',
          'ServiceAccount:shop/shop-api',
          'medium',
        ],
      ],
    },
    {
      name: 'MutatingAdmissionPolicy with the API enabled needs no reachable endpoint',
      policy: {
        kubernetesVersion: 'v1.34.0',
        featureGates: { MutatingAdmissionPolicy: true },
        webhookEndpointReachable: false,
      },
      manifests: docs(grant('sa', 'default', MAP, 'cluster'), CONTROLLED),
      edges: SA_AND_NODE.map(e => [...e]),
    },
    {
      name: 'a baseline namespace: ServiceAccounts only, no node',
      manifests: docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: default, labels: { pod-security.kubernetes.io/enforce: baseline } }\n',
        grant('sa', 'default', CREATE_HOOKS, 'cluster'),
        CONTROLLED,
      ),
      edges: [
        [
          'ServiceAccount:default/sa',
          'ServiceAccount:default/default',
          'medium',
        ],
        ['ServiceAccount:default/sa', 'ServiceAccount:default/sa', 'medium'],
        ['ServiceAccount:default/sa', 'ServiceAccount:default/web', 'medium'],
      ],
    },
  ],
});

describe('WEBHOOK_CONTROL evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('WEBHOOK_CONTROL');
    expect(
      await evidenceOf(
        webhookControl,
        { manifests },
        'ServiceAccount:default/hooker-yes',
        'Scope:serviceaccounts@Namespace:shop',
      ),
    ).toEqual({
      reason:
        'The holder can create a MutatingWebhookConfiguration whose endpoint rewrites pods admitted later.',
      permissions: [
        {
          verb: 'create',
          apiGroup: 'admissionregistration.k8s.io',
          resource: 'mutatingwebhookconfigurations',
          binding: 'ClusterRoleBinding:hooker-yes',
          role: 'ClusterRole:webhook-admin',
          rule: 0,
        },
      ],
      facts: [
        { fact: 'webhookEndpointReachable', value: true, source: 'defaulted' },
      ],
      namespaces: ['shop'],
    });
    expect(
      await evidenceOf(
        webhookControl,
        { manifests },
        'ServiceAccount:default/hooker-yes',
        'Node:worker-1',
      ),
    ).toEqual({
      reason:
        'The holder can create a MutatingWebhookConfiguration whose endpoint rewrites pods admitted later.',
      permissions: [
        {
          verb: 'create',
          apiGroup: 'admissionregistration.k8s.io',
          resource: 'mutatingwebhookconfigurations',
          binding: 'ClusterRoleBinding:hooker-yes',
          role: 'ClusterRole:webhook-admin',
          rule: 0,
        },
      ],
      facts: [
        { fact: 'webhookEndpointReachable', value: true, source: 'defaulted' },
        {
          fact: 'podSecurity.enforce(shop)',
          value: 'privileged (default)',
          source: 'defaulted',
        },
        { fact: 'admission.mayBlock(shop)', value: false, source: 'derived' },
      ],
    });
    expect(
      await evidenceOf(
        webhookControl,
        { manifests },
        'ServiceAccount:default/patcher-yes',
        'Scope:serviceaccounts@Namespace:shop',
      ),
    ).toEqual({
      reason:
        'The holder can patch MutatingWebhookConfiguration sidecar-injector and point it at an endpoint that rewrites pods admitted later.',
      permissions: [
        {
          verb: 'patch',
          apiGroup: 'admissionregistration.k8s.io',
          resource: 'mutatingwebhookconfigurations',
          name: 'sidecar-injector',
          binding: 'ClusterRoleBinding:patcher-yes',
          role: 'ClusterRole:patch-injector',
          rule: 0,
        },
      ],
      facts: [
        { fact: 'webhookEndpointReachable', value: true, source: 'defaulted' },
      ],
      namespaces: ['shop'],
    });
  });
});
