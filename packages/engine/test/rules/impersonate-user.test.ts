import { describe, expect, it } from 'vitest';
import { reasonOf } from '@chokepoint/model';
import { impersonateUser } from '../../src/rules/impersonate-user.ts';
import { fixture } from '../manifests.ts';
import { edgesOfKind, graphFor, ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';
import { grant, terminatedDocs as docs } from '../rbac-manifests.ts';

const users = (rules: string): string =>
  grant('i', 'default', rules, 'cluster');
const ALICE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: alice }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: alice }]
`;

ruleTester(impersonateUser, {
  valid: [
    {
      name: 'a Role cannot grant the cluster-scoped users check',
      manifests: docs(
        grant(
          'i',
          'default',
          `[{ apiGroups: ['*'], resources: [users, groups], verbs: [impersonate] }]`,
        ),
        ALICE,
      ),
    },
    {
      name: 'a ServiceAccount username is checked as serviceaccounts, never as users',
      manifests: docs(
        users(
          `[{ apiGroups: [''], resources: [users], verbs: [impersonate], resourceNames: ['system:serviceaccount:default:i'] }]`,
        ),
      ),
    },
    {
      name: 'impersonate in another API group, or another verb',
      manifests: docs(
        users(
          `[{ apiGroups: [authentication.k8s.io], resources: [users], verbs: [impersonate] }, { apiGroups: [''], resources: [users], verbs: [get, list] }]`,
        ),
        ALICE,
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: named users only, through a ClusterRoleBinding',
      manifests: docs(await fixture('IMPERSONATE_USER')),
      edges: [['ServiceAccount:default/impersonator-yes', 'User:alice']],
    },
    {
      name: 'a user with extra memberships without its groups becomes ImpersonatedUser',
      policy: { memberships: { 'User:alice': ['Group:dev'] } },
      manifests: docs(
        users(
          `[{ apiGroups: [''], resources: [users], verbs: [impersonate], resourceNames: [alice] }]`,
        ),
      ),
      edges: [['ServiceAccount:default/i', 'ImpersonatedUser:alice']],
    },
    {
      name: 'with every group impersonable as well, the real User',
      policy: { memberships: { 'User:alice': ['Group:dev'] } },
      manifests: docs(
        users(
          `[{ apiGroups: [''], resources: [users], verbs: [impersonate], resourceNames: [alice] }, { apiGroups: [''], resources: [groups], verbs: [impersonate], resourceNames: [dev] }]`,
        ),
      ),
      edges: [['ServiceAccount:default/i', 'User:alice']],
    },
    {
      name: 'unrestricted: every User node; node users are in system:nodes, so ImpersonatedUser without group rights',
      manifests: docs(
        users(
          `[{ apiGroups: [''], resources: [users], verbs: [impersonate] }]`,
        ),
        ALICE,
      ),
      edges: [
        ['ServiceAccount:default/i', 'ImpersonatedUser:system:node:worker-1'],
        ['ServiceAccount:default/i', 'User:alice'],
      ],
    },
    {
      name: 'unrestricted users and groups: every User node as itself',
      manifests: docs(
        users(
          `[{ apiGroups: [''], resources: [users, groups], verbs: [impersonate] }]`,
        ),
        ALICE,
      ),
      edges: [
        ['ServiceAccount:default/i', 'User:alice'],
        ['ServiceAccount:default/i', 'User:system:node:worker-1'],
      ],
    },
  ],
});

const IMPERSONATE = (resources: string, names?: string): string =>
  `{ apiGroups: [''], resources: [${resources}], verbs: [impersonate]${names === undefined ? '' : `, resourceNames: [${names}]`} }`;
const BY = {
  apiGroup: '',
  binding: 'ClusterRoleBinding:i-binding',
  role: 'ClusterRole:i-role',
};

describe('IMPERSONATE_USER evidence: the user, and the groups it takes along', () => {
  it('a user without extra groups; unrestricted users without groups is one step to those users', async () => {
    expect(
      await evidenceOf(
        impersonateUser,
        { manifests: docs(users(`[${IMPERSONATE('users', 'alice')}]`)) },
        'ServiceAccount:default/i',
        'User:alice',
      ),
    ).toEqual({
      reason:
        'Can impersonate user alice, who belongs to no group beyond the default ones.',
      permissions: [
        {
          verb: 'impersonate',
          resource: 'users',
          name: 'alice',
          rule: 0,
          ...BY,
        },
      ],
    });
    expect(
      await evidenceOf(
        impersonateUser,
        { manifests: docs(users(`[${IMPERSONATE('users')}]`), ALICE) },
        'ServiceAccount:default/i',
        'User:alice',
      ),
    ).toEqual({
      reason:
        'Can impersonate any user; these users belong to no group beyond the default ones.',
      permissions: [{ verb: 'impersonate', resource: 'users', rule: 0, ...BY }],
      targets: 'users without group memberships',
    });
  });

  it('a user with groups: every group impersonable gives the User, with each group permission; else ImpersonatedUser', async () => {
    const policy = {
      memberships: {
        'User:alice': [
          'Group:dev',
          'Group:system:authenticated',
          'Group:ops',
          'Group:dev',
        ],
      },
    };
    expect(
      await evidenceOf(
        impersonateUser,
        {
          policy,
          manifests: docs(
            users(
              `[${IMPERSONATE('users', 'alice')}, ${IMPERSONATE('groups', 'dev, ops')}]`,
            ),
          ),
        },
        'ServiceAccount:default/i',
        'User:alice',
      ),
    ).toEqual({
      reason:
        'Can impersonate user alice together with every group it belongs to (dev, ops).',
      permissions: [
        {
          verb: 'impersonate',
          resource: 'users',
          name: 'alice',
          rule: 0,
          ...BY,
        },
        {
          verb: 'impersonate',
          resource: 'groups',
          name: 'dev',
          rule: 1,
          ...BY,
        },
        {
          verb: 'impersonate',
          resource: 'groups',
          name: 'ops',
          rule: 1,
          ...BY,
        },
      ],
    });
    expect(
      await evidenceOf(
        impersonateUser,
        {
          policy,
          manifests: docs(
            users(
              `[${IMPERSONATE('users', 'alice')}, ${IMPERSONATE('groups', 'dev')}]`,
            ),
          ),
        },
        'ServiceAccount:default/i',
        'ImpersonatedUser:alice',
      ),
    ).toEqual({
      reason:
        'Can impersonate user alice, but not all of its groups (dev, ops): the request carries only system:authenticated.',
      permissions: [
        {
          verb: 'impersonate',
          resource: 'users',
          name: 'alice',
          rule: 0,
          ...BY,
        },
      ],
    });
  });

  it('a node user named only in resourceNames is in system:nodes', async () => {
    expect(
      await evidenceOf(
        impersonateUser,
        {
          manifests: docs(
            users(`[${IMPERSONATE('users', 'system:node:ghost')}]`),
          ),
        },
        'ServiceAccount:default/i',
        'ImpersonatedUser:system:node:ghost',
      ),
    ).toMatchObject({
      reason:
        'Can impersonate user system:node:ghost, but not all of its groups (system:nodes): the request carries only system:authenticated.',
    });
  });

  it('unrestricted users and groups: one step to every user', async () => {
    const manifests = docs(users(`[${IMPERSONATE('users, groups')}]`), ALICE);
    const graph = await graphFor(impersonateUser, { name: '', manifests });
    expect(
      graph
        .filterEdges(
          (_key, attributes) => attributes.kind === 'IMPERSONATE_USER',
        )
        .map(edge => graph.target(edge)),
    ).toEqual(['Scope:identity:users@cluster']);
    expect(
      await evidenceOf(
        impersonateUser,
        { manifests },
        'ServiceAccount:default/i',
        'Scope:identity:users@cluster',
      ),
    ).toEqual({
      reason: 'Can impersonate any user together with any group.',
      permissions: [
        { verb: 'impersonate', resource: 'users', rule: 0, ...BY },
        { verb: 'impersonate', resource: 'groups', rule: 0, ...BY },
      ],
      targets: 'every user',
    });
  });
});

describe('IMPERSONATE_USER: which users exist, and their groups', () => {
  it('bound users, node users, aws-auth users and users of the policy memberships; ServiceAccount usernames are not users', async () => {
    const graph = await graphFor(impersonateUser, {
      name: '',
      policy: {
        memberships: {
          'User:alice': [
            'Group:dev',
            'Group:system:authenticated',
            'Group:system:unauthenticated',
            'Team:x',
            'Group:dev',
          ],
          'User:bob': ['Group:ops'],
        },
      },
      manifests: docs(
        users(`[${IMPERSONATE('users')}]`),
        `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: people }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: User, name: alice }, { kind: User, name: 'system:serviceaccount:default:app' }, { kind: User, name: carol }]
