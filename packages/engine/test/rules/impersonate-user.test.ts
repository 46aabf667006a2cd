import { impersonateUser } from '../../src/rules/impersonate-user.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
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
