import { describe, expect, it } from 'vitest';
import { podDebug } from '../../src/rules/pod-debug.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import { docs, grant, pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

ruleTester(podDebug, {
  valid: [
    {
      name: 'patch and update on pods do not cover pods/ephemeralcontainers',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: ['*'], resources: [pods, 'pods/*'], verbs: [get, list, patch, update] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'update pods/ephemeralcontainers without a read of the pod',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [update, get] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'static pods take no ephemeral containers; finished pods run nothing',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [patch] }]`,
        ),
        `apiVersion: v1
kind: Pod
metadata: { name: static, namespace: default, annotations: { kubernetes.io/config.mirror: x } }
spec:
  nodeName: worker-1
  containers: [{ name: c, image: etcd }]
`,
        pod('done', 'default', 'status: { phase: Failed }\n'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: patch, and update plus get on one pod',
      manifests: docs(await fixture('POD_DEBUG')),
      edges: [
        [
          'ServiceAccount:default/debug-update-yes',
          'Pod:default/app-yes',
          'high',
        ],
        ['ServiceAccount:default/debug-yes', 'Pod:default/app-yes', 'high'],
        ['ServiceAccount:default/debug-yes', 'Pod:default/other-yes', 'high'],
      ],
    },
    {
      name: 'update plus watch in the namespace, cluster-wide update',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [update] }]`,
          'cluster',
        ),
        `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: watch-pods, namespace: default }
rules: [{ apiGroups: [''], resources: [pods], verbs: [watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: watch-pods, namespace: default }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: watch-pods }
subjects: [{ kind: ServiceAccount, name: sa, namespace: default }]
`,
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: other }\n',
        pod('p'),
        pod('q', 'other'),
      ),
      edges: [['ServiceAccount:default/sa', 'Pod:default/p', 'high']],
    },
  ],
});

describe('POD_DEBUG evidence', () => {
  it('the reason names the verb, with the permission and its scope', async () => {
    expect(
      await evidenceOf(
        podDebug,
        {
          manifests: docs(
            grant(
              'sa',
              'default',
              `[{ apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [patch] }]`,
            ),
            pod('p'),
          ),
        },
        'ServiceAccount:default/sa',
        'Pod:default/p',
      ),
    ).toEqual({
      reason:
        "The holder can patch pods/ephemeralcontainers and add an ephemeral container that mounts the pod's volumes, its token included.",
      permissions: [
        {
          verb: 'patch',
          apiGroup: '',
          resource: 'pods/ephemeralcontainers',
          namespace: 'default',
          binding: 'RoleBinding:default/sa-binding',
          role: 'Role:default/sa-role',
          rule: 0,
        },
      ],
      scope: 'Namespace:default',
    });
  });
});

describe('podDebug scope node', () => {
  it('a namespace-wide grant reaches the pods through one scope node, named for the reader', async () => {
    const graph = await graphFor(podDebug, {
      name: 'two pods',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/ephemeralcontainers], verbs: [patch] }]`,
        ),
        `${pod('p')}---\n${pod('q')}`,
      ),
    });
    expect(
      graph.getNodeAttributes('Scope:pods:api-managed@Namespace:default'),
    ).toMatchObject({
      kind: 'Scope',
      name: 'running pods that are not mirror pods in namespace default',
    });
  });
});
