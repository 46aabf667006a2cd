import { describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_POLICY_OBJECTS,
  RbacModel,
  authorize,
  serviceAccountIdentity,
} from '../../src/rbac/index.ts';
import type {
  Identity,
  PolicyRule,
  ResourceRequest,
} from '../../src/rbac/index.ts';
import {
  clusterRole,
  clusterRoleBinding,
  model,
  rbacInput,
  role,
  roleBinding,
} from './fixtures.ts';

const readSecrets: PolicyRule = {
  verbs: ['get'],
  apiGroups: [''],
  resources: ['secrets'],
};
const getSecret = (namespace: string, name = 's'): ResourceRequest => ({
  verb: 'get',
  apiGroup: '',
  resource: 'secrets',
  namespace,
  name,
});
const bindingsOf = (m: RbacModel, identity: Identity) =>
  m.grantsFor(identity).map(g => g.binding);

describe('RbacModel subjects (catalog 4.4)', () => {
  const m = model([
    clusterRole('reader', [readSecrets]),
    clusterRoleBinding('user', 'reader', [{ kind: 'User', name: 'alice' }]),
    clusterRoleBinding('group', 'reader', [{ kind: 'Group', name: 'devs' }]),
    clusterRoleBinding('sa', 'reader', [
      { kind: 'ServiceAccount', name: 'bot', namespace: 'ci' },
    ]),
    clusterRoleBinding('sa-no-ns', 'reader', [
      { kind: 'ServiceAccount', name: 'bot' },
    ]),
    clusterRoleBinding('sa-as-user', 'reader', [
      { kind: 'User', name: 'system:serviceaccount:ci:bot' },
    ]),
    roleBinding('ci', 'local-sa', { kind: 'ClusterRole', name: 'reader' }, [
      { kind: 'ServiceAccount', name: 'bot' },
    ]),
    roleBinding('prod', 'foreign-sa', { kind: 'ClusterRole', name: 'reader' }, [
      { kind: 'ServiceAccount', name: 'bot', namespace: 'ci' },
    ]),
    roleBinding(
      'prod',
      'same-name-other-ns',
      { kind: 'ClusterRole', name: 'reader' },
      [{ kind: 'ServiceAccount', name: 'bot' }],
    ),
  ]);

  it.each<[string, Identity, string[]]>([
    [
      'a User subject by username',
      { user: 'alice', groups: [] },
      ['ClusterRoleBinding:user'],
    ],
    [
      'a Group subject by membership',
      { user: 'bob', groups: ['devs'] },
      ['ClusterRoleBinding:group'],
    ],
    ['a bare group holder', { groups: ['devs'] }, ['ClusterRoleBinding:group']],
    ['a group name is not a username', { user: 'devs', groups: [] }, []],
    [
      'a ServiceAccount: its namespace, the binding namespace when empty, a foreign RoleBinding, its username as a User',
      serviceAccountIdentity('ci', 'bot'),
      [
        'ClusterRoleBinding:sa',
        'ClusterRoleBinding:sa-as-user',
        'RoleBinding:ci/local-sa',
        'RoleBinding:prod/foreign-sa',
      ],
    ],
    [
      'a same-named ServiceAccount of another namespace',
      serviceAccountIdentity('prod', 'bot'),
      ['RoleBinding:prod/same-name-other-ns'],
    ],
    ['an unrelated identity', serviceAccountIdentity('ci', 'other'), []],
  ])('%s', (_title, identity, expected) => {
    expect(bindingsOf(m, identity)).toEqual(expected);
  });

  it('scopes the grant of a cross-namespace ServiceAccount subject to the binding namespace', () => {
    const grants = m
      .grantsFor(serviceAccountIdentity('ci', 'bot'))
      .filter(g => g.namespace !== '');
    expect(grants.map(g => [g.binding, g.namespace])).toEqual([
      ['RoleBinding:ci/local-sa', 'ci'],
      ['RoleBinding:prod/foreign-sa', 'prod'],
    ]);
  });

  it('reports every named subject once, a ServiceAccount username as the ServiceAccount', () => {
    expect([...m.subjectsNamed()]).toEqual([
      { kind: 'Group', name: 'devs' },
      { kind: 'ServiceAccount', name: 'bot', namespace: 'ci' },
      { kind: 'ServiceAccount', name: 'bot', namespace: 'prod' },
      { kind: 'User', name: 'alice' },
    ]);
  });

  it('fills the empty ServiceAccount namespace of a RoleBinding only', () => {
    const byId = new Map([...m.bindings()].map(b => [b.id, b]));
    expect(byId.get('RoleBinding:ci/local-sa')?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'bot', namespace: 'ci' },
    ]);
    expect(byId.get('ClusterRoleBinding:sa-no-ns')?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'bot' },
    ]);
  });
});

