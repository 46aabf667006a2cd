import { impersonateSa } from '../../src/rules/impersonate-sa.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import {
  grant,
  OTHER_NS,
  sa,
  terminatedDocs as docs,
} from '../rbac-manifests.ts';

ruleTester(impersonateSa, {
  valid: [
    {
      name: 'impersonate users and groups in a Role, and serviceaccounts in the wrong group',
      manifests: docs(
        grant(
          'i',
          'default',
          `[{ apiGroups: ['*'], resources: [users, groups], verbs: [impersonate] }, { apiGroups: [authentication.k8s.io], resources: [serviceaccounts], verbs: [impersonate] }]`,
        ),
        sa('app'),
      ),
    },
    {
      name: 'other verbs on serviceaccounts',
      manifests: docs(
        grant(
          'i',
          'default',
          `[{ apiGroups: [''], resources: [serviceaccounts], verbs: [get, list, create, update] }]`,
        ),
        sa('app'),
      ),
    },
  ],
  invalid: [
    {
      name: 'a RoleBinding in another namespace reaches that namespace’s ServiceAccounts only',
      manifests: docs(
        OTHER_NS,
        sa('i'),
        sa('app'),
        sa('x', 'other'),
        `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: imp, namespace: other }
rules: [{ apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: imp, namespace: other }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: imp }
subjects: [{ kind: ServiceAccount, name: i, namespace: default }]
`,
      ),
      edges: [
        ['ServiceAccount:default/i', 'ServiceAccount:other/default'],
        ['ServiceAccount:default/i', 'ServiceAccount:other/x'],
      ],
    },
    {
      name: 'the fixture: a named ServiceAccount that need not exist; users/groups in a Role are inert',
      manifests: docs(await fixture('IMPERSONATE_SA')),
      edges: [
        [
          'ServiceAccount:default/impersonator-yes',
          'ServiceAccount:default/deployer',
        ],
      ],
    },
    {
      name: 'unrestricted in a namespace: every ServiceAccount node there',
      manifests: docs(
        OTHER_NS,
        grant(
          'i',
          'default',
          `[{ apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate] }]`,
        ),
        sa('app'),
        sa('elsewhere', 'other'),
      ),
      edges: [
        ['ServiceAccount:default/i', 'ServiceAccount:default/default'],
        ['ServiceAccount:default/i', 'ServiceAccount:default/app'],
        ['ServiceAccount:default/i', 'ServiceAccount:default/i'],
      ],
    },
    {
      name: 'a ClusterRoleBinding with a name: that name in every namespace',
      manifests: docs(
        OTHER_NS,
        grant(
          'i',
          'default',
          `[{ apiGroups: [''], resources: [serviceaccounts], verbs: ['*'], resourceNames: [ci] }]`,
          'cluster',
        ),
      ),
      edges: [
        ['ServiceAccount:default/i', 'ServiceAccount:default/ci'],
        ['ServiceAccount:default/i', 'ServiceAccount:other/ci'],
      ],
    },
  ],
});
