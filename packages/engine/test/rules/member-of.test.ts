import { describe, expect, it } from 'vitest';
import { memberOf } from '../../src/rules/member-of.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import { impersonateUser } from '../../src/rules/impersonate-user.ts';
import { grant, terminatedDocs } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

// A whole cluster's cluster-admin objects: no bootstrap policy assumed (catalog 4.5).
const NO_DEFAULTS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cluster-admin }
rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cluster-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: []
`;

const serviceAccount = (ns: string, name: string): [string, string][] => [
  [`ServiceAccount:${ns}/${name}`, 'Group:system:authenticated'],
  [`ServiceAccount:${ns}/${name}`, 'Group:system:serviceaccounts'],
  [`ServiceAccount:${ns}/${name}`, `Group:system:serviceaccounts:${ns}`],
];

/**
 * Input without Node objects: the kubelets of the assumed node pool (issue
 * #17, point 1) are users in system:nodes, the only memberships such inputs
 * give beside the ones a case is about.
 */
const ASSUMED_NODE_USERS: [string, string][] = [
  ['User:system:node:assumed-control-plane', 'Group:system:authenticated'],
  ['User:system:node:assumed-control-plane', 'Group:system:nodes'],
  ['User:system:node:assumed-worker', 'Group:system:authenticated'],
  ['User:system:node:assumed-worker', 'Group:system:nodes'],
];

ruleTester(memberOf, {
  valid: [],
  invalid: [
    {
      name: 'a Group subject is not a member of anything (only the kubelets of the assumed node pool are)',
      bare: true,
      edges: ASSUMED_NODE_USERS,
      manifests: `${NO_DEFAULTS}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: b }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: devs }]`,
    },
    {
      name: 'a ServiceAccount subject without namespace in a ClusterRoleBinding names no identity',
      bare: true,
      edges: ASSUMED_NODE_USERS,
      manifests: `${NO_DEFAULTS}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: b }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: ghost }]`,
    },
    {
      name: 'policy memberships of a non-User key are not read',
      bare: true,
      policy: { memberships: { 'Group:devs': ['Group:admins'] } },
      edges: ASSUMED_NODE_USERS,
      manifests: NO_DEFAULTS,
    },
    {
      name: 'the fixture: ServiceAccounts from every source, users, node users and anonymous',
      manifests: await fixture('MEMBER_OF'),
      policy: { memberships: { 'User:bob': ['Group:oncall', 'Group:devs'] } },
      edges: [
        // The default ServiceAccount of every namespace exists (catalog 2.6).
        ...serviceAccount('default', 'default'),
        ...serviceAccount('dev', 'default'),
        ...serviceAccount('prod', 'default'),
        ...serviceAccount('dev', 'builder'),
        ...serviceAccount('dev', 'ci'),
        ...serviceAccount('dev', 'legacy'),
        ...serviceAccount('dev', 'runner'),
        ...serviceAccount('prod', 'deployer'),
        ['User:alice', 'Group:system:authenticated'],
        ['User:bob', 'Group:devs'],
        ['User:bob', 'Group:oncall'],
        ['User:bob', 'Group:system:authenticated'],
        ['User:system:anonymous', 'Group:system:unauthenticated'],
        ['User:system:node:worker-1', 'Group:system:authenticated'],
        ['User:system:node:worker-1', 'Group:system:nodes'],
      ],
    },
    {
      name: 'a pod without serviceAccountName runs as default',
      bare: true,
      manifests: `${NO_DEFAULTS}---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: web }
spec:
  containers: [{ name: c, image: nginx }]`,
      edges: [...serviceAccount('web', 'default'), ...ASSUMED_NODE_USERS],
    },
  ],
});

describe('MEMBER_OF evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('MEMBER_OF');
    expect(
      await evidenceOf(
        memberOf,
        { manifests },
        'ServiceAccount:default/default',
        'Group:system:serviceaccounts',
      ),
    ).toEqual({
      reason:
        'Every ServiceAccount token of namespace default authenticates with this group.',
    });
    expect(
      await evidenceOf(
        memberOf,
        { manifests },
        'ServiceAccount:dev/builder',
        'Group:system:serviceaccounts',
      ),
    ).toEqual({
      reason:
        'Every ServiceAccount token of namespace dev authenticates with this group.',
    });
    expect(
      await evidenceOf(
        memberOf,
        { manifests },
        'ServiceAccount:prod/default',
        'Group:system:serviceaccounts',
      ),
    ).toEqual({
      reason:
        'Every ServiceAccount token of namespace prod authenticates with this group.',
    });
  });
});

describe('MEMBER_OF of the identities other rules add', () => {
  it('users named by an impersonation grant get their groups; an impersonated kubelet user only system:authenticated', async () => {
    const graph = await graphFor(memberOf, {
      name: 'impersonation',
      with: { IMPERSONATE_USER: impersonateUser },
      manifests: terminatedDocs(
        grant(
          'i',
          'default',
          `[{ apiGroups: [''], resources: [users], verbs: [impersonate], resourceNames: [alice, 'system:anonymous', 'system:node:n1'] }]`,
          'cluster',
        ),
      ),
    });
    const added = graph
      .filterEdges(
        (_e, a, from) =>
          a.kind === 'MEMBER_OF' &&
          [
            'User:alice',
            'User:system:anonymous',
            'ImpersonatedUser:system:node:n1',
          ].includes(from),
      )
      .map(e => [
        graph.source(e),
        graph.target(e),
        (graph.getEdgeAttribute(e, 'evidence') as { reason: string }).reason,
      ])
      .sort();
    expect(added).toEqual([
      [
        'ImpersonatedUser:system:node:n1',
        'Group:system:authenticated',
        "An impersonated user carries only the group every request of its kind has, never the real user's groups.",
      ],
      [
        'User:alice',
        'Group:system:authenticated',
        'Every authenticated user is in group system:authenticated.',
      ],
      [
        'User:system:anonymous',
        'Group:system:unauthenticated',
        'Anonymous requests are in group system:unauthenticated.',
      ],
    ]);
  });
});

describe('MEMBER_OF evidence of users', () => {
  it('a membership the policy states, and the kubelet group of a node user', async () => {
    const testCase = {
      manifests: await fixture('MEMBER_OF'),
      policy: { memberships: { 'User:bob': ['Group:oncall', 'Group:devs'] } },
    };
    expect(
      await evidenceOf(memberOf, testCase, 'User:bob', 'Group:oncall'),
    ).toEqual({
      reason: 'The policy file states this group membership.',
      facts: [
        {
          fact: 'memberships.User:bob',
          value: 'Group:oncall',
          source: 'given',
        },
      ],
    });
    expect(
      await evidenceOf(
        memberOf,
        testCase,
        'User:system:node:worker-1',
        'Group:system:nodes',
      ),
    ).toEqual({
      reason:
        'Kubelet credentials (user system:node:<name>) carry group system:nodes.',
    });
  });
});
