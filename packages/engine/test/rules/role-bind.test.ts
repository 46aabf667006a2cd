import { describe, expect, it } from 'vitest';
import { roleBind } from '../../src/rules/role-bind.ts';
import { fixture } from '../manifests.ts';
import { graphFor, ruleTester } from '../rule-tester.ts';
import {
  grant,
  OTHER_NS,
  RBAC,
  terminatedDocs as docs,
} from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';
const crole = (
  name: string,
  rules = `[{ apiGroups: [''], resources: [pods], verbs: [get] }]`,
): string => `apiVersion: ${RBAC}/v1
kind: ClusterRole
metadata: { name: ${name} }
rules: ${rules}
`;
const crb = (name: string, role: string): string => `apiVersion: ${RBAC}/v1
kind: ClusterRoleBinding
metadata: { name: ${name} }
roleRef: { apiGroup: ${RBAC}, kind: ClusterRole, name: ${role} }
subjects: [{ kind: Group, name: ${name}-group }]
`;

ruleTester(roleBind, {
  valid: [
    {
      name: 'create bindings without bind (the "already covers" branch gives nothing new)',
      manifests: docs(
        grant(
          'b',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [rolebindings, clusterrolebindings], verbs: [create, update, patch] }]`,
          'cluster',
        ),
        crole('target'),
        crb('t', 'target'),
      ),
    },
    {
      name: 'bind without a way to write a binding',
      manifests: docs(
        grant(
          'b',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [roles, clusterroles], verbs: [bind, get, list] }]`,
          'cluster',
        ),
        crole('target'),
        crb('t', 'target'),
      ),
    },
    {
      name: 'create clusterrolebindings with bind on roles only (a ClusterRoleBinding references ClusterRoles)',
      manifests: docs(
        grant(
          'b',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [clusterrolebindings], verbs: [create] }, { apiGroups: [${RBAC}], resources: [roles], verbs: [bind] }]`,
          'cluster',
        ),
        crole('target'),
        crb('t', 'target'),
      ),
    },
    {
      name: 'a RoleBinding cannot grant the cluster-scoped clusterrolebindings create',
      manifests: docs(
        grant(
          'b',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [clusterrolebindings], verbs: [create] }, { apiGroups: [${RBAC}], resources: [clusterroles], verbs: [bind] }]`,
        ),
        crole('target'),
        crb('t', 'target'),
      ),
    },
    {
      name: 'roles without rules are never targets',
      manifests: docs(
        grant(
          'b',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [rolebindings], verbs: [create] }, { apiGroups: [${RBAC}], resources: [roles], verbs: [bind], resourceNames: [empty] }]`,
        ),
        `apiVersion: ${RBAC}/v1
kind: Role
metadata: { name: empty, namespace: default }
rules: []
`,
      ),
    },
    {
      name: 'rewriting an existing RoleBinding needs bind on its own roleRef',
      manifests: docs(
        grant(
          'b',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [rolebindings], verbs: [update] }, { apiGroups: [${RBAC}], resources: [roles], verbs: [bind], resourceNames: [other] }]`,
        ),
        `apiVersion: ${RBAC}/v1
kind: Role
metadata: { name: deployer, namespace: default }
rules: [{ apiGroups: [apps], resources: [deployments], verbs: ['*'] }]
---
apiVersion: ${RBAC}/v1
kind: RoleBinding
metadata: { name: deployers, namespace: default }
roleRef: { apiGroup: ${RBAC}, kind: Role, name: deployer }
subjects: [{ kind: Group, name: deployers }]
`,
      ),
    },
    {
      name: 'with the bootstrap policy assumed: nobody but cluster-admin holds bind, and cluster-admin holders are skipped',
      manifests: `apiVersion: v1
kind: ServiceAccount
metadata: { name: app, namespace: default }
`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: named bind in the namespace, a rewritable RoleBinding; no bind, no edge',
      manifests: docs(await fixture('ROLE_BIND')),
      edges: [
        [
          'ServiceAccount:default/binder-yes',
          'RoleInScope:ClusterRole:secret-reader@Namespace:default',
        ],
        [
          'ServiceAccount:default/binder-yes',
          'RoleInScope:Role:default/app-admin@Namespace:default',
        ],
        [
          'ServiceAccount:default/rewriter-yes',
          'RoleInScope:Role:default/deployer@Namespace:default',
        ],
      ],
    },
    {
      name: 'create clusterrolebindings + unrestricted bind: bound ClusterRoles cluster-wide, never the holder’s own grant',
      manifests: docs(
        grant(
          'b',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [clusterrolebindings], verbs: [create] }, { apiGroups: [${RBAC}], resources: [clusterroles], verbs: [bind] }]`,
          'cluster',
        ),
        crole('target'),
        crb('t', 'target'),
        crole('unbound'),
      ),
      edges: [
        ['ServiceAccount:default/b', 'RoleInScope:ClusterRole:target@cluster'],
      ],
    },
    {
      name: 'bind by name reaches an unbound ClusterRole; a RoleBinding keeps it in its namespace',
      manifests: docs(
        OTHER_NS,
        grant(
          'b',
          'default',
          `[{ apiGroups: [${RBAC}], resources: [rolebindings], verbs: [create] }, { apiGroups: [${RBAC}], resources: [clusterroles], verbs: [bind], resourceNames: [unbound] }]`,
        ),
        crole('unbound'),
      ),
      edges: [
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:unbound@Namespace:default',
        ],
      ],
    },
    {
      name: 'with the bootstrap policy: create rolebindings + bind everywhere reaches cluster-admin, admin and edit in every namespace',
      manifests: `${OTHER_NS}---
${grant('b', 'default', `[{ apiGroups: [${RBAC}], resources: [rolebindings], verbs: [create] }, { apiGroups: [${RBAC}], resources: [clusterroles], verbs: [bind] }]`, 'cluster')}`,
      edges: [
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:admin@Namespace:default',
        ],
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:admin@Namespace:kube-system',
        ],
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:admin@Namespace:other',
        ],
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:cluster-admin@Namespace:default',
        ],
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:cluster-admin@Namespace:kube-system',
        ],
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:cluster-admin@Namespace:other',
        ],
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:edit@Namespace:default',
        ],
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:edit@Namespace:kube-system',
        ],
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:edit@Namespace:other',
        ],
      ],
    },
  ],
});

describe('ROLE_BIND evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('ROLE_BIND');
    expect(
      await evidenceOf(
        roleBind,
        { manifests },
        'ServiceAccount:default/binder-yes',
        'RoleInScope:ClusterRole:secret-reader@Namespace:default',
      ),
    ).toEqual({
      reason:
        'Can create a RoleBinding in namespace default and has bind on ClusterRole:secret-reader, so it can grant itself ClusterRole:secret-reader in default.',
      permissions: [
        {
          verb: 'create',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'rolebindings',
          namespace: 'default',
          binding: 'RoleBinding:default/binder-yes',
          role: 'Role:default/binder',
          rule: 0,
        },
        {
          verb: 'bind',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'clusterroles',
          namespace: 'default',
          name: 'secret-reader',
          binding: 'RoleBinding:default/binder-yes',
          role: 'Role:default/binder',
          rule: 2,
        },
      ],
      role: 'ClusterRole:secret-reader',
      scope: 'Namespace:default',
    });
    expect(
      await evidenceOf(
        roleBind,
        { manifests },
        'ServiceAccount:default/rewriter-yes',
        'RoleInScope:Role:default/deployer@Namespace:default',
      ),
    ).toEqual({
      reason:
        'Can rewrite the subjects of RoleBinding deployers (roleRef Role:default/deployer) and has bind on Role:default/deployer.',
      permissions: [
        {
          verb: 'patch',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'rolebindings',
          namespace: 'default',
          name: 'deployers',
          binding: 'RoleBinding:default/rewriter-yes',
          role: 'Role:default/rewriter',
          rule: 0,
        },
        {
          verb: 'bind',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'roles',
          namespace: 'default',
          name: 'deployer',
          binding: 'RoleBinding:default/rewriter-yes',
          role: 'Role:default/rewriter',
          rule: 1,
        },
      ],
      role: 'Role:default/deployer',
      scope: 'Namespace:default',
    });
  });
});

describe('ROLE_BIND target nodes', () => {
  it('a RoleInScope node names the role and the scope it would be granted in', async () => {
    const graph = await graphFor(roleBind, {
      name: 'the fixture',
      manifests: await fixture('ROLE_BIND'),
    });
    expect(
      graph.getNodeAttributes(
        'RoleInScope:ClusterRole:secret-reader@Namespace:default',
      ),
    ).toEqual({
      kind: 'RoleInScope',
      name: 'ClusterRole:secret-reader@Namespace:default',
      props: {
        role: 'ClusterRole:secret-reader',
        scope: 'Namespace:default',
        clusterAdmin: false,
      },
    });
  });
});
