import { rbacNodeproxy } from '../../src/findings/rbac-nodeproxy.ts';
import { findingTester } from './finding-tester.ts';
import { clusterRole, clusterRoleBinding, role } from './rbac.ts';

findingTester(rbacNodeproxy, {
  valid: [
    {
      name: 'nodes/metrics only',
      manifests: clusterRole(
        'r',
        "[{ apiGroups: [''], resources: [nodes/metrics, nodes], verbs: [get] }]",
      ),
    },
    {
      name: 'nodes/proxy in a Role grants nothing (F-RBAC-INERT)',
      manifests: role(
        'shop',
        'r',
        "[{ apiGroups: [''], resources: [nodes/proxy], verbs: [get] }]",
      ),
    },
    {
      name: 'the built-in system:kubelet-api-admin with its default binding',
      manifests: clusterRole(
        'unrelated',
        "[{ apiGroups: [''], resources: [pods], verbs: [get] }]",
      ),
    },
  ],
  invalid: [
    {
      name: 'get nodes/proxy, and */proxy',
      manifests: `${clusterRole('prometheus', "[{ apiGroups: [''], resources: [nodes, nodes/proxy], verbs: [get, list] }]")}
---
${clusterRole('any-proxy', "[{ apiGroups: [''], resources: ['*/proxy'], verbs: [create] }]")}`,
      records: [
        {
          id: 'F-RBAC-NODEPROXY:ClusterRole:any-proxy',
          message: ['grants create on nodes/proxy'],
        },
        {
          id: 'F-RBAC-NODEPROXY:ClusterRole:prometheus',
          severity: 'high',
          objects: ['ClusterRole:prometheus'],
          fields: ['rules[0]'],
          message: ['grants get on nodes/proxy'],
        },
      ],
    },
    {
      name: 'system:kubelet-api-admin bound to a user',
      manifests: clusterRoleBinding(
        'b',
        'system:kubelet-api-admin',
        '[{ kind: User, name: ops }]',
      ),
      records: [
        {
          id: 'F-RBAC-NODEPROXY:ClusterRoleBinding:b',
          objects: [
            'ClusterRoleBinding:b',
            'ClusterRole:system:kubelet-api-admin',
            'User:ops',
          ],
        },
      ],
    },
  ],
});
