import { describe, expect, it } from 'vitest';
import { reasonOf } from '@chokepoint/model';
import { buildAttackGraph } from '../../src/build-graph.ts';
import { RULES } from '../../src/rules/index.ts';
import { secretRead } from '../../src/rules/secret-read.ts';
import { fixture, snapshotOf } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import {
  GET,
  grant,
  LIST,
  OTHER_NS,
  terminatedDocs as docs,
} from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';
const secret = (name: string, ns = 'default'): string => `apiVersion: v1
kind: Secret
type: Opaque
metadata: { name: ${name}, namespace: ${ns} }
`;

ruleTester(secretRead, {
  valid: [
    {
      name: 'no Secret in the input',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get, list, watch] }]`,
        ),
      ),
    },
    {
      name: 'create, update, delete secrets and secrets/* read nothing',
      manifests: docs(
        grant(
          'writer',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [create, update, patch, delete] }, { apiGroups: [''], resources: ['secrets/*'], verbs: [get] }]`,
        ),
        secret('db'),
      ),
    },
    {
      name: 'a RoleBinding reads its own namespace only',
      manifests: docs(
        OTHER_NS,
        grant('reader', 'default', LIST),
        secret('db', 'other'),
      ),
    },
    {
      name: 'names respected for list and get',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [list, get], resourceNames: [other] }]`,
        ),
        secret('db'),
      ),
    },
    {
      name: 'a ClusterRole bound by a RoleBinding in another namespace',
      manifests: docs(
        OTHER_NS,
        `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-reader }
rules: ${LIST}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: reader, namespace: other }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
subjects: [{ kind: User, name: alice }]
`,
        secret('db'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: list high; get with the name from a listed pod high, otherwise medium',
      manifests: docs(await fixture('SECRET_READ')),
      edges: [
        [
          'ServiceAccount:default/getter-yes',
          'Secret:default/db-password',
          'medium',
        ],
        [
          'ServiceAccount:default/getter-yes',
          'Secret:default/registry-credentials',
          'high',
        ],
        [
          'ServiceAccount:default/lister-yes',
          'Secret:default/db-password',
          'high',
        ],
        [
          'ServiceAccount:default/lister-yes',
          'Secret:default/registry-credentials',
          'high',
        ],
      ],
    },
    {
      name: 'watch and a ClusterRoleBinding: every Secret of every namespace',
      manifests: docs(
        OTHER_NS,
        grant(
          'reader',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [watch] }]`,
          'cluster',
        ),
        secret('a'),
        secret('b', 'other'),
      ),
      edges: [
        ['ServiceAccount:default/reader', 'Secret:default/a', 'high'],
        ['ServiceAccount:default/reader', 'Secret:other/b', 'high'],
      ],
    },
    {
      name: 'get by resourceNames: the named Secret only, high',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [a] }]`,
        ),
        secret('a'),
        secret('b'),
      ),
      edges: [['ServiceAccount:default/reader', 'Secret:default/a', 'high']],
    },
    {
      name: 'get secrets and one pod by name: the Secrets that pod names are high, the others medium',
      manifests: docs(
        grant(
          'reader',
          'default',
          `[${GET}, { apiGroups: [''], resources: [pods], verbs: [get], resourceNames: [p1] }]`,
        ),
        secret('s1'),
        secret('s2'),
        `apiVersion: v1
kind: Pod
metadata: { name: p1, namespace: default }
spec:
  containers: [{ name: c, image: busybox, envFrom: [{ secretRef: { name: s1 } }] }]
---
apiVersion: v1
kind: Pod
metadata: { name: p2, namespace: default }
spec:
  containers: [{ name: c, image: busybox, envFrom: [{ secretRef: { name: s2 } }] }]
`,
      ),
      edges: [
        ['ServiceAccount:default/reader', 'Secret:default/s1', 'high'],
        ['ServiceAccount:default/reader', 'Secret:default/s2', 'medium'],
      ],
    },
    {
      name: 'get by name through a ClusterRoleBinding: that name in every namespace; through a RoleBinding: its namespace only',
      manifests: docs(
        OTHER_NS,
        `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: get-shared }
rules: [{ apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [shared] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: get-local }
rules: [{ apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [local] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: get-shared }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: get-shared }
subjects: [{ kind: User, name: alice }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: get-local, namespace: other }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: get-local }
subjects: [{ kind: User, name: alice }]
`,
        secret('shared'),
        secret('shared', 'other'),
        secret('local'),
        secret('local', 'other'),
      ),
      edges: [
        ['User:alice', 'Secret:default/shared', 'high'],
        ['User:alice', 'Secret:other/local', 'high'],
        ['User:alice', 'Secret:other/shared', 'high'],
      ],
    },
    {
      name: 'get cluster-wide with full reads: names from ServiceAccounts and specs high, the rest medium',
      manifests: docs(
        OTHER_NS,
        grant(
          'reader',
          'default',
          `[${GET}, { apiGroups: [''], resources: [pods, podtemplates, replicationcontrollers, serviceaccounts], verbs: [list] }, { apiGroups: [apps, batch], resources: ['*'], verbs: [list] }]`,
          'cluster',
        ),
        secret('plain'),
        secret('mounted', 'other'),
        `apiVersion: batch/v1