`,
        `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapUsers: |
    - userarn: arn:aws:iam::111122223333:user/ops
      username: ops-user
`,
      ),
    });
    expect(edgesOfKind(graph, 'IMPERSONATE_USER')).toEqual([
      ['ServiceAccount:default/i', 'ImpersonatedUser:alice', 'high'],
      ['ServiceAccount:default/i', 'ImpersonatedUser:bob', 'high'],
      [
        'ServiceAccount:default/i',
        'ImpersonatedUser:system:node:worker-1',
        'high',
      ],
      ['ServiceAccount:default/i', 'User:carol', 'high'],
      ['ServiceAccount:default/i', 'User:ops-user', 'high'],
    ]);
    const reasons = graph
      .filterEdges((_key, attributes) => attributes.kind === 'IMPERSONATE_USER')
      .map(edge => reasonOf(graph.getEdgeAttribute(edge, 'evidence')))
      .sort();
    expect(reasons).toEqual([
      'Can impersonate any user; these users belong to no group beyond the default ones.',
      'Can impersonate user alice, but not all of its groups (dev): the request carries only system:authenticated.',
      'Can impersonate user bob, but not all of its groups (ops): the request carries only system:authenticated.',
      'Can impersonate user system:node:worker-1, but not all of its groups (system:nodes): the request carries only system:authenticated.',
    ]);
  });
});
