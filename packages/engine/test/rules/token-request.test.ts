import { describe, expect, it } from 'vitest';
import { tokenRequest } from '../../src/rules/token-request.ts';
import { fixture } from '../manifests.ts';
import { edgesOfKind, graphFor, ruleTester } from '../rule-tester.ts';
import {
  grant,
  OTHER_NS,
  sa,
  terminatedDocs as docs,
} from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const MINT = `[{ apiGroups: [''], resources: [serviceaccounts/token], verbs: [create] }]`;

ruleTester(tokenRequest, {
  valid: [
    {
      name: 'create serviceaccounts, get serviceaccounts/token and serviceaccounts/* are not the token request',
      manifests: docs(
        grant(
          'm',
          'default',
          `[{ apiGroups: [''], resources: [serviceaccounts, 'serviceaccounts/*'], verbs: [create] }, { apiGroups: [''], resources: [serviceaccounts/token], verbs: [get, list] }]`,
        ),
        sa('app'),
      ),
    },
    {
      name: 'a named grant for a ServiceAccount that does not exist (live ServiceAccount lists are complete)',
      manifests: docs(
        grant(
          'm',
          'default',
          `[{ apiGroups: [''], resources: [serviceaccounts/token], verbs: [create], resourceNames: [ghost] }]`,
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'a RoleBinding mints tokens in its own namespace only, for a subject of another',
      manifests: docs(
        OTHER_NS,
        sa('m'),
        sa('app'),
        `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: mint, namespace: other }
rules: ${MINT}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: mint, namespace: other }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: mint }
subjects: [{ kind: ServiceAccount, name: m, namespace: default }]
`,
      ),
      edges: [['ServiceAccount:default/m', 'ServiceAccount:other/default']],
    },
    {
      name: 'the fixture: names respected, missing ServiceAccounts left out',
      manifests: docs(await fixture('TOKEN_REQUEST')),
      edges: [
        [
          'ServiceAccount:default/minter-yes',
          'ServiceAccount:default/deployer-yes',
          'high',
        ],
      ],
    },
    {
      name: 'a RoleBinding: every existing ServiceAccount of its namespace, itself included',
      manifests: docs(
        OTHER_NS,
        grant('m', 'default', MINT),
        sa('app'),
        sa('elsewhere', 'other'),
      ),
      edges: [
        ['ServiceAccount:default/m', 'ServiceAccount:default/default'],
        ['ServiceAccount:default/m', 'ServiceAccount:default/app'],
        ['ServiceAccount:default/m', 'ServiceAccount:default/m'],
      ],
    },
    {
      name: 'a ClusterRoleBinding with */token: every existing ServiceAccount',
      manifests: docs(
        OTHER_NS,
        grant(
          'm',
          'default',
          `[{ apiGroups: [''], resources: ['*/token'], verbs: [create] }]`,
          'cluster',
        ),
        sa('elsewhere', 'other'),
      ),
      edges: [
        ['ServiceAccount:default/m', 'ServiceAccount:default/default'],
        ['ServiceAccount:default/m', 'ServiceAccount:other/default'],
        ['ServiceAccount:default/m', 'ServiceAccount:default/m'],
        ['ServiceAccount:default/m', 'ServiceAccount:other/elsewhere'],
      ],
    },
    {
      name: 'the default ServiceAccount always exists; an inferred one is medium',
      manifests: docs(
        grant(
          'm',
          'default',
          `[{ apiGroups: [''], resources: [serviceaccounts/token], verbs: [create], resourceNames: [default, builder] }]`,
          'cluster',
        ),
        OTHER_NS,
        `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: other }
spec:
  serviceAccountName: builder
  containers: [{ name: c, image: busybox }]
`,
      ),
      edges: [
        ['ServiceAccount:default/m', 'ServiceAccount:default/default', 'high'],
        ['ServiceAccount:default/m', 'ServiceAccount:other/builder', 'medium'],
        ['ServiceAccount:default/m', 'ServiceAccount:other/default', 'high'],
      ],
    },
  ],
});

describe('TOKEN_REQUEST evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('TOKEN_REQUEST');
    expect(
      await evidenceOf(
        tokenRequest,
        { manifests },
        'ServiceAccount:default/minter-yes',
        'ServiceAccount:default/deployer-yes',
      ),
    ).toEqual({
      reason: 'Can request a token for ServiceAccount default/deployer-yes.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'serviceaccounts/token',
          namespace: 'default',
          name: 'deployer-yes',
          binding: 'RoleBinding:default/minter-yes',
          role: 'Role:default/mint-deployer-token',
          rule: 0,
        },
      ],
      serviceAccount: 'exists',
    });
    expect(
      await evidenceOf(
        tokenRequest,
        { manifests },
        'Group:system:masters',
        'Scope:identity:sa-exists@cluster',
      ),
    ).toEqual({
      reason: 'Can request a token for any ServiceAccount in every namespace.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'serviceaccounts/token',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
      ],
      namespace: '*',
      targets: 'existing ServiceAccounts',
    });
    expect(
      await evidenceOf(
        tokenRequest,
        { manifests },
        'Group:system:masters',
        'Scope:identity:sa-exists-inferred@Namespace:kube-system',
      ),
    ).toEqual({
      reason: 'Can request a token for any ServiceAccount in every namespace.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'serviceaccounts/token',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
      ],
      namespace: '*',
      targets: 'ServiceAccounts inferred to exist',
    });
  });
});

describe('TOKEN_REQUEST evidence in a namespace', () => {
  it('a RoleBinding: any existing ServiceAccount of its namespace', async () => {
    expect(
      await evidenceOf(
        tokenRequest,
        {
          manifests: docs(
            OTHER_NS,
            grant('m', 'default', MINT),
            sa('app'),
            sa('elsewhere', 'other'),
          ),
        },
        'ServiceAccount:default/m',
        'Scope:identity:sa-exists@Namespace:default',
      ),
    ).toEqual({
      reason:
        'Can request a token for any ServiceAccount in namespace default.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'serviceaccounts/token',
          namespace: 'default',
          binding: 'RoleBinding:default/m-binding',
          role: 'Role:default/m-role',
          rule: 0,
        },
      ],
      namespace: 'default',
      targets: 'existing ServiceAccounts',
    });
  });
});

describe('TOKEN_REQUEST for a ServiceAccount only inferred to exist', () => {
  it('is medium, and the evidence says why the ServiceAccount is assumed', async () => {
    const manifests = docs(
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: ci }\n',
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: mint }
rules: [{ apiGroups: [''], resources: [serviceaccounts/token], verbs: [create], resourceNames: [runner] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: mint }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: mint }
subjects: [{ kind: User, name: alice }]
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: ci }
spec:
  serviceAccountName: runner
  containers: [{ name: c, image: busybox }]
`,
    );
    const graph = await graphFor(tokenRequest, { name: '', manifests });
    expect(edgesOfKind(graph, 'TOKEN_REQUEST')).toEqual([
      ['User:alice', 'ServiceAccount:ci/runner', 'medium'],
    ]);
    expect(
      await evidenceOf(
        tokenRequest,
        { manifests },
        'User:alice',
        'ServiceAccount:ci/runner',
      ),
    ).toMatchObject({
      reason: 'Can request a token for ServiceAccount ci/runner.',
      serviceAccount:
        'referenced in manifest input without ServiceAccounts of the namespace',
    });
  });
});