kind: CronJob
metadata: { name: backup, namespace: other }
spec:
  schedule: '@daily'
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: c, image: busybox }]
          volumes: [{ name: s, projected: { sources: [{ secret: { name: mounted } }] } }]
`,
      ),
      edges: [
        ['ServiceAccount:default/reader', 'Secret:default/plain', 'medium'],
        ['ServiceAccount:default/reader', 'Secret:other/mounted', 'high'],
      ],
    },
    {
      name: 'with the bootstrap policy assumed: system:masters and the controllers that read every Secret (expected.md 5), and the runtime Secrets of kube-system that manifests never hold',
      manifests: secret('db'),
      edges: [
        ['Group:system:masters', 'Secret:default/db', 'high'],
        [
          'ServiceAccount:kube-system/generic-garbage-collector',
          'Secret:default/db',
          'high',
        ],
        [
          'ServiceAccount:kube-system/namespace-controller',
          'Secret:default/db',
          'high',
        ],
        [
          'ServiceAccount:kube-system/resourcequota-controller',
          'Secret:default/db',
          'high',
        ],
        ['User:system:kube-controller-manager', 'Secret:default/db', 'high'],
        // The runtime Secrets of kube-system (issue #17 point 2): the same
        // readers, and the bootstrap signer and token cleaner, whose
        // RoleBindings read kube-system only.
        ...[
          'Group:system:masters',
          'ServiceAccount:kube-system/bootstrap-signer',
          'ServiceAccount:kube-system/generic-garbage-collector',
          'ServiceAccount:kube-system/namespace-controller',
          'ServiceAccount:kube-system/resourcequota-controller',
          'ServiceAccount:kube-system/token-cleaner',
          'User:system:kube-controller-manager',
        ].map(
          reader =>
            [reader, 'Secret:kube-system/*', 'medium'] as [
              string,
              string,
              'medium',
            ],
        ),
      ],
    },
    {
      // An input holding a Secret of kube-system shows the real ones: no
      // stand-in for them (issue #17 point 2).
      name: 'a Secret of kube-system in the input: its readers reach it, and no stand-in',
      bare: true,
      manifests: secret('bootstrap-token-abcdef', 'kube-system'),
      edges: [
        'Group:system:masters',
        'ServiceAccount:kube-system/bootstrap-signer',
        'ServiceAccount:kube-system/generic-garbage-collector',
        'ServiceAccount:kube-system/namespace-controller',
        'ServiceAccount:kube-system/resourcequota-controller',
        'ServiceAccount:kube-system/token-cleaner',
        'User:system:kube-controller-manager',
      ].map(
        reader =>
          [reader, 'Secret:kube-system/bootstrap-token-abcdef', 'high'] as [
            string,
            string,
            'high',
          ],
      ),
    },
  ],
});

describe('the reason of a SECRET_READ step', () => {
  it('names the verb its evidence holds: watch, when only watch is granted', async () => {
    const { graph } = buildAttackGraph(
      await snapshotOf(
        docs(
          grant(
            'watcher',
            'default',
            `[{ apiGroups: [''], resources: [secrets], verbs: [watch] }]`,
          ),
          secret('db'),
        ),
      ),
      RULES,
    );
    const evidence = graph
      .filterEdges((_key, attributes) => attributes.kind === 'SECRET_READ')
      .map(key => graph.getEdgeAttributes(key).evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) {
      expect(JSON.stringify(e)).toContain('"verb":"watch"');
      expect(JSON.stringify(e)).not.toContain('"verb":"list"');
      expect(reasonOf(e)).toMatch(/^Can watch Secrets? /);
    }
  });
});

describe('SECRET_READ evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('SECRET_READ');
    expect(
      await evidenceOf(
        secretRead,
        { manifests },
        'ServiceAccount:default/getter-yes',
        'Scope:identity:secrets@Namespace:default',
      ),
    ).toEqual({
      reason:
        'Can get any Secret in namespace default whose name it learns or guesses.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          binding: 'RoleBinding:default/getter-yes',
          role: 'Role:default/get-secrets-list-pods',
          rule: 0,
        },
      ],
      namespace: 'default',
      targets: 'Secrets',
    });
    expect(
      await evidenceOf(
        secretRead,
        { manifests },
        'ServiceAccount:default/getter-yes',
        'Secret:default/registry-credentials',
      ),
    ).toEqual({
      reason:
        'Can get Secret default/registry-credentials, whose name it reads in Pod:default/web.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          name: 'registry-credentials',
          binding: 'RoleBinding:default/getter-yes',
          role: 'Role:default/get-secrets-list-pods',
          rule: 0,
        },
        {
          verb: 'list',
          apiGroup: '',
          resource: 'pods',
          namespace: 'default',
          binding: 'RoleBinding:default/getter-yes',
          role: 'Role:default/get-secrets-list-pods',
          rule: 1,
        },
      ],
      nameKnownFrom: 'Pod:default/web',
    });
    expect(
      await evidenceOf(
        secretRead,
        { manifests },
        'ServiceAccount:default/lister-yes',
        'Scope:identity:secrets@Namespace:default',
      ),
    ).toEqual({
      reason:
        'Can list Secrets in namespace default, which returns their data.',
      permissions: [
        {
          verb: 'list',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          binding: 'RoleBinding:default/lister-yes',
          role: 'Role:default/list-secrets',
          rule: 0,
        },
      ],
      namespace: 'default',
      targets: 'Secrets',
    });
  });
});

describe('SECRET_READ evidence of each way', () => {
  const read = (rules: string, scope: 'namespace' | 'cluster', to: string) =>
    evidenceOf(
      secretRead,
      {
        manifests: docs(
          OTHER_NS,
          grant('reader', 'default', rules, scope),
          secret('a'),
          secret('b'),
          secret('c', 'other'),
        ),
      },
      'ServiceAccount:default/reader',
      to,
    );
  const rule = (verbs: string, names = '') =>
    `[{ apiGroups: [''], resources: [secrets], verbs: [${verbs}]${names} }]`;

  it('list or watch: every Secret of the namespace or of every namespace, high', async () => {
    expect(
      await read(rule('watch'), 'cluster', 'Scope:identity:secrets@cluster'),
    ).toEqual({
      reason: 'Can watch Secrets in every namespace, which returns their data.',
      permissions: [
        {
          verb: 'watch',
          apiGroup: '',
          resource: 'secrets',
          binding: 'ClusterRoleBinding:reader-binding',
          role: 'ClusterRole:reader-role',
          rule: 0,
        },
      ],
      namespace: '*',
      targets: 'Secrets',
    });
    expect(
      await read(
        rule('list'),
        'namespace',
        'Scope:identity:secrets@Namespace:default',
      ),
    ).toEqual({
      reason:
        'Can list Secrets in namespace default, which returns their data.',
      permissions: [
        {
          verb: 'list',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          binding: 'RoleBinding:default/reader-binding',
          role: 'Role:default/reader-role',
          rule: 0,
        },
      ],
      namespace: 'default',
      targets: 'Secrets',
    });
  });

  it('get alone: any Secret whose name it learns, medium; named by the rule, high', async () => {
    expect(
      await read(rule('get'), 'cluster', 'Scope:identity:secrets@cluster'),
    ).toEqual({
      reason:
        'Can get any Secret in every namespace whose name it learns or guesses.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          binding: 'ClusterRoleBinding:reader-binding',
          role: 'ClusterRole:reader-role',
          rule: 0,
        },
      ],
      namespace: '*',
      targets: 'Secrets',
    });
    expect(
      await read(
        rule('get'),
        'namespace',
        'Scope:identity:secrets@Namespace:default',
      ),
    ).toEqual({
      reason:
        'Can get any Secret in namespace default whose name it learns or guesses.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          binding: 'RoleBinding:default/reader-binding',
          role: 'Role:default/reader-role',
          rule: 0,
        },
      ],
      namespace: 'default',
      targets: 'Secrets',
    });
    expect(
      await read(
        rule('get', ', resourceNames: [a]'),
        'namespace',
        'Secret:default/a',
      ),
    ).toEqual({
      reason: 'Can get Secret default/a, which its rule names.',
      permissions: [
        {
          verb: 'get',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          name: 'a',
          binding: 'RoleBinding:default/reader-binding',
          role: 'Role:default/reader-role',
          rule: 0,
        },
      ],
      nameKnownFrom: 'resourceNames',
    });
  });

  it('list by name: the field selector way', async () => {
    expect(
      await read(
        rule('list', ', resourceNames: [a]'),
        'namespace',
        'Secret:default/a',
      ),
    ).toEqual({
      reason:
        'Can list Secret default/a by name (field selector), which returns its data.',
      permissions: [
        {
          verb: 'list',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          name: 'a',
          binding: 'RoleBinding:default/reader-binding',
          role: 'Role:default/reader-role',
          rule: 0,
        },
      ],
    });
  });
});
