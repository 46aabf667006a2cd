import { describe, expect, it } from 'vitest';
import { podAttachApi } from '../../src/rules/pod-attach-api.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import { docs, grant, pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const STDIN_POD = `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  containers: [{ name: shell, image: ubuntu, stdin: true }]
`;

ruleTester(podAttachApi, {
  valid: [
    {
      name: 'pods/exec is not pods/attach',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/exec, pods], verbs: [create, get] }]`,
        ),
        STDIN_POD,
      ),
    },
    {
      name: 'a container without stdin has nothing to drive',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/attach], verbs: [create] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'get pods/attach alone on 1.35',
      policy: { kubernetesVersion: 'v1.35.1' },
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/attach], verbs: [get] }]`,
        ),
        STDIN_POD,
      ),
    },
    {
      name: 'a RoleBinding in another namespace',
      manifests: docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: other }\n',
        grant(
          'sa',
          'other',
          `[{ apiGroups: [''], resources: [pods/attach], verbs: [create] }]`,
        ),
        STDIN_POD,
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: running containers with stdin, sidecars included, never exited init containers',
      manifests: docs(await fixture('POD_ATTACH_API')),
      edges: [
        [
          'ServiceAccount:default/attach-yes',
          'Container:default/shell-yes/shell',
          'medium',
        ],
        [
          'ServiceAccount:default/attach-yes',
          'Container:default/shell-yes/sidecar',
          'medium',
        ],
      ],
    },
    {
      // Issue #17 point 7: attach reaches the stand-in of a controller's pods.
      name: 'a stand-in container with stdin, through a namespace-wide grant',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/attach], verbs: [create] }]`,
        ),
        `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: console, namespace: default }
spec:
  selector: { matchLabels: { app: console } }
  template:
    metadata: { labels: { app: console } }
    spec: { containers: [{ name: shell, image: ubuntu, stdin: true }, { name: quiet, image: ubuntu }] }
`,
      ),
      edges: [
        [
          'ServiceAccount:default/sa',
          'Container:default/StatefulSet/console/shell',
          'medium',
        ],
      ],
    },
    {
      name: 'get pods/attach alone before 1.35, and a named grant',
      policy: { kubernetesVersion: 'v1.31.0' },
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/attach], verbs: [get], resourceNames: [p] }]`,
        ),
        STDIN_POD,
      ),
      edges: [
        ['ServiceAccount:default/sa', 'Container:default/p/shell', 'medium'],
      ],
    },
  ],
});

describe('POD_ATTACH_API evidence', () => {
  const attach = (verbs: string, kubernetesVersion?: string) =>
    evidenceOf(
      podAttachApi,
      {
        ...(kubernetesVersion === undefined
          ? {}
          : { policy: { kubernetesVersion } }),
        manifests: docs(
          grant(
            'sa',
            'default',
            `[{ apiGroups: [''], resources: [pods/attach], verbs: [${verbs}] }]`,
          ),
          STDIN_POD,
        ),
      },
      'ServiceAccount:default/sa',
      'Container:default/p/shell',
    );

  it('create pods/attach: the reason, the permission and its scope', async () => {
    expect(await attach('create')).toEqual({
      reason:
        'The holder can create pods/attach and write to the stdin of the container process.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'pods/attach',
          namespace: 'default',
          binding: 'RoleBinding:default/sa-binding',
          role: 'Role:default/sa-role',
          rule: 0,
        },
      ],
      scope: 'Namespace:default',
    });
  });

  it('get pods/attach alone before 1.35: the reason and the version it rests on', async () => {
    expect(await attach('get', 'v1.31.0')).toEqual({
      reason:
        'The holder can get pods/attach, which opens an attach WebSocket on servers older than 1.35 or with AuthorizePodWebsocketUpgradeCreatePermission off.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'pods/attach',
          namespace: 'default',
          binding: 'RoleBinding:default/sa-binding',
          role: 'Role:default/sa-role',
          rule: 0,
        },
      ],
      facts: [{ fact: 'kubernetesVersion', value: 'v1.31.0', source: 'given' }],
      scope: 'Namespace:default',
    });
  });
});

describe('podAttachApi scope node', () => {
  it('a namespace-wide grant reaches the pods through one scope node, named for the reader', async () => {
    const graph = await graphFor(podAttachApi, {
      name: 'two pods',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/attach], verbs: [create] }]`,
        ),
        `${STDIN_POD}---\n${STDIN_POD.replace('name: p,', 'name: q,')}`,
      ),
    });
    expect(
      graph.getNodeAttributes('Scope:containers:stdin@Namespace:default'),
    ).toMatchObject({
      kind: 'Scope',
      name: 'running containers with stdin in namespace default',
    });
  });
});
