import { rbacInert } from '../../src/findings/rbac-inert.ts';
import { findingTester } from './finding-tester.ts';
import { clusterRole, clusterRoleBinding, role } from './rbac.ts';

findingTester(rbacInert, {
  valid: [
    {
      name: 'a well-formed rule',
      manifests: clusterRole(
        'r',
        "[{ apiGroups: ['', apps], resources: [pods/exec, deployments], verbs: [create] }]",
      ),
    },
    {
      name: 'namespaces in a Role is its own Namespace',
      manifests: role(
        'shop',
        'r',
        "[{ apiGroups: [''], resources: [namespaces], verbs: [patch] }]",
      ),
    },
    {
      name: 'the bootstrap roles (edit lists extensions) are not checked',
      manifests: clusterRoleBinding('x', 'edit', '[{ kind: User, name: bob }]'),
    },
  ],
  invalid: [
    {
      name: 'pods/*, apiGroup core, extensions deployments and a literal *',
      manifests: clusterRole(
        'copied',
        "[{ apiGroups: [core], resources: ['pods/*'], verbs: [create] }, { apiGroups: [extensions], resources: [deployments], verbs: [get] }, { apiGroups: [''], resources: [secrets], resourceNames: ['*'], verbs: [get] }]",
      ),
      records: [
        {
          id: 'F-RBAC-INERT:ClusterRole:copied',
          severity: 'low',
          fields: ['rules[0]', 'rules[1]', 'rules[2]'],
          message: [
            "resource 'pods/*'",
            "apiGroup 'core'",
            "'extensions', which no longer serves deployments",
            "'*' in resourceNames",
          ],
        },
      ],
    },
    {
      name: 'cluster-scoped resources in a Role',
      manifests: role(
        'shop',
        'r',
        "[{ apiGroups: [''], resources: [nodes, nodes/proxy, pods], verbs: [get] }]",
      ),
      records: [
        {
          id: 'F-RBAC-INERT:Role:shop/r',
          message: ['cluster-scoped nodes, nodes/proxy'],
        },
      ],
    },
    {
      // Served cluster-scoped by Kubernetes 1.34 (checked against discovery in test/it/k8s/fixes.test.ts).
      name: 'newer cluster-scoped resources in a Role',
      manifests: role(
        'shop',
        'r',
        "[{ apiGroups: ['*'], resources: [flowschemas, ipaddresses, servicecidrs, resourceslices, configmaps], verbs: [get] }]",
      ),
      records: [
        {
          id: 'F-RBAC-INERT:Role:shop/r',
          message: [
            'cluster-scoped flowschemas, ipaddresses, servicecidrs, resourceslices',
          ],
        },
      ],
    },
  ],
});
