import { describe, expect, it } from 'vitest';
import { impersonateGroup } from '../../src/rules/impersonate-group.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import { grant, terminatedDocs as docs } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const imp = (
  rules: string,
  scope: 'namespace' | 'cluster' = 'cluster',
): string => grant('i', 'default', rules, scope);

ruleTester(impersonateGroup, {
  valid: [
    {
      name: 'groups without any user or ServiceAccount to impersonate',
      manifests: docs(
        imp(`[{ apiGroups: [''], resources: [groups], verbs: [impersonate] }]`),
      ),
    },
    {
      name: 'a Role cannot grant the cluster-scoped groups check',
      manifests: docs(
        imp(
          `[{ apiGroups: [''], resources: [users, groups, serviceaccounts], verbs: [impersonate] }]`,
          'namespace',
        ),
      ),
    },
    {
      name: 'users restricted to ServiceAccount usernames give no user header of their own',
      manifests: docs(
        imp(
          `[{ apiGroups: [''], resources: [groups], verbs: [impersonate] }, { apiGroups: [''], resources: [users], verbs: [impersonate], resourceNames: ['system:serviceaccount:default:x'] }]`,
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: system:masters with a user to impersonate; groups alone give nothing',
      manifests: docs(await fixture('IMPERSONATE_GROUP')),
      edges: [
        ['ServiceAccount:default/impersonator-yes', 'Group:system:masters'],
      ],
    },
    {
      name: 'a ServiceAccount to impersonate also carries group headers',
      manifests: docs(
        imp(
          `[{ apiGroups: [''], resources: [groups], verbs: [impersonate], resourceNames: [dev] }, { apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate], resourceNames: [x] }]`,
        ),
      ),
      edges: [['ServiceAccount:default/i', 'Group:dev', 'high']],
    },
    {
      name: 'unrestricted: every Group node, system:masters included',
      manifests: docs(
        imp(
          `[{ apiGroups: [''], resources: [users, groups], verbs: [impersonate] }]`,
        ),
      ),
      edges: [
        ['ServiceAccount:default/i', 'Group:system:authenticated', 'high'],
        ['ServiceAccount:default/i', 'Group:system:masters', 'high'],
        ['ServiceAccount:default/i', 'Group:system:unauthenticated', 'high'],
      ],
    },
  ],
});

describe('IMPERSONATE_GROUP evidence', () => {
  const USER_NOTE =
    'with a user or ServiceAccount it can impersonate (a group header needs a user header)';

  it('a named group: the reason names it, the permission its name; the Group node is made', async () => {
    const testCase = {
      manifests: docs(
        imp(
          `[{ apiGroups: [''], resources: [users], verbs: [impersonate] }, { apiGroups: [''], resources: [groups], verbs: [impersonate], resourceNames: [dev] }]`,
        ),
      ),
    };
    expect(
      await evidenceOf(
        impersonateGroup,
        testCase,
        'ServiceAccount:default/i',
        'Group:dev',
      ),
    ).toEqual({
      reason: `Can impersonate group dev, ${USER_NOTE}.`,
      permissions: [
        {
          verb: 'impersonate',
          apiGroup: '',
          resource: 'groups',
          name: 'dev',
          binding: 'ClusterRoleBinding:i-binding',
          role: 'ClusterRole:i-role',
          rule: 1,
        },
      ],
    });
    const graph = await graphFor(impersonateGroup, { name: '', ...testCase });
    expect(graph.getNodeAttributes('Group:dev')).toMatchObject({
      kind: 'Group',
      name: 'dev',
    });
  });

  it('every group: one edge into the groups scope, its targets said', async () => {
    expect(
      await evidenceOf(
        impersonateGroup,
        {
          manifests: docs(
            imp(
              `[{ apiGroups: [''], resources: [users, groups], verbs: [impersonate] }]`,
            ),
          ),
        },
        'ServiceAccount:default/i',
        'Scope:identity:groups@cluster',
      ),
    ).toEqual({
      reason: `Can impersonate any group, ${USER_NOTE}.`,
      permissions: [
        {
          verb: 'impersonate',
          apiGroup: '',
          resource: 'groups',
          binding: 'ClusterRoleBinding:i-binding',
          role: 'ClusterRole:i-role',
          rule: 0,
        },
      ],
      targets: 'every group',
    });
  });
});
