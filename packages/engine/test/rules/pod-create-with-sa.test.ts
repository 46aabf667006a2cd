import { describe, expect, it } from 'vitest';
import { podCreateWithSa } from '../../src/rules/pod-create-with-sa.ts';
import { fixture } from '../manifests.ts';
import { edgesOfKind, graphFor, ruleTester } from '../rule-tester.ts';
import { docs, grant, pod } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const OTHER = `apiVersion: v1
kind: Namespace
metadata: { name: other }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: builder, namespace: other }
`;

const deployment = (
  name: string,
  ns = 'default',
): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: app, image: nginx }] }
`;

const APPS_SAS = [
  'cron-patcher-yes',
  'default',
  'deployer-yes',
  'job-patcher-no',
  'privileged-sa',
];

ruleTester(podCreateWithSa, {
  valid: [
    {
      name: 'patching a Job changes nothing (its pod template is immutable); extensions serves no workloads',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [batch], resources: [jobs], verbs: [patch, update, get] }, { apiGroups: [extensions], resources: [deployments, daemonsets], verbs: [create] }]`,
        ),
        `apiVersion: batch/v1
kind: Job
metadata: { name: once, namespace: default }
spec:
  template:
    spec: { restartPolicy: Never, containers: [{ name: c, image: busybox }] }
`,
      ),
    },
    {
      name: 'create limited by resourceNames never allows create (the request has no name)',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: ['', apps], resources: [pods, deployments], verbs: [create], resourceNames: [web] }]`,
        ),
      ),
    },
    {
      name: 'patch of a Deployment that is not in the input, or of a different name',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [apps], resources: [deployments], verbs: [patch], resourceNames: [api] }]`,
        ),
        deployment('web'),
      ),
    },
    {
      name: 'update of a Deployment without a read of it',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [apps], resources: [deployments], verbs: [update, create] , resourceNames: [web] }]`,
        ),
        deployment('web'),
      ),
    },
    {
      name: 'pods/exec, pods/status and pods/* are not pods; the core group is not "core"',
      manifests: docs(
        OTHER,
        grant(
          'sa',
          'other',
          `[{ apiGroups: [''], resources: [pods/exec, pods/status, 'pods/*'], verbs: [create] }, { apiGroups: [core], resources: [pods], verbs: [create] }]`,
        ),
      ),
    },
    {
      name: 'patching a pod cannot change its ServiceAccount',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [get, list, patch, update] }]`,
        ),
        pod('p'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: create deployments (high), patch a CronJob by name (medium), never by patching a Job',
      manifests: docs(await fixture('POD_CREATE_WITH_SA')),
      edges: [
        ...APPS_SAS.map(
          sa =>
            [
              'ServiceAccount:apps/cron-patcher-yes',
              `ServiceAccount:apps/${sa}`,
              'medium',
            ] as const,
        ),
        ...APPS_SAS.map(
          sa =>
            [
              'ServiceAccount:apps/deployer-yes',
              `ServiceAccount:apps/${sa}`,
              'high',
            ] as const,
        ),
      ],
    },
    {
      name: 'an inferred ServiceAccount (manifest input without ServiceAccounts of the namespace) is medium',
      manifests: docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: ci }\n',
        grant(
          'sa',
          'default',
          `[{ apiGroups: [batch], resources: [jobs], verbs: [create] }]`,
          'cluster',
        ),
        pod('runner', 'ci', '  serviceAccountName: ci-runner\n'),
      ),
      edges: [
        ['ServiceAccount:default/sa', 'ServiceAccount:ci/ci-runner', 'medium'],
        ['ServiceAccount:default/sa', 'ServiceAccount:ci/default', 'high'],
        ['ServiceAccount:default/sa', 'ServiceAccount:default/default', 'high'],
        ['ServiceAccount:default/sa', 'ServiceAccount:default/sa', 'high'],
      ],
    },
    {
      name: 'patch of a DaemonSet with updateStrategy OnDelete is medium; update plus list of a Deployment is high',
      manifests: docs(
        OTHER,
        grant(
          'sa',
          'default',
          `[{ apiGroups: [apps], resources: [daemonsets], verbs: [patch] }]`,
          'cluster',
        ),
        `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: update-deployments, namespace: other }
rules: [{ apiGroups: [apps], resources: [deployments], verbs: [update, list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: update-deployments, namespace: other }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: update-deployments }
subjects: [{ kind: ServiceAccount, name: sa, namespace: default }]
`,
        `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: default }
spec:
  updateStrategy: { type: OnDelete }
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec: { containers: [{ name: agent, image: agent }] }
`,
        deployment('web', 'other'),
      ),
      edges: [
        [
          'ServiceAccount:default/sa',
          'ServiceAccount:default/default',
          'medium',
        ],
        ['ServiceAccount:default/sa', 'ServiceAccount:default/sa', 'medium'],
        ['ServiceAccount:default/sa', 'ServiceAccount:other/builder', 'high'],
        ['ServiceAccount:default/sa', 'ServiceAccount:other/default', 'high'],
      ],
    },
    {
      name: 'a RoleBinding in one namespace reaches the ServiceAccounts of that namespace only',
      manifests: docs(
        OTHER,
        grant(
          'sa',
          'other',
          `[{ apiGroups: [''], resources: [pods], verbs: [create] }]`,
        ),
      ),
      edges: [
        ['ServiceAccount:other/sa', 'ServiceAccount:other/builder', 'high'],
        ['ServiceAccount:other/sa', 'ServiceAccount:other/default', 'high'],
        ['ServiceAccount:other/sa', 'ServiceAccount:other/sa', 'high'],
      ],
    },
    {
      name: 'a ServiceAccount a pod names that does not exist (its namespace lists others) is no target',
      manifests: docs(
        OTHER,
        grant(
          'sa',
          'other',
          `[{ apiGroups: [''], resources: [pods], verbs: [create] }]`,
        ),
        pod('ghostly', 'other', '  serviceAccountName: ghost\n'),
      ),
      edges: [
        ['ServiceAccount:other/sa', 'ServiceAccount:other/builder', 'high'],
        ['ServiceAccount:other/sa', 'ServiceAccount:other/default', 'high'],
        ['ServiceAccount:other/sa', 'ServiceAccount:other/sa', 'high'],
      ],
    },
    {
      name: 'create pods cluster-wide reaches every ServiceAccount of every namespace',
      manifests: docs(
        OTHER,
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [create] }]`,
          'cluster',
        ),
      ),
      edges: [
        ['ServiceAccount:default/sa', 'ServiceAccount:default/default', 'high'],
        ['ServiceAccount:default/sa', 'ServiceAccount:default/sa', 'high'],
        ['ServiceAccount:default/sa', 'ServiceAccount:other/builder', 'high'],
        ['ServiceAccount:default/sa', 'ServiceAccount:other/default', 'high'],
      ],
    },
  ],
});

describe('POD_CREATE_WITH_SA evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('POD_CREATE_WITH_SA');
    expect(
      await evidenceOf(
        podCreateWithSa,
        { manifests },
        'ServiceAccount:apps/cron-patcher-yes',
        'Scope:serviceaccounts@Namespace:apps',
      ),
    ).toEqual({
      reason:
        'The holder can patch cronjobs CronJob apps/nightly and rewrite its pod template; the controller then creates pods from it at its next schedule.',
      permissions: [
        {
          verb: 'patch',
          apiGroup: 'batch',
          resource: 'cronjobs',
          namespace: 'apps',
          name: 'nightly',
          binding: 'RoleBinding:apps/cron-patcher-yes',
          role: 'Role:apps/patch-cronjobs',
          rule: 0,
        },
      ],
      scope: 'Namespace:apps',
      via: 'CronJob:apps/nightly',
    });
    expect(
      await evidenceOf(
        podCreateWithSa,
        { manifests },
        'ServiceAccount:apps/deployer-yes',
        'Scope:serviceaccounts@Namespace:apps',
      ),
    ).toEqual({
      reason:
        'The holder can create a Deployment whose pod template it chooses; the controller then creates the pods.',
      permissions: [
        {
          verb: 'create',
          apiGroup: 'apps',
          resource: 'deployments',
          namespace: 'apps',
          binding: 'RoleBinding:apps/deployer-yes',
          role: 'Role:apps/create-deployments',
          rule: 0,
        },
      ],
      scope: 'Namespace:apps',
      via: 'create Deployment',
    });
    expect(
      await evidenceOf(
        podCreateWithSa,
        { manifests },
        'Group:system:masters',
        'Scope:serviceaccounts@cluster',
      ),
    ).toEqual({
      reason:
        'The holder can create pods, choosing their ServiceAccount, image and security context.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'pods',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
      ],
      scope: 'cluster',
      via: 'create Pod',
      alsoVia: [
        {
          reason:
            'The holder can create a Deployment whose pod template it chooses; the controller then creates the pods.',
          permissions: [
            {
              verb: 'create',
              apiGroup: 'apps',
              resource: 'deployments',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
          ],
          scope: 'cluster',
          via: 'create Deployment',
        },
        {
          reason:
            'The holder can create a ReplicaSet whose pod template it chooses; the controller then creates the pods.',
          permissions: [
            {
              verb: 'create',
              apiGroup: 'apps',
              resource: 'replicasets',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
          ],
          scope: 'cluster',
          via: 'create ReplicaSet',
        },
        {
          reason:
            'The holder can create a StatefulSet whose pod template it chooses; the controller then creates the pods.',
          permissions: [
            {
              verb: 'create',
              apiGroup: 'apps',
              resource: 'statefulsets',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
          ],
          scope: 'cluster',
          via: 'create StatefulSet',
        },
        {
          reason:
            'The holder can create a DaemonSet whose pod template it chooses; the controller then creates the pods.',
          permissions: [
            {
              verb: 'create',
              apiGroup: 'apps',
              resource: 'daemonsets',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
          ],
          scope: 'cluster',
          via: 'create DaemonSet',
        },
        {
          reason:
            'The holder can create a Job whose pod template it chooses; the controller then creates the pods.',
          permissions: [
            {
              verb: 'create',
              apiGroup: 'batch',
              resource: 'jobs',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
          ],
          scope: 'cluster',
          via: 'create Job',
        },
        {
          reason:
            'The holder can create a ReplicationController whose pod template it chooses; the controller then creates the pods.',
          permissions: [
            {
              verb: 'create',
              apiGroup: '',
              resource: 'replicationcontrollers',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
          ],
          scope: 'cluster',
          via: 'create ReplicationController',
        },
        {
          reason:
            'The holder can create a CronJob whose pod template it chooses; the controller then creates the pods at its next schedule.',
          permissions: [
            {
              verb: 'create',
              apiGroup: 'batch',
              resource: 'cronjobs',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
          ],
          scope: 'cluster',
          via: 'create CronJob',
        },
      ],
    });
  });
});

describe('POD_CREATE_WITH_SA target sets', () => {
  it('are Scope nodes named for the ServiceAccounts they hold: existing or inferred, of a namespace or of every namespace', async () => {
    const graph = await graphFor(podCreateWithSa, {
      name: '',
      manifests: docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: ci }\n',
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: jobs }\n',
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [create] }]`,
          'cluster',
        ),
        pod('runner', 'ci', '  serviceAccountName: ci-runner\n'),
        pod('builder', 'jobs', '  serviceAccountName: job-builder\n'),
      ),
    });
    // A set of one member is the member itself.
    const scope = (id: string) => ({
      name: graph.getNodeAttribute(id, 'name'),
      members: graph
        .outEdges(id)
        .map(edge => graph.target(edge))
        .sort(),
    });
    expect(scope('Scope:serviceaccounts@Namespace:default')).toEqual({
      name: 'ServiceAccounts of namespace default',
      members: ['ServiceAccount:default/default', 'ServiceAccount:default/sa'],
    });
    expect(scope('Scope:serviceaccounts@cluster')).toEqual({
      name: 'ServiceAccounts of every namespace',
      members: [
        'Scope:serviceaccounts@Namespace:default',
        'ServiceAccount:ci/default',
        'ServiceAccount:jobs/default',
      ],
    });
    expect(scope('Scope:serviceaccounts:inferred@cluster')).toEqual({
      name: 'ServiceAccounts inferred from references of every namespace',
      members: [
        'ServiceAccount:ci/ci-runner',
        'ServiceAccount:jobs/job-builder',
      ],
    });
    expect(
      graph
        .edges(
          'RoleInScope:ClusterRole:sa-role@cluster',
          'Scope:serviceaccounts:inferred@cluster',
        )
        .map(edge => graph.getEdgeAttribute(edge, 'confidence')),
    ).toEqual(['medium']);
  });
});

