import { rbacMissingsa } from '../../src/findings/rbac-missingsa.ts';
import { findingTester } from './finding-tester.ts';
import { clusterRoleBinding, roleBinding } from './rbac.ts';
import { containers, pod } from './yaml.ts';

const sa = (namespace: string, name: string) => `apiVersion: v1
kind: ServiceAccount
metadata: { name: ${name}, namespace: ${namespace} }`;

findingTester(rbacMissingsa, {
  valid: [
    {
      name: 'the ServiceAccount is in the input',
      manifests: `${sa('ci', 'runner')}
---
${clusterRoleBinding('b', 'view', '[{ kind: ServiceAccount, name: runner, namespace: ci }]')}`,
    },
    {
      name: 'default always exists',
      manifests: roleBinding(
        'shop',
        'b',
        'kind: ClusterRole, name: view',
        '[{ kind: ServiceAccount, name: default }]',
      ),
    },
    {
      name: 'manifest input: a pod uses it in a namespace without ServiceAccount objects',
      manifests: `${pod('p', `serviceAccountName: app\n${containers()}`, { namespace: 'shop' })}
---
${roleBinding('shop', 'b', 'kind: ClusterRole, name: view', '[{ kind: ServiceAccount, name: app }]')}`,
    },
    {
      name: 'the assumed bootstrap bindings name kube-system controllers',
      manifests: sa('kube-system', 'other'),
    },
  ],
  invalid: [
    {
      name: 'a deleted ServiceAccount, also named as a User',
      manifests: `${sa('ci', 'runner')}
---
${clusterRoleBinding('b', 'edit', '[{ kind: ServiceAccount, name: old, namespace: ci }, { kind: User, name: "system:serviceaccount:ci:older" }, { kind: ServiceAccount, name: runner, namespace: ci }]')}`,
      records: [
        {
          id: 'F-RBAC-MISSINGSA:ClusterRoleBinding:b',
          objects: [
            'ClusterRoleBinding:b',
            'ClusterRole:edit',
            'ServiceAccount:ci/old',
            'ServiceAccount:ci/older',
          ],
          message: ['ServiceAccount ci/old, ServiceAccount ci/older'],
        },
      ],
    },
    {
      name: 'a ServiceAccount subject without a namespace in a ClusterRoleBinding',
      manifests: clusterRoleBinding(
        'b',
        'view',
        '[{ kind: ServiceAccount, name: app }]',
      ),
      records: [
        {
          id: 'F-RBAC-MISSINGSA:ClusterRoleBinding:b',
          message: ['ServiceAccount app without a namespace'],
        },
      ],
    },
  ],
});
