import { describe, expect, it } from 'vitest';
import { impersonateSa } from '../../src/rules/impersonate-sa.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import {
  grant,
  OTHER_NS,
  sa,
  terminatedDocs as docs,
} from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

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

describe('IMPERSONATE_SA evidence: one namespace, every namespace, or one name', () => {
  const impersonate = (names?: string): string =>
    `[{ apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate]${names === undefined ? '' : `, resourceNames: [${names}]`} }]`;

  it('unrestricted in a namespace: one step to the ServiceAccounts of that namespace', async () => {
    expect(
      await evidenceOf(
        impersonateSa,
        {
          manifests: docs(
            OTHER_NS,
            grant('i', 'default', impersonate()),
            sa('app'),
            sa('elsewhere', 'other'),
          ),
        },
        'ServiceAccount:default/i',
        'Scope:identity:sa-nodes@Namespace:default',
      ),
    ).toEqual({
      reason: 'Can impersonate any ServiceAccount in namespace default.',
      permissions: [
        {
          verb: 'impersonate',
          apiGroup: '',
          resource: 'serviceaccounts',
          namespace: 'default',
          binding: 'RoleBinding:default/i-binding',
          role: 'Role:default/i-role',
          rule: 0,
        },
      ],
      namespace: 'default',
      targets: 'ServiceAccounts',
    });
  });

  it('unrestricted cluster-wide: one step to the ServiceAccounts of every namespace', async () => {
    expect(
      await evidenceOf(
        impersonateSa,
        {
          manifests: docs(
            OTHER_NS,
            grant('i', 'default', impersonate(), 'cluster'),
            sa('app'),
            sa('elsewhere', 'other'),
          ),
        },
        'ServiceAccount:default/i',
        'Scope:identity:sa-nodes@cluster',
      ),
    ).toEqual({
      reason: 'Can impersonate any ServiceAccount in every namespace.',
      permissions: [
        {
          verb: 'impersonate',
          apiGroup: '',
          resource: 'serviceaccounts',
          binding: 'ClusterRoleBinding:i-binding',
          role: 'ClusterRole:i-role',
          rule: 0,
        },
      ],
      namespace: '*',
      targets: 'ServiceAccounts',
    });
  });

  it('by name: that ServiceAccount, whether or not it exists', async () => {
    const manifests = docs(grant('i', 'default', impersonate('deployer')));
    expect(
      await evidenceOf(
        impersonateSa,
        { manifests },
        'ServiceAccount:default/i',
        'ServiceAccount:default/deployer',
      ),
    ).toEqual({
      reason:
        'Can impersonate ServiceAccount default/deployer (it need not exist: bindings match by name).',
      permissions: [
        {
          verb: 'impersonate',
          apiGroup: '',
          resource: 'serviceaccounts',
          namespace: 'default',
          name: 'deployer',
          binding: 'RoleBinding:default/i-binding',
          role: 'Role:default/i-role',
          rule: 0,
        },
      ],
    });
    const graph = await graphFor(impersonateSa, { name: '', manifests });
    expect(
      graph.getNodeAttributes('ServiceAccount:default/deployer'),
    ).toMatchObject({
      kind: 'ServiceAccount',
      name: 'deployer',
      namespace: 'default',
    });
  });
});
