import { describe, expect, it } from 'vitest';
import { roleEscalate } from '../../src/rules/role-escalate.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { grant, RBAC, terminatedDocs as docs } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';
const AGGREGATED = `apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: team-aggregate }
aggregationRule:
  clusterRoleSelectors: [{ matchLabels: { team: a } }]
rules: []
---
apiVersion: ${RBAC}/v1
kind: ClusterRoleBinding
metadata: { name: team-aggregate }
roleRef: { apiGroup: ${RBAC}, kind: ClusterRole, name: team-aggregate }
subjects: [{ kind: ServiceAccount, name: e, namespace: default }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: e, namespace: default }
`;

ruleTester(roleEscalate, {
  valid: [
    {
      name: 'escalate and update on a role that is not bound to the holder',
      manifests: docs(
        grant(
          'e',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [clusterroles], verbs: [escalate, update], resourceNames: [someone-else] }]`,
          'cluster',
        ),
        `apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: someone-else }
rules: [{ apiGroups: [''], resources: [pods], verbs: [get] }]
`,
      ),
    },
    {
      name: 'update without escalate (the Covers check would reject new rules)',
      manifests: docs(
        grant(
          'e',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [clusterroles], verbs: [update, patch, get] }]`,
          'cluster',
        ),
      ),
    },
    {
      name: 'escalate on clusterroles through a RoleBinding: a cluster-scoped request',
      manifests: docs(`apiVersion: v1
kind: ServiceAccount
metadata: { name: e, namespace: default }
---
apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: self }
rules: [{ apiGroups: [${RBAC}], resources: [clusterroles], verbs: [escalate, patch] }]
---
apiVersion: ${RBAC}/v1
kind: RoleBinding
metadata: { name: self, namespace: default }
roleRef: { apiGroup: ${RBAC}, kind: ClusterRole, name: self }
subjects: [{ kind: ServiceAccount, name: e, namespace: default }]
`),
    },
    {
      name: 'the bound role has an aggregationRule: the aggregation controller overwrites its rules',
      manifests: docs(
        AGGREGATED,
        `apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: part, labels: { team: a } }
rules: [{ apiGroups: [${RBAC}], resources: [clusterroles], verbs: [escalate, patch], resourceNames: [team-aggregate] }]
`,
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: cluster-wide and namespaced escalation; escalate without a write gives nothing',
      manifests: docs(await fixture('ROLE_ESCALATE')),
      edges: [
        ['ServiceAccount:default/escalator-yes', 'RoleInScope:*@cluster'],
        [
          'ServiceAccount:default/ns-escalator-yes',
          'RoleInScope:*@Namespace:default',
        ],
      ],
    },
    {
      name: 'a ClusterRole bound by a RoleBinding, escalated through a ClusterRoleBinding: every permission in the namespace',
      manifests: docs(
        grant(
          'e',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [clusterroles], verbs: [escalate, update] }]`,
          'cluster',
        ),
        `apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: viewer }
rules: [{ apiGroups: [''], resources: [pods], verbs: [get] }]
---
apiVersion: ${RBAC}/v1
kind: RoleBinding
metadata: { name: viewer, namespace: default }
roleRef: { apiGroup: ${RBAC}, kind: ClusterRole, name: viewer }
subjects: [{ kind: ServiceAccount, name: e, namespace: default }]
`,
      ),
      edges: [
        ['ServiceAccount:default/e', 'RoleInScope:*@Namespace:default'],
        ['ServiceAccount:default/e', 'RoleInScope:*@cluster'],
      ],
    },
    {
      name: 'a role aggregated into a bound ClusterRole: rules written into it flow into the bound role',
      manifests: docs(
        AGGREGATED,
        `apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: part, labels: { team: a } }
rules: [{ apiGroups: [${RBAC}], resources: [clusterroles], verbs: [escalate, patch], resourceNames: [part] }]
`,
      ),
      edges: [['ServiceAccount:default/e', 'RoleInScope:*@cluster']],
    },
    {
      name: 'with the bootstrap policy: the clusterrole-aggregation-controller (expected.md 3)',
      manifests: `apiVersion: v1
