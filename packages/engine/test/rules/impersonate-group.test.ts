import { impersonateGroup } from '../../src/rules/impersonate-group.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { grant, terminatedDocs as docs } from '../rbac-manifests.ts';

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
      edges: [['ServiceAccount:default/i', 'Group:dev', 'high']],
    },
    {
      name: 'unrestricted: every Group node, system:masters included',
      manifests: docs(
        imp(
          `[{ apiGroups: [''], resources: [users, groups], verbs: [impersonate] }]`,
        ),
      ),
      edges: [
        ['ServiceAccount:default/i', 'Group:system:authenticated', 'high'],
        ['ServiceAccount:default/i', 'Group:system:masters', 'high'],
        ['ServiceAccount:default/i', 'Group:system:unauthenticated', 'high'],
      ],
    },
  ],
});