describe('RbacModel roles and scope (catalog 4.3, 4.5)', () => {
  const m = model([
    role('dev', 'secrets', [readSecrets]),
    role('ops', 'ops-only', [readSecrets]),
    clusterRole('reader', [readSecrets]),
    clusterRole('node-proxy', [
      { verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'] },
    ]),
    roleBinding('dev', 'to-role', { kind: 'Role', name: 'secrets' }, [
      { kind: 'User', name: 'role-user' },
    ]),
    // Kubescape #2579: a Role of the same name exists only in another namespace.
    roleBinding('ops', 'other-ns-role', { kind: 'Role', name: 'secrets' }, [
      { kind: 'User', name: 'ops-user' },
    ]),
    roleBinding(
      'dev',
      'to-clusterrole',
      { kind: 'ClusterRole', name: 'reader' },
      [{ kind: 'User', name: 'cr-user' }],
    ),
    roleBinding('dev', 'proxy', { kind: 'ClusterRole', name: 'node-proxy' }, [
      { kind: 'User', name: 'proxy-user' },
    ]),
    clusterRoleBinding('missing', 'no-such-role', [
      { kind: 'User', name: 'ghost' },
    ]),
    clusterRoleBinding(
      'crb-to-role',
      'secrets',
      [{ kind: 'User', name: 'ghost' }],
      'Role',
    ),
  ]);
  const user = (name: string): Identity => ({ user: name, groups: [] });

  it('grants a Role of the binding namespace there only', () => {
    const grants = m.grantsFor(user('role-user'));
    expect(authorize(grants, getSecret('dev'))?.grant.role).toBe(
      'Role:dev/secrets',
    );
    expect(authorize(grants, getSecret('ops'))).toBeUndefined();
  });

  it('never resolves a Role ref to a same-named Role of another namespace', () => {
    expect(m.grantsFor(user('ops-user'))).toEqual([]);
    const binding = [...m.bindings()].find(
      b => b.id === 'RoleBinding:ops/other-ns-role',
    );
    expect(binding).toMatchObject({
      role: 'Role:ops/secrets',
      roleExists: false,
      namespace: 'ops',
    });
  });

  it('grants a ClusterRole through a RoleBinding in that namespace only', () => {
    const grants = m.grantsFor(user('cr-user'));
    expect(grants.map(g => [g.role, g.namespace])).toEqual([
      ['ClusterRole:reader', 'dev'],
    ]);
    expect(authorize(grants, getSecret('dev'))).toBeDefined();
    expect(authorize(grants, getSecret('kube-system'))).toBeUndefined();
  });

  it('never grants a cluster-scoped rule through a RoleBinding', () => {
    const grants = m.grantsFor(user('proxy-user'));
    const proxy = {
      verb: 'get',
      apiGroup: '',
      resource: 'nodes',
      subresource: 'proxy',
      name: 'n1',
    };
    expect(authorize(grants, { ...proxy, namespace: '' })).toBeUndefined();
  });

  it('lets a missing role grant nothing but still reports the binding', () => {
    expect(m.grantsFor(user('ghost'))).toEqual([]);
    const missing = [...m.bindings()]
      .filter(b => !b.roleExists)
      .map(b => [b.id, b.role]);
    expect(missing).toEqual([
      ['ClusterRoleBinding:crb-to-role', 'Role:secrets'],
      ['ClusterRoleBinding:missing', 'ClusterRole:no-such-role'],
      ['RoleBinding:ops/other-ns-role', 'Role:ops/secrets'],
    ]);
  });

  it('lists bindings and roles by id, ClusterRoleBindings first', () => {
    expect([...m.bindings()].map(b => b.id)).toEqual([
      'ClusterRoleBinding:crb-to-role',
      'ClusterRoleBinding:missing',
      'RoleBinding:dev/proxy',
      'RoleBinding:dev/to-clusterrole',
      'RoleBinding:dev/to-role',
      'RoleBinding:ops/other-ns-role',
    ]);
    expect([...m.roles()].map(r => r.id)).toEqual([
      'ClusterRole:node-proxy',
      'ClusterRole:reader',
      'Role:dev/secrets',
      'Role:ops/ops-only',
    ]);
  });

  it('orders grants deterministically: ClusterRoleBindings, then RoleBindings, by id', () => {
    const m2 = model([
      clusterRole('reader', [readSecrets]),
      roleBinding('a', 'z', { kind: 'ClusterRole', name: 'reader' }, [
        { kind: 'Group', name: 'g' },
      ]),
      clusterRoleBinding('y', 'reader', [{ kind: 'User', name: 'u' }]),
      clusterRoleBinding('x', 'reader', [
        { kind: 'Group', name: 'g' },
        { kind: 'User', name: 'u' },
      ]),
    ]);
    expect(bindingsOf(m2, { user: 'u', groups: ['g'] })).toEqual([
      'ClusterRoleBinding:x',
      'ClusterRoleBinding:y',
      'RoleBinding:a/z',
    ]);
    expect(
      authorize(m2.grantsFor({ user: 'u', groups: ['g'] }), getSecret('a'))
        ?.grant.binding,
    ).toBe('ClusterRoleBinding:x');
  });

  it('puts a Role or RoleBinding without a namespace into default, as kubectl does', () => {
    const noNs = { ...role('x', 'r', [readSecrets]), metadata: { name: 'r' } };
    const rbNoNs = {
      ...roleBinding('x', 'rb', { kind: 'Role', name: 'r' }, [
        { kind: 'User', name: 'u' },
      ]),
      metadata: { name: 'rb' },
    };
    const m2 = model([noNs, rbNoNs]);
    expect(
      m2.grantsFor(user('u')).map(g => [g.binding, g.role, g.namespace]),
    ).toEqual([['RoleBinding:default/rb', 'Role:default/r', 'default']]);
  });
});

describe('RbacModel.grantOf (RoleInScope, catalog 1.2)', () => {
  const m = model([
    role('dev', 'deployer', [readSecrets]),
    clusterRole('reader', [readSecrets]),
  ]);

  it.each<[string, 'cluster' | `Namespace:${string}`, string | undefined]>([
    ['ClusterRole:reader', 'cluster', ''],
    ['ClusterRole:reader', 'Namespace:dev', 'dev'],
    ['Role:dev/deployer', 'Namespace:dev', 'dev'],
    ['Role:dev/deployer', 'Namespace:prod', undefined],
    ['Role:dev/deployer', 'cluster', undefined],
    ['ClusterRole:missing', 'cluster', undefined],
    ['*', 'cluster', ''],
    ['*', 'Namespace:dev', 'dev'],
  ])('%s @ %s', (roleId, scope, namespace) => {
    const g = m.grantOf(roleId, scope);
    expect(g?.namespace).toBe(namespace);
    if (g !== undefined) {
      expect(g.binding).toBe(`RoleInScope:${roleId}@${scope}`);
      expect(g.role).toBe(roleId);
      expect(m.grantOf(roleId, scope)).toBe(g);
    }
  });

  it('gives the role its rules in the scope, and * every permission', () => {
    const inDev = m.grantOf('ClusterRole:reader', 'Namespace:dev');
    expect(inDev && authorize([inDev], getSecret('dev'))).toBeDefined();
    expect(inDev && authorize([inDev], getSecret('prod'))).toBeUndefined();
    const star = m.grantOf('*', 'cluster');
    const bind = {
      verb: 'bind',
      apiGroup: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
      namespace: '',
      name: 'cluster-admin',
    };
    expect(star && authorize([star], bind)).toBeDefined();
  });
});

describe('RbacModel aggregation (catalog 4.5)', () => {
  const selectorFor = (label: string) => ({
    clusterRoleSelectors: [{ matchLabels: { [label]: 'true' } }],
  });
  const rule = (resource: string): PolicyRule => ({
    verbs: ['get'],
    apiGroups: [''],
    resources: [resource],
  });
  const resources = (m: RbacModel, id: string) =>
    m.effectiveRules(id)?.map(r => r.resources?.[0]);

  it('resolves chains to a fixpoint and replaces the own rules', () => {
    const m = model([
      // Declared top-down so a single pass in input order would miss levels.
      clusterRole('top', [rule('ignored')], {
        aggregationRule: selectorFor('to-top'),
      }),
      clusterRole('middle', null, {
        labels: { 'to-top': 'true' },
        aggregationRule: selectorFor('to-middle'),
      }),
      clusterRole('bottom', null, {
        labels: { 'to-middle': 'true' },
        aggregationRule: selectorFor('to-bottom'),
      }),
      clusterRole('b-part', [rule('secrets')], {
        labels: { 'to-bottom': 'true' },
      }),
      clusterRole('m-part', [rule('pods'), rule('secrets')], {
        labels: { 'to-middle': 'true' },
      }),
      clusterRole('t-part', [rule('nodes')], { labels: { 'to-top': 'true' } }),
    ]);
    expect(resources(m, 'ClusterRole:bottom')).toEqual(['secrets']);
    // Selected roles by name: bottom (secrets), m-part (pods, secrets once).
    expect(resources(m, 'ClusterRole:middle')).toEqual(['secrets', 'pods']);
    expect(resources(m, 'ClusterRole:top')).toEqual([
      'secrets',
      'pods',
      'nodes',
    ]);
  });

  it('reaches the least fixpoint through a cycle', () => {
    const m = model([
      clusterRole('a', [rule('a-own')], {
        labels: { 'to-b': 'true' },
        aggregationRule: selectorFor('to-a'),
      }),
      clusterRole('b', [rule('b-own')], {
        labels: { 'to-a': 'true' },
        aggregationRule: selectorFor('to-b'),
      }),
      clusterRole('leaf', [rule('leaf')], { labels: { 'to-a': 'true' } }),
    ]);
    expect(resources(m, 'ClusterRole:a')).toEqual(['leaf']);
    expect(resources(m, 'ClusterRole:b')).toEqual(['leaf']);
  });

  it.each<[string, unknown, string[]]>([
    [
      'In',
      {
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['x', 'y'] }],
      },
      ['x', 'y'],
    ],
    [
      'NotIn (an absent key matches)',
      { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] },
      ['none', 'y'],
    ],
    [
      'Exists',
      { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      ['x', 'y'],
    ],
    [
      'DoesNotExist',
      { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
      ['none'],
    ],
    [
      'matchLabels and matchExpressions are ANDed',
      {
        matchLabels: { tier: 'x' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['y'] }],
      },
      [],
    ],
    ['an empty selector selects every other role', {}, ['none', 'x', 'y']],
    [
      'an unknown operator selects nothing',
      { matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] },
      [],
    ],
    [
      'In without values selects nothing',
      { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] },
      [],
    ],
  ])('selects by %s', (_title, selector, expected) => {
    const m = model([
      clusterRole('agg', null, {
        aggregationRule: { clusterRoleSelectors: [selector] },
      }),
      clusterRole('x', [rule('x')], { labels: { tier: 'x' } }),
      clusterRole('y', [rule('y')], { labels: { tier: 'y' } }),
      clusterRole('none', [rule('none')]),
    ]);
    expect(resources(m, 'ClusterRole:agg')).toEqual(expected);
  });

  it('keeps the collected rules of input roles when trusting live collection', () => {
    const objects = [
      clusterRole('agg', [rule('collected')], {
        aggregationRule: selectorFor('to-agg'),
      }),
      clusterRole('part', [rule('part')], { labels: { 'to-agg': 'true' } }),
    ];
    const trusted = RbacModel.fromObjects(rbacInput(objects), {
      assumeDefaults: false,
      trustCollectedAggregation: true,
    });
    expect(resources(trusted, 'ClusterRole:agg')).toEqual(['collected']);
    expect(resources(model(objects), 'ClusterRole:agg')).toEqual(['part']);
  });

  it('keeps own rules when aggregationRule has no selectors', () => {
    const m = model([
      clusterRole('plain', [rule('own')], {
        aggregationRule: { clusterRoleSelectors: [] },
      }),
    ]);
    expect(resources(m, 'ClusterRole:plain')).toEqual(['own']);
  });

  it('grants the aggregated rules through bindings', () => {
    const m = model([
      clusterRole('agg', null, { aggregationRule: selectorFor('to-agg') }),
      clusterRole('part', [readSecrets], { labels: { 'to-agg': 'true' } }),
      roleBinding('dev', 'rb', { kind: 'ClusterRole', name: 'agg' }, [
        { kind: 'User', name: 'u' },
      ]),
    ]);
    expect(
      authorize(m.grantsFor({ user: 'u', groups: [] }), getSecret('dev'))?.grant
        .role,
    ).toBe('ClusterRole:agg');
  });
});