kind: Namespace
metadata: { name: kube-system }
`,
      edges: [
        [
          'ServiceAccount:kube-system/clusterrole-aggregation-controller',
          'RoleInScope:*@cluster',
          'high',
        ],
      ],
    },
  ],
});

describe('ROLE_ESCALATE evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('ROLE_ESCALATE');
    expect(
      await evidenceOf(
        roleEscalate,
        { manifests },
        'ServiceAccount:default/escalator-yes',
        'RoleInScope:*@cluster',
      ),
    ).toEqual({
      reason:
        'Can escalate and patch ClusterRole:self-escalating, which ClusterRoleBinding:escalator-yes binds to it: it can write any rule into it cluster-wide.',
      permissions: [
        {
          verb: 'escalate',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'clusterroles',
          name: 'self-escalating',
          binding: 'ClusterRoleBinding:escalator-yes',
          role: 'ClusterRole:self-escalating',
          rule: 0,
        },
        {
          verb: 'patch',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'clusterroles',
          name: 'self-escalating',
          binding: 'ClusterRoleBinding:escalator-yes',
          role: 'ClusterRole:self-escalating',
          rule: 0,
        },
      ],
      binding: 'ClusterRoleBinding:escalator-yes',
      role: 'ClusterRole:self-escalating',
      scope: 'cluster',
    });
    expect(
      await evidenceOf(
        roleEscalate,
        { manifests },
        'ServiceAccount:default/ns-escalator-yes',
        'RoleInScope:*@Namespace:default',
      ),
    ).toEqual({
      reason:
        'Can escalate and update Role:default/team, which RoleBinding:default/ns-escalator-yes binds to it: it can write any rule into it in Namespace:default.',
      permissions: [
        {
          verb: 'escalate',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'roles',
          namespace: 'default',
          name: 'team',
          binding: 'RoleBinding:default/ns-escalator-yes',
          role: 'Role:default/team',
          rule: 0,
        },
        {
          verb: 'update',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'roles',
          namespace: 'default',
          name: 'team',
          binding: 'RoleBinding:default/ns-escalator-yes',
          role: 'Role:default/team',
          rule: 0,
        },
      ],
      binding: 'RoleBinding:default/ns-escalator-yes',
      role: 'Role:default/team',
      scope: 'Namespace:default',
    });
    expect(
      await evidenceOf(
        roleEscalate,
        { manifests },
        'ServiceAccount:kube-system/clusterrole-aggregation-controller',
        'RoleInScope:*@cluster',
      ),
    ).toEqual({
      reason:
        'Can escalate and update ClusterRole:system:basic-user, which ClusterRoleBinding:system:basic-user binds to it: it can write any rule into it cluster-wide.',
      permissions: [
        {
          verb: 'escalate',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'clusterroles',
          name: 'system:basic-user',
          binding:
            'ClusterRoleBinding:system:controller:clusterrole-aggregation-controller',
          role: 'ClusterRole:system:controller:clusterrole-aggregation-controller',
          rule: 0,
          assumedDefault: true,
        },
        {
          verb: 'update',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'clusterroles',
          name: 'system:basic-user',
          binding:
            'ClusterRoleBinding:system:controller:clusterrole-aggregation-controller',
          role: 'ClusterRole:system:controller:clusterrole-aggregation-controller',
          rule: 0,
          assumedDefault: true,
        },
      ],
      binding: 'ClusterRoleBinding:system:basic-user',
      role: 'ClusterRole:system:basic-user',
      scope: 'cluster',
      alsoVia: [
        {
          reason:
            'Can escalate and update ClusterRole:system:controller:clusterrole-aggregation-controller, which ClusterRoleBinding:system:controller:clusterrole-aggregation-controller binds to it: it can write any rule into it cluster-wide.',
          permissions: [
            {
              verb: 'escalate',
              apiGroup: 'rbac.authorization.k8s.io',
              resource: 'clusterroles',
              name: 'system:controller:clusterrole-aggregation-controller',
              binding:
                'ClusterRoleBinding:system:controller:clusterrole-aggregation-controller',
              role: 'ClusterRole:system:controller:clusterrole-aggregation-controller',
              rule: 0,
              assumedDefault: true,
            },
            {
              verb: 'update',
              apiGroup: 'rbac.authorization.k8s.io',
              resource: 'clusterroles',
              name: 'system:controller:clusterrole-aggregation-controller',
              binding:
                'ClusterRoleBinding:system:controller:clusterrole-aggregation-controller',
              role: 'ClusterRole:system:controller:clusterrole-aggregation-controller',
              rule: 0,
              assumedDefault: true,
            },
          ],
          binding:
            'ClusterRoleBinding:system:controller:clusterrole-aggregation-controller',
          role: 'ClusterRole:system:controller:clusterrole-aggregation-controller',
          scope: 'cluster',
        },
        {
          reason:
            'Can escalate and update ClusterRole:system:discovery, which ClusterRoleBinding:system:discovery binds to it: it can write any rule into it cluster-wide.',
          permissions: [
            {
              verb: 'escalate',
              apiGroup: 'rbac.authorization.k8s.io',
              resource: 'clusterroles',
              name: 'system:discovery',
              binding:
                'ClusterRoleBinding:system:controller:clusterrole-aggregation-controller',
              role: 'ClusterRole:system:controller:clusterrole-aggregation-controller',
              rule: 0,
              assumedDefault: true,
            },
            {
              verb: 'update',
              apiGroup: 'rbac.authorization.k8s.io',
              resource: 'clusterroles',
              name: 'system:discovery',
              binding:
                'ClusterRoleBinding:system:controller:clusterrole-aggregation-controller',
              role: 'ClusterRole:system:controller:clusterrole-aggregation-controller',
              rule: 0,
              assumedDefault: true,
            },
          ],
          binding: 'ClusterRoleBinding:system:discovery',
          role: 'ClusterRole:system:discovery',
          scope: 'cluster',
        },
        {
          reason:
            'Can escalate and update ClusterRole:system:public-info-viewer, which ClusterRoleBinding:system:public-info-viewer binds to it: it can write any rule into it cluster-wide.',
          permissions: [
            {
              verb: 'escalate',
              apiGroup: 'rbac.authorization.k8s.io',
              resource: 'clusterroles',
              name: 'system:public-info-viewer',
              binding:
                'ClusterRoleBinding:system:controller:clusterrole-aggregation-controller',
              role: 'ClusterRole:system:controller:clusterrole-aggregation-controller',
              rule: 0,
              assumedDefault: true,
            },
            {
              verb: 'update',
              apiGroup: 'rbac.authorization.k8s.io',
              resource: 'clusterroles',
              name: 'system:public-info-viewer',
              binding:
                'ClusterRoleBinding:system:controller:clusterrole-aggregation-controller',
              role: 'ClusterRole:system:controller:clusterrole-aggregation-controller',
              rule: 0,
              assumedDefault: true,
            },
          ],
          binding: 'ClusterRoleBinding:system:public-info-viewer',
          role: 'ClusterRole:system:public-info-viewer',
          scope: 'cluster',
        },
      ],
    });
  });
});

describe('ROLE_ESCALATE through aggregation', () => {
  it('the evidence names the role written and the bound role it is aggregated into', async () => {
    expect(
      await evidenceOf(
        roleEscalate,
        {
          manifests: docs(
            AGGREGATED,
            `apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: part, labels: { team: a } }
