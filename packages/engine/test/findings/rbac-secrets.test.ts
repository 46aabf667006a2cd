import { rbacSecrets } from '../../src/findings/rbac-secrets.ts';
import { findingTester } from './finding-tester.ts';
import { grant, terminatedDocs as docs } from '../rbac-manifests.ts';

findingTester(rbacSecrets, {
  valid: [
    {
      name: 'a RoleBinding reads the Secrets of one namespace only',
      manifests: docs(
        grant(
          'app',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [list, watch, get] }]`,
        ),
      ),
    },
    {
      name: 'get limited by resourceNames, and create or delete alone',
      manifests: docs(
        grant(
          'app',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [get], resourceNames: [tls] }, { apiGroups: [''], resources: [secrets], verbs: [create, delete] }]`,
          'cluster',
        ),
      ),
    },
    {
      name: 'the unchanged bootstrap bindings of the controller manager (assumed)',
      bare: true,
      manifests:
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: default }\n',
    },
  ],
  invalid: [
    {
      // The ingress-nginx pattern: its controller lists every Secret.
      name: 'a ClusterRoleBinding to list and watch secrets',
      manifests: docs(
        grant(
          'ingress',
          'default',
          `[{ apiGroups: [''], resources: [secrets], verbs: [list, watch] }]`,
          'cluster',
        ),
      ),
      records: [
        {
          id: 'F-RBAC-SECRETS:ClusterRoleBinding:ingress-binding',
          severity: 'high',
          objects: [
            'ClusterRoleBinding:ingress-binding',
            'ClusterRole:ingress-role',
            'ServiceAccount:default/ingress',
          ],
          message: [
            'lets ServiceAccount:default/ingress list, watch the Secrets of every namespace',
          ],
        },
      ],
    },
    {
      name: 'get without names cluster-wide, through a wildcard',
      manifests: docs(
        grant(
          'op',
          'default',
          `[{ apiGroups: ['*'], resources: ['*'], verbs: [get] }]`,
          'cluster',
        ),
      ),
      records: [
        {
          id: 'F-RBAC-SECRETS:ClusterRoleBinding:op-binding',
          message: ['get the Secrets of every namespace'],
        },
      ],
    },
  ],
});
