import { rbacMissingrole } from '../../src/findings/rbac-missingrole.ts';
import { findingTester } from './finding-tester.ts';
import { clusterRoleBinding, role, roleBinding } from './rbac.ts';

findingTester(rbacMissingrole, {
  valid: [
    {
      name: 'a Role in the binding namespace',
      manifests: `${role('shop', 'r', "[{ apiGroups: [''], resources: [pods], verbs: [get] }]")}
---
${roleBinding('shop', 'b', 'kind: Role, name: r', '[{ kind: User, name: bob }]')}`,
    },
    {
      name: 'a built-in ClusterRole of the assumed bootstrap policy',
      manifests: clusterRoleBinding('b', 'view', '[{ kind: User, name: bob }]'),
    },
  ],
  invalid: [
    {
      name: 'a Role of another namespace does not count',
      manifests: `${role('other', 'r', "[{ apiGroups: [''], resources: [pods], verbs: [get] }]")}
---
${roleBinding('shop', 'b', 'kind: Role, name: r', '[{ kind: User, name: bob }]')}`,
      records: [
        {
          id: 'F-RBAC-MISSINGROLE:RoleBinding:shop/b',
          objects: ['RoleBinding:shop/b', 'Role:shop/r', 'User:bob'],
          fields: ['roleRef'],
        },
      ],
    },
    {
      name: 'a missing ClusterRole',
      manifests: clusterRoleBinding(
        'b',
        'gone',
        '[{ kind: Group, name: devs }]',
      ),
      records: [{ id: 'F-RBAC-MISSINGROLE:ClusterRoleBinding:b' }],
    },
  ],
});