rules: [{ apiGroups: [${RBAC}], resources: [clusterroles], verbs: [escalate, patch], resourceNames: [part] }]
`,
          ),
        },
        'ServiceAccount:default/e',
        'RoleInScope:*@cluster',
      ),
    ).toEqual({
      reason:
        'Can escalate and patch ClusterRole:part, which is aggregated into ClusterRole:team-aggregate bound by ClusterRoleBinding:team-aggregate: any rule written into it flows into the bound role.',
      permissions: [
        {
          verb: 'escalate',
          apiGroup: RBAC,
          resource: 'clusterroles',
          name: 'part',
          binding: 'ClusterRoleBinding:team-aggregate',
          role: 'ClusterRole:team-aggregate',
          rule: 0,
        },
        {
          verb: 'patch',
          apiGroup: RBAC,
          resource: 'clusterroles',
          name: 'part',
          binding: 'ClusterRoleBinding:team-aggregate',
          role: 'ClusterRole:team-aggregate',
          rule: 0,
        },
      ],
      binding: 'ClusterRoleBinding:team-aggregate',
      role: 'ClusterRole:part',
      aggregatedInto: 'ClusterRole:team-aggregate',
      scope: 'cluster',
    });
  });

  it('aggregation is followed through an aggregated ClusterRole to the roles that hold rules; any selector matching is enough', async () => {
    const manifests = docs(
      `apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: top }
aggregationRule:
  clusterRoleSelectors: [{ matchLabels: { team: z } }, { matchLabels: { team: a } }]
rules: []
---
apiVersion: ${RBAC}/v1
kind: ClusterRoleBinding
metadata: { name: top }
roleRef: { apiGroup: ${RBAC}, kind: ClusterRole, name: top }
subjects: [{ kind: ServiceAccount, name: e, namespace: default }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: e, namespace: default }
---
apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: middle, labels: { team: a } }
aggregationRule:
  clusterRoleSelectors: [{ matchLabels: { tier: b } }]
rules: []
---
apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: leaf, labels: { tier: b } }
rules: [{ apiGroups: [${RBAC}], resources: [clusterroles], verbs: [escalate, update], resourceNames: [leaf] }]
`,
    );
    const evidence = (await evidenceOf(
      roleEscalate,
      { manifests },
      'ServiceAccount:default/e',
      'RoleInScope:*@cluster',
    )) as Record<string, unknown>;
    expect(evidence).toMatchObject({
      role: 'ClusterRole:leaf',
      aggregatedInto: 'ClusterRole:top',
      reason:
        'Can escalate and update ClusterRole:leaf, which is aggregated into ClusterRole:top bound by ClusterRoleBinding:top: any rule written into it flows into the bound role.',
    });
  });
});
