import { describe, expect, it } from 'vitest';
import { podExec } from '../../src/rules/pod-exec.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import { docs, grant, OTHER_NS, pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const EXEC = `[{ apiGroups: [''], resources: [pods/exec], verbs: [create] }]`;
const GET_EXEC = `[{ apiGroups: [''], resources: [pods/exec], verbs: [get] }]`;

ruleTester(podExec, {
  valid: [
    {
      name: 'pods/* and */* are not wildcards, and create pods is not pods/exec',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: ['pods/*', '*/*', pods], verbs: [create, get] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'a RoleBinding grants exec only in its own namespace',
      manifests: docs(
        OTHER_NS,
        grant('sa', 'default', EXEC),
        pod('p', 'other'),
      ),
    },
    {
      name: 'get pods/exec alone on 1.35 (AuthorizePodWebsocketUpgradeCreatePermission on by default)',
      policy: { kubernetesVersion: 'v1.35.0' },
      manifests: docs(grant('sa', 'default', GET_EXEC), pod('p')),
    },
    {
      name: 'Succeeded and Failed pods and the stand-in of a Deployment scaled to zero are not targets',
      manifests: docs(
        grant('sa', 'default', EXEC),
        pod('done', 'default', 'status: { phase: Succeeded }\n'),
        pod('failed', 'default', 'status: { phase: Failed }\n'),
        `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 0
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: app, image: nginx }] }
`,
      ),
    },
    {
      name: 'resourceNames naming another pod reach nothing; the core group is "" not "core"',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/exec], verbs: [create], resourceNames: [other] }, { apiGroups: [core], resources: [pods/exec], verbs: [create] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'a resourceNames entry "*" is a literal name',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/exec], verbs: [create], resourceNames: ['*'] }]`,
        ),
        pod('p'),
      ),
    },
    {
      name: 'a suspended CronJob runs no pod to exec into',
      manifests: docs(
        grant('sa', 'default', EXEC),
        `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: default }
spec:
  schedule: '0 1 * * *'
  suspend: true
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: job, image: busybox }]
`,
      ),
    },
  ],
  invalid: [
    {
      name: 'a CronJob that is not suspended: its stand-in, at medium',
      manifests: docs(
        grant('sa', 'default', EXEC),
        `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: default }
spec:
  schedule: '0 1 * * *'
  suspend: false
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: job, image: busybox }]
`,
      ),
      edges: [
        [
          'ServiceAccount:default/sa',
          'PodTemplate:default/CronJob/nightly',
          'medium',
        ],
      ],
    },
    {
      // Issue #17 point 7: on manifests the controllers' pods exist only as
      // stand-ins; a namespace- or cluster-wide exec grant reaches them.
      name: 'the stand-in of a controller without pods, at medium (not through a named grant)',
      manifests: docs(
        grant('sa', 'default', EXEC),
        grant(
          'named',
          'default',
          `[{ apiGroups: [''], resources: [pods/exec], verbs: [create], resourceNames: [web] }]`,
        ),
        `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: app, image: nginx }] }
