import { rbacWildcard } from '../../src/findings/rbac-wildcard.ts';
import { findingTester } from './finding-tester.ts';
import { clusterRole, clusterRoleBinding, role } from './rbac.ts';

findingTester(rbacWildcard, {
  valid: [
    {
      name: 'explicit verbs and resources',
      manifests: clusterRole(
        'r',
        "[{ apiGroups: [''], resources: [pods], verbs: [get, list] }]",
      ),
    },
    {
      name: 'a bootstrap-labelled ClusterRole that nothing new binds',
      manifests: clusterRole(
        'cluster-admin',
        "[{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]",
        'kubernetes.io/bootstrapping: rbac-defaults',
      ),
    },
  ],
  invalid: [
    {
      name: 'a wildcard verb and a */scale resource',
      manifests: `${clusterRole('ci', "[{ apiGroups: [''], resources: [services], verbs: ['*'] }, { apiGroups: [apps], resources: ['*/scale'], verbs: [update] }]")}
---
${role('shop', 'r', "[{ apiGroups: ['*'], resources: [pods], verbs: [get] }]")}`,
      records: [
        {
          id: 'F-RBAC-WILDCARD:ClusterRole:ci',
          severity: 'medium',
          fields: ['rules[0]', 'rules[1]'],
          message: ["has '*' in verbs; has '*' in resources"],
        },
        {
          id: 'F-RBAC-WILDCARD:Role:shop/r',
          message: ["'*' in apiGroups"],
        },
      ],
    },
    {
      name: 'cluster-admin bound to a user',
      manifests: clusterRoleBinding(
        'alice-admin',
        'cluster-admin',
        '[{ kind: User, name: alice }]',
      ),
      records: [
        {
          id: 'F-RBAC-WILDCARD:ClusterRoleBinding:alice-admin',
          objects: [
            'ClusterRoleBinding:alice-admin',
            'ClusterRole:cluster-admin',
            'User:alice',
          ],
          message: ['(cluster-admin)'],
        },
      ],
    },
  ],
});