describe('RbacModel assumed defaults (catalog 4.5)', () => {
  const custom = [
    clusterRole('custom', [readSecrets]),
    clusterRoleBinding('custom', 'custom', [{ kind: 'User', name: 'u' }]),
  ];
  const masters: Identity = { groups: ['system:masters'] };

  it.each<[string, typeof custom, boolean]>([
    ['empty input', [], true],
    ['only custom RBAC', custom, true],
    // Issue #17 point 3: a few built-ins in the input (a monitoring stack's
    // system:aggregated-metrics-reader) say nothing about the rest: each
    // missing one is still assumed. (Before, any system: ClusterRole or
    // binding switched every default off.)
    [
      'ClusterRole cluster-admin present',
      [...custom, clusterRole('cluster-admin', [])],
      true,
    ],
    ['a system: ClusterRole present', [clusterRole('system:foo', [])], true],
    [
      'a system: ClusterRoleBinding present',
      [clusterRoleBinding('system:foo', 'custom', [])],
      true,
    ],
    ['a system: Role present', [role('kube-system', 'system:foo', [])], true],
    // Both cluster-admin objects: a whole cluster, whose missing built-ins were deleted.
    [
      'ClusterRole and ClusterRoleBinding cluster-admin present',
      [
        clusterRole('cluster-admin', [readSecrets]),
        clusterRoleBinding('cluster-admin', 'cluster-admin', [
          { kind: 'Group', name: 'system:masters' },
        ]),
      ],
      false,
    ],
  ])('auto: %s -> %s', (_title, objects, expected) => {
    const m = model(objects, { assumeDefaults: 'auto' });
    expect(m.assumedDefaults).toBe(expected);
  });

  it('auto: assumes each missing built-in role and binding, keeping those in the input', () => {
    const aggregated = clusterRole('system:aggregated-metrics-reader', [
      readSecrets,
    ]);
    const m = model([aggregated], { assumeDefaults: 'auto' });
    const byId = new Map([...m.roles()].map(r => [r.id, r]));
    expect(byId.get('ClusterRole:system:auth-delegator')?.assumedDefault).toBe(
      true,
    );
    expect(
      byId.get('ClusterRole:system:aggregated-metrics-reader')?.assumedDefault,
    ).toBe(false);
    expect(m.grantsFor(masters).map(g => g.binding)).toEqual([
      'ClusterRoleBinding:cluster-admin',
    ]);
    const total = m.assumedCount;
    expect(model([], { assumeDefaults: 'auto' }).assumedCount).toBe(total);
  });

  it('follows an explicit choice', () => {
    expect(model(custom, { assumeDefaults: true }).assumedDefaults).toBe(true);
    expect(model([], { assumeDefaults: false }).assumedDefaults).toBe(false);
    expect(model([], { assumeDefaults: false }).grantsFor(masters)).toEqual([]);
  });

  it('marks assumed grants, roles and bindings', () => {
    const m = model(custom, { assumeDefaults: true });
    expect(
      m.grantsFor(masters).map(g => [g.binding, g.assumedDefault]),
    ).toEqual([['ClusterRoleBinding:cluster-admin', true]]);
    expect(
      m.grantsFor({ user: 'u', groups: [] }).map(g => g.assumedDefault),
    ).toEqual([false]);
    const byId = new Map([...m.roles()].map(r => [r.id, r]));
    expect(byId.get('ClusterRole:custom')?.assumedDefault).toBe(false);
    expect(byId.get('ClusterRole:admin')?.assumedDefault).toBe(true);
  });

  it('lets an input object replace the default with the same id', () => {
    const narrowed = clusterRole('cluster-admin', [readSecrets]);
    const m = model([narrowed], { assumeDefaults: true });
    expect(m.effectiveRules('ClusterRole:cluster-admin')).toEqual([
      readSecrets,
    ]);
    const [g] = m.grantsFor(masters);
    expect(g).toMatchObject({
      binding: 'ClusterRoleBinding:cluster-admin',
      assumedDefault: true,
      rules: [readSecrets],
    });
  });
});