`,
      ),
      edges: [
        [
          'ServiceAccount:default/sa',
          'PodTemplate:default/Deployment/web',
          'medium',
        ],
      ],
    },
    {
      name: 'the fixture: create, get alone (version unknown: medium) and a named grant',
      manifests: docs(await fixture('POD_EXEC')),
      edges: [
        [
          'ServiceAccount:default/exec-get-yes',
          'Pod:default/other-yes',
          'medium',
        ],
        [
          'ServiceAccount:default/exec-get-yes',
          'Pod:default/target-yes',
          'medium',
        ],
        [
          'ServiceAccount:default/exec-named-yes',
          'Pod:default/target-yes',
          'high',
        ],
        ['ServiceAccount:default/exec-yes', 'Pod:default/other-yes', 'high'],
        ['ServiceAccount:default/exec-yes', 'Pod:default/target-yes', 'high'],
      ],
    },
    {
      name: 'get pods/exec alone on 1.34 is high',
      policy: { kubernetesVersion: 'v1.34.2' },
      manifests: docs(grant('sa', 'default', GET_EXEC), pod('p')),
      edges: [['ServiceAccount:default/sa', 'Pod:default/p', 'high']],
    },
    {
      name: 'get pods/exec alone on 1.35 with the gate turned off is high',
      policy: {
        kubernetesVersion: 'v1.35.0',
        featureGates: { AuthorizePodWebsocketUpgradeCreatePermission: false },
      },
      manifests: docs(grant('sa', 'default', GET_EXEC), pod('p')),
      edges: [['ServiceAccount:default/sa', 'Pod:default/p', 'high']],
    },
    {
      name: 'a ClusterRoleBinding reaches the running pods of every namespace; */exec and * match',
      manifests: docs(
        OTHER_NS,
        grant(
          'sa',
          'default',
          `[{ apiGroups: ['*'], resources: ['*/exec'], verbs: ['*'] }]`,
          'cluster',
        ),
        pod('p'),
        pod('q', 'other'),
        pod('gone', 'other', 'status: { phase: Failed }\n'),
      ),
      edges: [
        ['ServiceAccount:default/sa', 'Pod:default/p', 'high'],
        ['ServiceAccount:default/sa', 'Pod:other/q', 'high'],
      ],
    },
    {
      name: 'a cluster-wide grant limited by resourceNames reaches that pod name in every namespace',
      manifests: docs(
        OTHER_NS,
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/exec], verbs: [create], resourceNames: [p] }]`,
          'cluster',
        ),
        pod('p'),
        pod('p', 'other'),
        pod('q', 'other'),
      ),
      edges: [
        ['ServiceAccount:default/sa', 'Pod:default/p'],
        ['ServiceAccount:default/sa', 'Pod:other/p'],
      ],
    },
    {
      name: 'mirror pods can be exec-ed into; with the bootstrap policy assumed, get on * is get pods/exec (medium, version unknown)',
      manifests: `apiVersion: v1
kind: Pod
metadata: { name: kube-apiserver-cp, namespace: default, annotations: { kubernetes.io/config.mirror: abc } }
spec:
  nodeName: worker-1
  containers: [{ name: kube-apiserver, image: registry.k8s.io/kube-apiserver }]
`,
      edges: [
        ['Group:system:masters', 'Pod:default/kube-apiserver-cp', 'high'],
        [
          'ServiceAccount:kube-system/generic-garbage-collector',
          'Pod:default/kube-apiserver-cp',
          'medium',
        ],
        [
          'ServiceAccount:kube-system/namespace-controller',
          'Pod:default/kube-apiserver-cp',
          'medium',
        ],
      ],
    },
  ],
});

describe('POD_EXEC evidence', () => {
  it('create pods/exec: the reason, the permission and its scope', async () => {
    expect(
      await evidenceOf(
        podExec,
        { manifests: docs(grant('sa', 'default', EXEC), pod('p')) },
        'ServiceAccount:default/sa',
        'Pod:default/p',
      ),
    ).toEqual({
      reason: 'The holder can create pods/exec and run commands in the pod.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'pods/exec',
          namespace: 'default',
          binding: 'RoleBinding:default/sa-binding',
          role: 'Role:default/sa-role',
          rule: 0,
        },
      ],
      scope: 'Namespace:default',
    });
  });

  it('get pods/exec alone before 1.35: the reason and the version it rests on', async () => {
    expect(
      await evidenceOf(
        podExec,
        {
          policy: { kubernetesVersion: 'v1.30.0' },
          manifests: docs(grant('sa', 'default', GET_EXEC), pod('p')),
        },
        'ServiceAccount:default/sa',
        'Pod:default/p',
      ),
    ).toEqual({
      reason:
        'The holder can get pods/exec, which opens an exec WebSocket on servers older than 1.35 or with AuthorizePodWebsocketUpgradeCreatePermission off.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'pods/exec',
          namespace: 'default',
          binding: 'RoleBinding:default/sa-binding',
          role: 'Role:default/sa-role',
          rule: 0,
        },
      ],
      facts: [{ fact: 'kubernetesVersion', value: 'v1.30.0', source: 'given' }],
      scope: 'Namespace:default',
    });
  });
});

