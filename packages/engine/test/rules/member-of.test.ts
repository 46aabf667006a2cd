import { describe, expect, it } from 'vitest';
import { memberOf } from '../../src/rules/member-of.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
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
