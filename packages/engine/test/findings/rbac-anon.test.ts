import { rbacAnon } from '../../src/findings/rbac-anon.ts';
import { findingTester } from './finding-tester.ts';
import { clusterRoleBinding, roleBinding } from './rbac.ts';

const defaults = 'kubernetes.io/bootstrapping: rbac-defaults';
const publicInfo = (subjects: string) =>
  clusterRoleBinding(
    'system:public-info-viewer',
    'system:public-info-viewer',
    subjects,
    defaults,
  );

findingTester(rbacAnon, {
  valid: [
    {
      name: 'the assumed bootstrap policy (system:public-info-viewer binds system:unauthenticated)',
      manifests: clusterRoleBinding(
        'x',
        'view',
        '[{ kind: Group, name: system:authenticated }]',
      ),
    },
    {
      name: 'the bootstrap binding present and unchanged',
      manifests: publicInfo(
        '[{ kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }, { kind: Group, name: system:unauthenticated, apiGroup: rbac.authorization.k8s.io }]',
      ),
    },
  ],
  invalid: [
    {
      name: 'a ClusterRoleBinding to system:anonymous',
      manifests: clusterRoleBinding(
        'anon-view',
        'view',
        '[{ kind: User, name: system:anonymous }]',
      ),
      records: [
        {
          id: 'F-RBAC-ANON:ClusterRoleBinding:anon-view',
          severity: 'high',
          objects: [
            'ClusterRoleBinding:anon-view',
            'ClusterRole:view',
            'User:system:anonymous',
          ],
        },
      ],
    },
    {
      name: 'a RoleBinding to system:unauthenticated',
      manifests: roleBinding(
        'shop',
        'open',
        'kind: ClusterRole, name: edit',
        '[{ kind: Group, name: system:unauthenticated }]',
      ),
      records: [{ id: 'F-RBAC-ANON:RoleBinding:shop/open' }],
    },
    {
      name: 'a bootstrap-labelled binding whose subjects were changed',
      manifests: publicInfo(
        '[{ kind: Group, name: system:unauthenticated }, { kind: User, name: system:anonymous }]',
      ),
      records: [
        {
          id: 'F-RBAC-ANON:ClusterRoleBinding:system:public-info-viewer',
          message: ['Group system:unauthenticated and User system:anonymous'],
        },
      ],
    },
  ],
});
