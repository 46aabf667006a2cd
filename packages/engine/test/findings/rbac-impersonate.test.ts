import { rbacImpersonate } from '../../src/findings/rbac-impersonate.ts';
import { findingTester } from './finding-tester.ts';
import { clusterRole, clusterRoleBinding, role } from './rbac.ts';

findingTester(rbacImpersonate, {
  valid: [
    {
      name: 'no impersonate verb',
      manifests: clusterRole(
        'r',
        "[{ apiGroups: [''], resources: [users], verbs: [get] }]",
      ),
    },
    {
      name: 'impersonate on an unrelated resource',
      manifests: clusterRole(
        'r',
        "[{ apiGroups: [''], resources: [pods], verbs: [impersonate] }]",
      ),
    },
    {
      name: 'the built-in roles without a non-default binding',
      manifests: clusterRole(
        'unrelated',
        "[{ apiGroups: [''], resources: [pods], verbs: [get] }]",
      ),
    },
  ],
  invalid: [
    {
      name: 'a ClusterRole impersonating users and groups, with its binding',
      manifests: `${clusterRole('proxy', "[{ apiGroups: [''], resources: [users, groups], verbs: [impersonate] }]")}
---
${clusterRoleBinding('proxy', 'proxy', '[{ kind: ServiceAccount, name: proxy, namespace: edge }]')}`,
      records: [
        {
          id: 'F-RBAC-IMPERSONATE:ClusterRole:proxy',
          severity: 'high',
          objects: ['ClusterRole:proxy', 'ClusterRoleBinding:proxy'],
          fields: ['rules[0]'],
          message: ['grants impersonate on users, groups'],
        },
      ],
    },
    {
      name: 'an inert one in a namespaced Role is reported too',
      manifests: role(
        'shop',
        'r',
        "[{ apiGroups: [''], resources: [users, serviceaccounts], verbs: [impersonate] }]",
      ),
      records: [
        {
          id: 'F-RBAC-IMPERSONATE:Role:shop/r',
          message: ['users inert in a namespaced Role'],
        },
      ],
    },
    {
      name: 'cluster-admin bound to a ServiceAccount: on the binding',
      manifests: clusterRoleBinding(
        'bot',
        'cluster-admin',
        '[{ kind: ServiceAccount, name: bot, namespace: ops }]',
      ),
      records: [
        {
          id: 'F-RBAC-IMPERSONATE:ClusterRoleBinding:bot',
          objects: [
            'ClusterRoleBinding:bot',
            'ClusterRole:cluster-admin',
            'ServiceAccount:ops/bot',
          ],
        },
      ],
    },
  ],
});