describe('POD_EXEC get alone: the version and feature gate it rests on', () => {
  const getAlone = (policy: object) =>
    evidenceOf(
      podExec,
      { policy, manifests: docs(grant('sa', 'default', GET_EXEC), pod('p')) },
      'ServiceAccount:default/sa',
      'Pod:default/p',
    );

  it('an unknown server version: the version fact says so (the edge is medium)', async () => {
    expect(await getAlone({})).toMatchObject({
      facts: [
        { fact: 'kubernetesVersion', value: 'unknown', source: 'defaulted' },
      ],
    });
  });

  it('1.35 with the feature gate given off: both facts, given', async () => {
    expect(
      await getAlone({
        kubernetesVersion: 'v1.35.0',
        featureGates: { AuthorizePodWebsocketUpgradeCreatePermission: false },
      }),
    ).toMatchObject({
      facts: [
        { fact: 'kubernetesVersion', value: 'v1.35.0', source: 'given' },
        {
          fact: 'featureGates.AuthorizePodWebsocketUpgradeCreatePermission',
          value: false,
          source: 'given',
        },
      ],
    });
  });

  it('the feature gate given on: get alone opens nothing', async () => {
    expect(
      await getAlone({
        featureGates: { AuthorizePodWebsocketUpgradeCreatePermission: true },
      }),
    ).toBeUndefined();
  });
});

describe('podExec scope node', () => {
  it('a namespace-wide grant reaches the pods through one scope node, named for the reader', async () => {
    const graph = await graphFor(podExec, {
      name: 'two pods',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/exec], verbs: [create] }]`,
        ),
        `${pod('p')}---\n${pod('q')}`,
      ),
    });
    expect(
      graph.getNodeAttributes('Scope:pods:exec@Namespace:default'),
    ).toMatchObject({
      kind: 'Scope',
      name: 'running pods and controller stand-ins in namespace default',
    });
  });
});

describe('POD_EXEC: the strongest way per place, each place once', () => {
  const BOTH = `[{ apiGroups: [''], resources: [pods/exec], verbs: [create, get] }]`;
  const BOTH_NAMED = `[{ apiGroups: [''], resources: [pods/exec], verbs: [create, get], resourceNames: [p] }]`;
  const createOnly = (scope?: string) => ({
    reason: 'The holder can create pods/exec and run commands in the pod.',
    permissions: [{ verb: 'create' }],
    ...(scope === undefined ? {} : { scope }),
  });

  it('create and get before 1.35 in a namespace, cluster-wide or on a named pod: create is the way shown', async () => {
    const policy = { kubernetesVersion: 'v1.30.0' };
    for (const [rules, scope, expected] of [
      [BOTH, 'namespace', createOnly('Namespace:default')],
      [BOTH, 'cluster', createOnly('cluster')],
      [BOTH_NAMED, 'namespace', createOnly()],
    ] as const) {
      expect(
        await evidenceOf(
          podExec,
          {
            policy,
            manifests: docs(grant('sa', 'default', rules, scope), pod('p')),
          },
          'ServiceAccount:default/sa',
          'Pod:default/p',
        ),
      ).toMatchObject(expected);
    }
  });

  it('a cluster-wide grant covers the same namespace-wide and named grants of the holder: one edge', async () => {
    const graph = await graphFor(podExec, {
      name: 'three grants',
      manifests: docs(
        grant('sa', 'default', EXEC, 'cluster'),
        grant('sa', 'default', EXEC).replaceAll('sa-', 'ns-'),
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods/exec], verbs: [create], resourceNames: [p] }]`,
        ).replaceAll('sa-', 'named-'),
        pod('p'),
      ),
    });
    expect(
      graph
        .filterEdges((_e, a) => a.kind === 'POD_EXEC')
        .map(e => [
          graph.source(e).startsWith('PermissionSet:'),
          graph.target(e),
        ]),
    ).toEqual([[true, 'Pod:default/p']]);
  });
});
