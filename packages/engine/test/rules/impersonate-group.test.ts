import { impersonateGroup } from '../../src/rules/impersonate-group.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';

/** Disables the assumed bootstrap policy (catalog 4.5): the input then "has" built-in RBAC. */
const NO_DEFAULTS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: 'system:test-no-defaults' }
rules: []
`;

function grant(
  sa: string,
  ns: string,
  rules: string,
  scope: 'namespace' | 'cluster' = 'namespace',
): string {
  const cluster = scope === 'cluster';
  return `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${sa}, namespace: ${ns} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${cluster ? 'ClusterRole' : 'Role'}
metadata: { name: ${sa}-role${cluster ? '' : `, namespace: ${ns}`} }
rules: ${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${cluster ? 'ClusterRoleBinding' : 'RoleBinding'}
metadata: { name: ${sa}-binding${cluster ? '' : `, namespace: ${ns}`} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${cluster ? 'ClusterRole' : 'Role'}, name: ${sa}-role }
subjects: [{ kind: ServiceAccount, name: ${sa}, namespace: ${ns} }]
`;
}

const docs = (...parts: string[]): string =>
  [NO_DEFAULTS, ...parts]
    .map(p => (p.endsWith('\n') ? p : `${p}\n`))
    .join('---\n');

const imp = (
  rules: string,
  scope: 'namespace' | 'cluster' = 'cluster',
): string => grant('i', 'default', rules, scope);

ruleTester(impersonateGroup, {
  valid: [
    {
      name: 'groups without any user or ServiceAccount to impersonate',
      manifests: docs(
        imp(`[{ apiGroups: [''], resources: [groups], verbs: [impersonate] }]`),
      ),
    },
    {
      name: 'a Role cannot grant the cluster-scoped groups check',
      manifests: docs(
        imp(
          `[{ apiGroups: [''], resources: [users, groups, serviceaccounts], verbs: [impersonate] }]`,
          'namespace',
        ),
      ),
    },
    {
      name: 'users restricted to ServiceAccount usernames give no user header of their own',
      manifests: docs(
        imp(
          `[{ apiGroups: [''], resources: [groups], verbs: [impersonate] }, { apiGroups: [''], resources: [users], verbs: [impersonate], resourceNames: ['system:serviceaccount:default:x'] }]`,
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: system:masters with a user to impersonate; groups alone give nothing',
      manifests: docs(await fixture('IMPERSONATE_GROUP')),
      edges: [
        ['ServiceAccount:default/impersonator-yes', 'Group:system:masters'],
      ],
    },
    {
      name: 'a ServiceAccount to impersonate also carries group headers',
      manifests: docs(
        imp(
          `[{ apiGroups: [''], resources: [groups], verbs: [impersonate], resourceNames: [dev] }, { apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate], resourceNames: [x] }]`,
        ),
      ),
      edges: [['ServiceAccount:default/i', 'Group:dev']],
    },
    {
      name: 'unrestricted: every Group node, system:masters included',
      manifests: docs(
        imp(
          `[{ apiGroups: [''], resources: [users, groups], verbs: [impersonate] }]`,
        ),
      ),
      edges: [
        ['ServiceAccount:default/i', 'Group:system:authenticated'],
        ['ServiceAccount:default/i', 'Group:system:masters'],
        ['ServiceAccount:default/i', 'Group:system:unauthenticated'],
      ],
    },
  ],
});
