import { describe, expect, it } from 'vitest';
import { reasonOf } from '@chokepoint/model';
import { buildAttackGraph } from '../../src/build-graph.ts';
import { RULES } from '../../src/rules/index.ts';
import { tokenList } from '../../src/rules/token-list.ts';
import { fixture, snapshotOf } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import {
  grant,
  INVALID,
  LIST,
  OTHER_NS,
  terminatedDocs as docs,
  token,
} from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

ruleTester(tokenList, {
  valid: [
    {
      name: 'no token Secret at all (none are created automatically since 1.24)',
      manifests: docs(
        grant('lister', 'default', LIST),
        `apiVersion: v1
kind: ServiceAccount
metadata: { name: app, namespace: default }`,
      ),
    },
    {
      name: 'get, create and delete secrets are not list or watch',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get, create, delete, deletecollection] }]`,
        ),
        token('app-token', 'default', 'app'),
      ),
    },
    {
      name: 'a RoleBinding lists Secrets of its own namespace only',
      manifests: docs(
        OTHER_NS,
        grant('lister', 'default', LIST),
        token('app-token', 'other', 'app'),
      ),
    },
    {
      name: 'resourceNames not naming the token Secret',
      manifests: docs(
        grant(
          'lister',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [list], resourceNames: [other-secret] }]`,
        ),
        token('app-token', 'default', 'app'),
      ),
    },
    {
      name: 'the apiGroup "core" matches nothing, and secrets/* is not secrets',
      manifests: docs(
        grant(
          'lister',
          'default',
          `[{ apiGroups: [core], resources: [secrets], verbs: [list] }, { apiGroups: [''], resources: ['secrets/*', '*/*'], verbs: [list] }]`,
        ),
        token('app-token', 'default', 'app'),
      ),
    },
    {
      name: 'an invalidated token is dead for a holder that cannot patch or update it',
      manifests: docs(
        grant('lister', 'default', LIST),
        token('app-token', 'default', 'app', INVALID),
      ),
    },
    {
      name: 'the token of a ServiceAccount with a different uid is dead',
      manifests: docs(
        grant('lister', 'default', LIST),
        `apiVersion: v1
kind: ServiceAccount
metadata: { name: app, namespace: default, uid: '1111' }
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: app-token
  namespace: default
  annotations: { kubernetes.io/service-account.name: app, kubernetes.io/service-account.uid: '2222' }`,
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: live tokens only, of existing ServiceAccounts, for the lister only',
      manifests: docs(await fixture('TOKEN_LIST')),
      edges: [
        [
          'ServiceAccount:default/lister-yes',
          'ServiceAccount:default/app-yes',
          'high',
        ],
      ],
    },
    {
      name: 'watch counts like list; a ClusterRoleBinding reaches every namespace',
      manifests: docs(
        OTHER_NS,
        grant(
          'watcher',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [watch] }]`,
          'cluster',
        ),
        token('a-token', 'default', 'a'),
        token('b-token', 'other', 'b'),
      ),
      edges: [
        ['ServiceAccount:default/watcher', 'ServiceAccount:default/a'],
        ['ServiceAccount:default/watcher', 'ServiceAccount:other/b'],
      ],
    },
    {
      name: 'names respected: a rule naming the token Secret (list with a field selector)',
      manifests: docs(
        grant(
          'lister',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [list], resourceNames: [a-token] }]`,
        ),
        token('a-token', 'default', 'a'),
        token('b-token', 'default', 'b'),
      ),
      edges: [['ServiceAccount:default/lister', 'ServiceAccount:default/a']],
    },
    {
      name: 'an invalidated token counts for a holder that can patch it (removing the label revives it)',
      manifests: docs(
        grant(
          'lister',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [list, patch] }]`,
        ),
        token('app-token', 'default', 'app', INVALID),
      ),
      edges: [
        ['ServiceAccount:default/lister', 'ServiceAccount:default/app', 'high'],
      ],
    },
    {
      name: 'an inferred ServiceAccount (manifest input without ServiceAccount objects) is medium',
      manifests: docs(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: lister }
rules: ${LIST}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: lister }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: lister }
subjects: [{ kind: User, name: alice }]
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  serviceAccountName: builder
  containers: [{ name: c, image: busybox }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: builder-token
  namespace: default
  annotations: { kubernetes.io/service-account.name: builder }`),
      edges: [['User:alice', 'ServiceAccount:default/builder', 'medium']],
    },
    {
      name: 'with the bootstrap policy assumed: system:masters and the controllers that list everything (expected.md 5)',
      manifests: token('app-token', 'default', 'app'),
      edges: [
        ['Group:system:masters', 'ServiceAccount:default/app'],
        [
          'ServiceAccount:kube-system/generic-garbage-collector',
          'ServiceAccount:default/app',
        ],
        [
          'ServiceAccount:kube-system/namespace-controller',
          'ServiceAccount:default/app',
        ],
        [
          'ServiceAccount:kube-system/resourcequota-controller',
          'ServiceAccount:default/app',
        ],
        ['User:system:kube-controller-manager', 'ServiceAccount:default/app'],
      ],
    },
  ],
});

