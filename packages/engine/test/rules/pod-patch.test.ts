import { describe, expect, it } from 'vitest';
import { podPatch } from '../../src/rules/pod-patch.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import { docs, grant, pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata: { name: priv, namespace: default }
spec:
  nodeName: worker-1
  containers: [{ name: c, image: ubuntu, securityContext: { privileged: true } }]
`;

ruleTester(podPatch, {
  valid: [
    {
      name: 'update without a read of the pod',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [update, create, delete] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'update with a read of another pod only',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [update] }, { apiGroups: [''], resources: [pods], verbs: [get], resourceNames: [q] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'pods/status and pods/ephemeralcontainers are not pods',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/status, pods/ephemeralcontainers], verbs: [patch, update, get] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'a privileged pod in a baseline namespace is rejected on update',
      manifests: docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: default, labels: { pod-security.kubernetes.io/enforce: baseline } }\n',
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [patch] }]`,
        ),
        PRIVILEGED,
      ),
    },
    {
      name: 'mirror pods, finished pods and stand-ins',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [patch] }]`,
        ),
        `apiVersion: v1
kind: Pod
metadata: { name: static, namespace: default, annotations: { kubernetes.io/config.mirror: x } }
spec:
  nodeName: worker-1
  containers: [{ name: c, image: etcd }]
`,
        pod('done', 'default', 'status: { phase: Succeeded }\n'),
        `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: default }
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: postgres }] }
`,
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: patch, and update plus list, in a baseline namespace',
      manifests: docs(await fixture('POD_PATCH')),
      edges: [
        ['ServiceAccount:tight/patch-yes', 'Pod:tight/web-yes', 'high'],
        ['ServiceAccount:tight/update-read-yes', 'Pod:tight/web-yes', 'high'],
      ],
    },
    {
      name: 'update plus get on the named pod',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [update] }, { apiGroups: [''], resources: [pods], verbs: [get], resourceNames: [p] }]`,
        ),
        pod('p'),
        pod('q'),
      ),
      edges: [['ServiceAccount:default/sa', 'Pod:default/p']],
    },
    {
      name: 'a privileged pod passes a privileged namespace (no label, default level)',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: ['*'], resources: [pods], verbs: [patch] }]`,
        ),
        PRIVILEGED,
      ),
      edges: [['ServiceAccount:default/sa', 'Pod:default/priv', 'high']],
    },
    {
      name: 'a holder exempt by username is not re-checked by Pod Security',
      policy: {
        podSecurity: {
          exemptions: { usernames: ['system:serviceaccount:default:sa'] },
        },
      },
      manifests: docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: default, labels: { pod-security.kubernetes.io/enforce: restricted } }\n',
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [patch] }]`,
        ),
        PRIVILEGED,
      ),
      edges: [['ServiceAccount:default/sa', 'Pod:default/priv', 'high']],
    },
  ],
});

describe('POD_PATCH evidence', () => {
  it('the reason names the verb, with the permission and its scope', async () => {
    expect(
      await evidenceOf(
        podPatch,
        {
          manifests: docs(
            grant(
              'sa',
              'default',
              `[{ apiGroups: [''], resources: [pods], verbs: [patch] }]`,
            ),
            pod('p'),
          ),
        },
        'ServiceAccount:default/sa',
        'Pod:default/p',
      ),
    ).toEqual({
      reason:
        "The holder can patch pods and replace a container image of the pod, which then runs with the pod's identity and mounts.",
      permissions: [
        {
          verb: 'patch',
          apiGroup: '',
          resource: 'pods',
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

describe('podPatch scope node', () => {
  it('a namespace-wide grant reaches the pods through one scope node, named for the reader', async () => {
    const graph = await graphFor(podPatch, {
      name: 'two pods',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [patch] }]`,
        ),
        `${pod('p')}---\n${pod('q')}`,
      ),
    });
    expect(
      graph.getNodeAttributes('Scope:pods:patchable@Namespace:default'),
    ).toMatchObject({
      kind: 'Scope',
      name: 'running pods admitted again after an image change in namespace default',
    });
  });
});
