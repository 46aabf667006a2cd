import { describe, expect, it } from 'vitest';
import { roleBind } from '../../src/rules/role-bind.ts';
import { fixture } from '../manifests.ts';
import { edgesOfKind, graphFor, ruleTester } from '../rule-tester.ts';
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

const role = (
  name: string,
  ns: string,
  rules = '[]',
): string => `apiVersion: ${RBAC}/v1
kind: Role
metadata: { name: ${name}, namespace: ${ns} }
rules: ${rules}
`;
const DEPLOY = `[{ apiGroups: [apps], resources: [deployments], verbs: ['*'] }]`;
const rb = (
  name: string,
  ns: string,
  kind: 'Role' | 'ClusterRole',
  roleName: string,
): string => `apiVersion: ${RBAC}/v1
kind: RoleBinding
metadata: { name: ${name}, namespace: ${ns} }
roleRef: { apiGroup: ${RBAC}, kind: ${kind}, name: ${roleName} }
subjects: [{ kind: Group, name: ${name}-group }]
`;
const rbacRule = (resources: string, verbs: string, names?: string): string =>
  `{ apiGroups: [${RBAC}], resources: [${resources}], verbs: [${verbs}]${names === undefined ? '' : `, resourceNames: [${names}]`} }`;

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
    {
      name: 'create rolebindings + unrestricted bind in the namespace: every Role of it with rules, and the ClusterRoles its RoleBindings use',
      manifests: docs(
        OTHER_NS,
        grant(
          'b',
          'default',
          `[${rbacRule('rolebindings', 'create')}, ${rbacRule('roles, clusterroles', 'bind')}]`,
        ),
        role('deployer', 'default', DEPLOY),
        role('empty', 'default'),
        role('deployer', 'other', DEPLOY),
        crole('reader'),
        rb('readers', 'default', 'ClusterRole', 'reader'),
        crole('other-reader'),
        rb('other-readers', 'other', 'ClusterRole', 'other-reader'),
        crole('unbound'),
      ),
      edges: [
        [
          'ServiceAccount:default/b',
          'RoleInScope:ClusterRole:reader@Namespace:default',
          'high',
        ],
        [
          'ServiceAccount:default/b',
          'RoleInScope:Role:default/deployer@Namespace:default',
          'high',
        ],
      ],
    },
    {
      name: 'rewrite any RoleBinding of the namespace: the roleRefs it can bind; the first binding of a role is named',
      manifests: docs(
        grant(
          'b',
          'default',
          `[${rbacRule('rolebindings', 'update')}, ${rbacRule('roles', 'bind')}]`,
        ),
        role('deployer', 'default', DEPLOY),
        rb('a-first', 'default', 'Role', 'deployer'),
        rb('b-second', 'default', 'Role', 'deployer'),
        crole('reader'),
        rb('readers', 'default', 'ClusterRole', 'reader'),
      ),
      edges: [
        [
          'ServiceAccount:default/b',
          'RoleInScope:Role:default/deployer@Namespace:default',
          'high',
        ],
      ],
    },
    {
      name: 'a holder with */*/* in a namespace gains nothing there; elsewhere it still binds',
      manifests: docs(
        OTHER_NS,
        grant(
          'b',
          'default',
          `[${rbacRule('rolebindings', 'create')}, ${rbacRule('roles', 'bind')}]`,
          'cluster',
        ),
        role(
          'star',
          'other',
          `[{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]`,
        ),
        `apiVersion: ${RBAC}/v1
kind: RoleBinding
metadata: { name: star, namespace: other }
roleRef: { apiGroup: ${RBAC}, kind: Role, name: star }
subjects: [{ kind: ServiceAccount, name: b, namespace: default }]
`,
        role('deployer', 'default', DEPLOY),
        role('deployer', 'other', DEPLOY),
      ),
      edges: [
        [
          'ServiceAccount:default/b',
          'RoleInScope:Role:default/deployer@Namespace:default',
          'high',
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

describe('ROLE_BIND evidence: cluster-wide, and rewriting bindings', () => {
  it('create a ClusterRoleBinding: the reason says cluster-wide, the permissions carry no namespace', async () => {
    expect(
      await evidenceOf(
        roleBind,
        {
          manifests: docs(
            grant(
              'b',
              'default',
              `[${rbacRule('clusterrolebindings', 'create')}, ${rbacRule('clusterroles', 'bind')}]`,
              'cluster',
            ),
            crole('target'),
            crb('t', 'target'),
          ),
        },
        'ServiceAccount:default/b',
        'RoleInScope:ClusterRole:target@cluster',
      ),
    ).toEqual({
      reason:
        'Can create a ClusterRoleBinding and has bind on ClusterRole:target, so it can grant itself ClusterRole:target cluster-wide.',
      permissions: [
        {
          verb: 'create',
          apiGroup: RBAC,
          resource: 'clusterrolebindings',
          binding: 'ClusterRoleBinding:b-binding',
          role: 'ClusterRole:b-role',
          rule: 0,
        },
        {
          verb: 'bind',
          apiGroup: RBAC,
          resource: 'clusterroles',
          name: 'target',
          binding: 'ClusterRoleBinding:b-binding',
          role: 'ClusterRole:b-role',
          rule: 1,
        },
      ],
      role: 'ClusterRole:target',
      scope: 'cluster',
    });
  });

  it('rewrite a ClusterRoleBinding: only those whose roleRef it can bind', async () => {
    const manifests = docs(
      grant(
        'b',
        'default',
        `[${rbacRule('clusterrolebindings', 'update')}, ${rbacRule('clusterroles', 'bind', 'target')}]`,
        'cluster',
      ),
      crole('target'),
      crb('t', 'target'),
      crole('viewer'),
      crb('v', 'viewer'),
    );
    const graph = await graphFor(roleBind, { name: '', manifests });
    expect(edgesOfKind(graph, 'ROLE_BIND')).toEqual([
      [
        'ServiceAccount:default/b',
        'RoleInScope:ClusterRole:target@cluster',
        'high',
      ],
    ]);
    expect(
      await evidenceOf(
        roleBind,
        { manifests },
        'ServiceAccount:default/b',
        'RoleInScope:ClusterRole:target@cluster',
      ),
    ).toEqual({
      reason:
        'Can rewrite the subjects of ClusterRoleBinding t (roleRef ClusterRole:target) and has bind on ClusterRole:target.',
      permissions: [
        {
          verb: 'update',
          apiGroup: RBAC,
          resource: 'clusterrolebindings',
          name: 't',
          binding: 'ClusterRoleBinding:b-binding',
          role: 'ClusterRole:b-role',
          rule: 0,
        },
        {
          verb: 'bind',
          apiGroup: RBAC,
          resource: 'clusterroles',
          name: 'target',
          binding: 'ClusterRoleBinding:b-binding',
          role: 'ClusterRole:b-role',
          rule: 1,
        },
      ],
      role: 'ClusterRole:target',
      scope: 'cluster',
    });
  });

  it('rewrite RoleBindings of a role (all of the namespace, or by name): the first such binding is the one named', async () => {
    for (const names of [undefined, 'a-first, b-second']) {
      const manifests = docs(
        grant(
          'b',
          'default',
          `[${rbacRule('rolebindings', 'update', names)}, ${rbacRule('roles', 'bind')}]`,
        ),
        role('deployer', 'default', DEPLOY),
        rb('a-first', 'default', 'Role', 'deployer'),
        rb('b-second', 'default', 'Role', 'deployer'),
      );
      expect(
        await evidenceOf(
          roleBind,
          { manifests },
          'ServiceAccount:default/b',
          'RoleInScope:Role:default/deployer@Namespace:default',
        ),
      ).toEqual({
        reason:
          'Can rewrite the subjects of RoleBinding a-first (roleRef Role:default/deployer) and has bind on Role:default/deployer.',
        permissions: [
          {
            verb: 'update',
            apiGroup: RBAC,
            resource: 'rolebindings',
            namespace: 'default',
            name: 'a-first',
            binding: 'RoleBinding:default/b-binding',
            role: 'Role:default/b-role',
            rule: 0,
          },
          {
            verb: 'bind',
            apiGroup: RBAC,
            resource: 'roles',
            namespace: 'default',
            name: 'deployer',
            binding: 'RoleBinding:default/b-binding',
            role: 'Role:default/b-role',
            rule: 1,
          },
        ],
        role: 'Role:default/deployer',
        scope: 'Namespace:default',
      });
    }
  });
});

describe('ROLE_BIND target nodes of cluster-admin', () => {
  it('a RoleInScope of cluster-admin is flagged clusterAdmin cluster-wide only: a RoleBinding limits it to its namespace', async () => {
    const graph = await graphFor(roleBind, {
      name: 'the bootstrap policy assumed',
      manifests: grant(
        'b',
        'default',
        `[${rbacRule('rolebindings, clusterrolebindings', 'create')}, ${rbacRule('clusterroles', 'bind')}]`,
        'cluster',
      ),
    });
    for (const [scope, clusterAdmin] of [
      ['cluster', true],
      ['Namespace:default', false],
    ] as const)
      expect(
        graph.getNodeAttributes(
          `RoleInScope:ClusterRole:cluster-admin@${scope}`,
        ),
      ).toEqual({
        kind: 'RoleInScope',
        name: `ClusterRole:cluster-admin@${scope}`,
        props: { role: 'ClusterRole:cluster-admin', scope, clusterAdmin },
      });
  });
});