describe('the reason of a TOKEN_LIST step (issue #17, point 8)', () => {
  it('names the verb its evidence holds: watch, when only watch is granted', async () => {
    const { graph } = buildAttackGraph(
      await snapshotOf(
        docs(
          OTHER_NS,
          grant(
            'watcher',
            'default',
            `[{ apiGroups: [''], resources: [secrets], verbs: [watch] }]`,
          ),
          grant(
            'named',
            'other',
            `[{ apiGroups: [''], resources: [secrets], verbs: [watch], resourceNames: [app-token] }]`,
          ),
          token('app-token', 'default', 'app'),
          token('app-token', 'other', 'app'),
        ),
      ),
      RULES,
    );
    const reasons = graph
      .filterEdges((_key, attributes) => attributes.kind === 'TOKEN_LIST')
      .map(key => {
        const { evidence } = graph.getEdgeAttributes(key);
        expect(JSON.stringify(evidence)).toContain('"verb":"watch"');
        expect(JSON.stringify(evidence)).not.toContain('"verb":"list"');
        return reasonOf(evidence);
      });
    // The namespace-wide watch (a Scope edge) and the watch by name.
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Can watch Secrets in namespace default, /),
        'Can watch Secret other/app-token, a live legacy token of ServiceAccount app.',
      ]),
    );
    for (const reason of reasons) expect(reason).toMatch(/^Can watch /);
  });
});

describe('TOKEN_LIST evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('TOKEN_LIST');
    expect(
      await evidenceOf(
        tokenList,
        { manifests },
        'ServiceAccount:default/lister-yes',
        'ServiceAccount:default/app-yes',
      ),
    ).toEqual({
      reason:
        'Can list Secrets in namespace default, which returns the live legacy ServiceAccount tokens stored there.',
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
      targets: 'ServiceAccounts with a live legacy token Secret',
    });
    expect(
      await evidenceOf(
        tokenList,
        { manifests },
        'Group:system:masters',
        'ServiceAccount:default/app-yes',
      ),
    ).toEqual({
      reason:
        'Can list Secrets in every namespace, which returns the live legacy ServiceAccount tokens stored there.',
      permissions: [
        {
          verb: 'list',
          apiGroup: '',
          resource: 'secrets',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
      ],
      namespace: '*',
      targets: 'ServiceAccounts with a live legacy token Secret',
    });
    expect(
      await evidenceOf(
        tokenList,
        { manifests },
        'Group:system:masters',
        'ServiceAccount:default/old-no',
      ),
    ).toEqual({
      reason:
        'Can list Secret default/old-no-token and remove its invalid-since label, reviving the legacy token of ServiceAccount old-no.',
      permissions: [
        {
          verb: 'list',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          name: 'old-no-token',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'patch',
          apiGroup: '',
          resource: 'secrets',
          namespace: 'default',
          name: 'old-no-token',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
      ],
      secret: 'Secret:default/old-no-token',
      token:
        'invalidated (kubernetes.io/legacy-token-invalid-since), revivable by patch/update',
    });
  });
});

describe('TOKEN_LIST to ServiceAccounts only inferred to exist', () => {
  it('the step to them says so (serviceAccountInferred), the step to known ones does not', async () => {
    const manifests = docs(
      OTHER_NS,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: lister }
rules: ${LIST}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: lister }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: lister }
subjects: [{ kind: User, name: alice }]
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  serviceAccountName: builder
  containers: [{ name: c, image: busybox }]
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: builder-token
  namespace: default
  annotations: { kubernetes.io/service-account.name: builder }`,
      token('a-token', 'other', 'a'),
      token('b-token', 'other', 'b'),
    );
    const permissions = [
      {
        verb: 'list',
        apiGroup: '',
        resource: 'secrets',
        binding: 'ClusterRoleBinding:lister',
        role: 'ClusterRole:lister',
        rule: 0,
      },
    ];
    const reason =
      'Can list Secrets in every namespace, which returns the live legacy ServiceAccount tokens stored there.';
    const targets = 'ServiceAccounts with a live legacy token Secret';
    expect(
      await evidenceOf(
        tokenList,
        { manifests },
        'User:alice',
        'ServiceAccount:default/builder',
      ),
    ).toEqual({
      reason,
      permissions,
      namespace: '*',
      targets,
      serviceAccountInferred: true,
    });
    expect(
      await evidenceOf(
        tokenList,
        { manifests },
        'User:alice',
        'Scope:identity:sa-token-all@Namespace:other',
      ),
    ).toEqual({ reason, permissions, namespace: '*', targets });
  });
});