describe('RbacModel on input in any order (catalog 4.5)', () => {
  it('lists roles and bindings by id whatever the input order', () => {
    const m = model([
      roleBinding('ops', 'b', { kind: 'Role', name: 'r' }, []),
      clusterRole('zeta', []),
      role('dev', 'r', []),
      clusterRoleBinding('z', 'zeta', []),
      clusterRole('alpha', []),
      roleBinding('dev', 'a', { kind: 'Role', name: 'r' }, []),
      clusterRoleBinding('a', 'alpha', []),
    ]);
    expect([...m.roles()].map(r => r.id)).toEqual([
      'ClusterRole:alpha',
      'ClusterRole:zeta',
      'Role:dev/r',
    ]);
    expect([...m.bindings()].map(b => b.id)).toEqual([
      'ClusterRoleBinding:a',
      'ClusterRoleBinding:z',
      'RoleBinding:dev/a',
      'RoleBinding:ops/b',
    ]);
  });

  it('puts a Role with an empty namespace into default too', () => {
    const empty = { ...role('x', 'r', [readSecrets]) };
    const m = model([{ ...empty, metadata: { name: 'r', namespace: '' } }]);
    expect([...m.roles()].map(r => r.id)).toEqual(['Role:default/r']);
  });
});

describe('RbacModel assumed defaults, counted and replaced', () => {
  it('counts every built-in object it assumes', () => {
    const all = model([], { assumeDefaults: true }).assumedCount;
    expect(all).toBe(BOOTSTRAP_POLICY_OBJECTS.length);
    const oneLess = model([clusterRole('cluster-admin', [])], {
      assumeDefaults: true,
    });
    expect(oneLess.assumedCount).toBe(all - 1);
    const twoLess = model(
      [
        clusterRole('cluster-admin', []),
        clusterRoleBinding('cluster-admin', 'cluster-admin', []),
      ],
      { assumeDefaults: true },
    );
    expect(twoLess.assumedCount).toBe(all - 2);
  });

  it('lets an input binding replace the default binding with the same id', () => {
    const m = model(
      [
        clusterRoleBinding('cluster-admin', 'cluster-admin', [
          { kind: 'Group', name: 'admins' },
        ]),
      ],
      { assumeDefaults: true },
    );
    expect(m.grantsFor({ groups: ['system:masters'] })).toEqual([]);
    expect(
      m
        .grantsFor({ groups: ['admins'] })
        .map(g => [g.binding, g.assumedDefault]),
    ).toEqual([['ClusterRoleBinding:cluster-admin', false]]);
  });

  it('takes input with both cluster-admin objects and other bindings for a whole cluster', () => {
    const m = model(
      [
        clusterRole('cluster-admin', []),
        clusterRoleBinding('cluster-admin', 'cluster-admin', []),
        clusterRoleBinding('another', 'cluster-admin', []),
        clusterRole('another', []),
      ],
      { assumeDefaults: 'auto' },
    );
    expect(m.assumedDefaults).toBe(false);
    expect(m.assumedCount).toBe(0);
  });
});