describe('POD_CREATE_WITH_SA through a controller patched by name cluster-wide', () => {
  const statefulSet = (
    name: string,
    ns: string,
    strategy: string,
  ) => `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ${name}, namespace: ${ns} }
spec:
  updateStrategy: { type: ${strategy} }
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: c, image: db }] }
`;
  const manifests = docs(
    OTHER,
    grant(
      'sa',
      'default',
      `[{ apiGroups: [apps], resources: [statefulsets], verbs: [patch], resourceNames: [db] }]`,
      'cluster',
    ),
    statefulSet('db', 'default', 'OnDelete'),
    statefulSet('db', 'other', 'RollingUpdate'),
    statefulSet('web', 'other', 'OnDelete'),
  );

  it('that name in every namespace; OnDelete only when pods are re-created (medium)', async () => {
    const graph = await graphFor(podCreateWithSa, { name: '', manifests });
    expect(edgesOfKind(graph, 'POD_CREATE_WITH_SA')).toEqual([
      ['ServiceAccount:default/sa', 'ServiceAccount:default/default', 'medium'],
      ['ServiceAccount:default/sa', 'ServiceAccount:default/sa', 'medium'],
      ['ServiceAccount:default/sa', 'ServiceAccount:other/builder', 'high'],
      ['ServiceAccount:default/sa', 'ServiceAccount:other/default', 'high'],
    ]);
    expect(
      await evidenceOf(
        podCreateWithSa,
        { manifests },
        'ServiceAccount:default/sa',
        'Scope:serviceaccounts@Namespace:default',
      ),
    ).toMatchObject({
      reason:
        'The holder can patch statefulsets StatefulSet default/db and rewrite its pod template; the controller then creates pods from it when they are re-created (updateStrategy OnDelete).',
      permissions: [
        {
          verb: 'patch',
          apiGroup: 'apps',
          resource: 'statefulsets',
          namespace: 'default',
          name: 'db',
        },
      ],
    });
    expect(
      await evidenceOf(
        podCreateWithSa,
        { manifests },
        'ServiceAccount:default/sa',
        'Scope:serviceaccounts@Namespace:other',
      ),
    ).toMatchObject({
      reason:
        'The holder can patch statefulsets StatefulSet other/db and rewrite its pod template; the controller then creates pods from it.',
    });
  });
});
