// Roles and bindings as hand-written manifests have them, mistakes included:
// the RBAC model reads them defensively (a malformed entry is dropped, never
// widened into a grant) and names the identities a binding really names.
// Cases killed surviving mutants of policy-rules.ts and subjects.ts
// (docs/testing.md).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import {
  authorize,
  authorizeNonResource,
  parseServiceAccountUsername,
  serviceAccountIdentity,
} from '../../src/rbac/index.ts';
import {
  RBAC_API,
  clusterRole,
  clusterRoleBinding,
  model,
  roleBinding,
} from './fixtures.ts';

/** A ClusterRole whose `rules` are taken as written, however malformed. */
function rawRole(name: string, rules: unknown): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: 'ClusterRole',
    metadata: { name },
    rules,
  };
}

/** A binding whose `subjects` are taken as written. */
function rawBinding(
  name: string,
  subjects: unknown,
  namespace?: string,
): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: namespace === undefined ? 'ClusterRoleBinding' : 'RoleBinding',
    metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'reader',
    },
    subjects,
  };
}

const readConfigMaps = {
  verbs: ['get'],
  apiGroups: [''],
  resources: ['configmaps'],
};

describe('rules of a hand-written role', () => {
  it.each([
    ['rules: null (as bootstrap admin has it)', null, []],
    ['rules that are not a list', 'get configmaps', []],
    ['entries that are not objects', [null, 'get', ['get'], 7], []],
    [
      'non-string entries inside the lists',
      [
        {
          ...readConfigMaps,
          verbs: ['get', 7],
          resources: [null, 'configmaps'],
        },
      ],
      [readConfigMaps],
    ],
    [
      'lists written as a single string',
      [{ verbs: 'get', apiGroups: '', resources: 'configmaps' }],
      [{ verbs: [] }],
    ],
    [
      'an empty resourceNames (every name)',
      [{ ...readConfigMaps, resourceNames: [] }],
      [readConfigMaps],
    ],
    [
      'resourceNames and nonResourceURLs kept',
      [
        { ...readConfigMaps, resourceNames: ['a'] },
        { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      ],
      [
        { ...readConfigMaps, resourceNames: ['a'] },
        { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      ],
    ],
  ] as const)('%s', (_title, rules, expected) => {
    const m = model([rawRole('reader', rules)]);
    expect(m.effectiveRules('ClusterRole:reader')).toEqual(expected);
  });

  it('a rule whose lists are single strings allows nothing', () => {
    const m = model([
      rawRole('reader', [
        { verbs: 'get', apiGroups: '', resources: 'configmaps' },
      ]),
      clusterRoleBinding('bind', 'reader', [{ kind: 'Group', name: 'devs' }]),
    ]);
    const grants = m.grantsFor({ groups: ['devs'] });
    expect(grants).toHaveLength(1);
    expect(
      authorize(grants, {
        verb: 'get',
        apiGroup: '',
        resource: 'configmaps',
        namespace: 'dev',
      }),
    ).toBeUndefined();
  });
});

describe('subjects of a hand-written binding', () => {
  const reader = clusterRole('reader', [readConfigMaps]);
  const named = (objects: readonly KubeObject[]) => [
    ...model([reader, ...objects]).subjectsNamed(),
  ];

  it('drops subjects that are not objects or lack a string kind or name', () => {
    expect(
      named([
        rawBinding('malformed', [
          null,
          'alice',
          ['User', 'alice'],
          { kind: 'User' },
          { kind: 7, name: 'alice' },
          { kind: 'User', name: 7 },
          { kind: 'User', name: 'bob' },
        ]),
        rawBinding('not-a-list', { kind: 'User', name: 'carol' }),
        rawBinding('null', null),
      ]),
    ).toEqual([{ kind: 'User', name: 'bob' }]);
  });

  it('fills a ServiceAccount namespace from the RoleBinding; in a ClusterRoleBinding it names nobody', () => {
    expect(
      named([
        rawBinding('rb', [{ kind: 'ServiceAccount', name: 'builder' }], 'dev'),
        rawBinding(
          'rb-other',
          [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }],
          'dev',
        ),
        rawBinding('crb', [{ kind: 'ServiceAccount', name: 'orphan' }]),
        rawBinding('crb-bad-ns', [
          { kind: 'ServiceAccount', name: 'orphan2', namespace: 7 },
        ]),
        rawBinding('unknown-kind', [{ kind: 'Robot', name: 'r2' }]),
      ]),
    ).toEqual([
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' },
      { kind: 'ServiceAccount', name: 'builder', namespace: 'dev' },
    ]);
    const m = model([
      reader,
      rawBinding('rb', [{ kind: 'ServiceAccount', name: 'builder' }], 'dev'),
      rawBinding('crb', [{ kind: 'ServiceAccount', name: 'builder' }]),
    ]);
    expect(
      m.grantsFor(serviceAccountIdentity('dev', 'builder')).map(g => g.binding),
    ).toEqual(['RoleBinding:dev/rb']);
    // Not even a namespace literally named `undefined`.
    expect(m.grantsFor(serviceAccountIdentity('undefined', 'builder'))).toEqual(
      [],
    );
    // As written: only a ServiceAccount takes the RoleBinding's namespace.
    const people = model([
      reader,
      rawBinding(
        'people',
        [
          { kind: 'User', name: 'alice' },
          { kind: 'Group', name: 'devs' },
          { kind: 'ServiceAccount', name: 'builder' },
        ],
        'dev',
      ),
    ]);
    expect([...people.bindings()].map(b => b.subjects)).toEqual([
      [
        { kind: 'User', name: 'alice' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'builder', namespace: 'dev' },
      ],
    ]);
  });

  it('a User named system:serviceaccount:<ns>:<name> is that ServiceAccount', () => {
    expect(
      named([
        roleBinding('dev', 'as-user', { kind: 'ClusterRole', name: 'reader' }, [
          { kind: 'User', name: 'system:serviceaccount:dev:builder' },
          { kind: 'User', name: 'system:serviceaccount:dev' },
          { kind: 'Group', name: 'system:serviceaccounts:dev' },
        ]),
      ]),
    ).toEqual([
      { kind: 'Group', name: 'system:serviceaccounts:dev' },
      { kind: 'ServiceAccount', name: 'builder', namespace: 'dev' },
      { kind: 'User', name: 'system:serviceaccount:dev' },
    ]);
  });
});

describe('parseServiceAccountUsername', () => {
  it.each([
    [
      'system:serviceaccount:dev:builder',
      { namespace: 'dev', name: 'builder' },
    ],
    ['system:serviceaccount:dev', undefined],
    ['system:serviceaccount:dev:a:b', undefined],
    ['system:serviceaccount::builder', undefined],
    ['system:serviceaccount:dev:', undefined],
    ['system:serviceaccount:', undefined],
    ['system:serviceaccounts:dev:builder', undefined],
    ['xsystem:serviceaccount:dev:builder', undefined],
    ['system:serviceaccounT:dev:builder', undefined],
    ['alice', undefined],
  ])('%s', (username, expected) => {
    expect(parseServiceAccountUsername(username)).toEqual(expected);
  });
});

describe('roles and bindings a user might write by mistake', () => {
  const reader = clusterRole('reader', [readConfigMaps]);

  it.each([
    ['an aggregationRule that is not an object', 'all of them'],
    [
      'clusterRoleSelectors that are not a list',
      { clusterRoleSelectors: 'all' },
    ],
    ['an aggregationRule that is a list', [{ matchLabels: {} }]],
  ])('%s keeps the role as written', (_title, aggregationRule) => {
    const m = model([
      clusterRole('odd', [readConfigMaps], { aggregationRule }),
      clusterRole('other', [
        { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      ]),
    ]);
    expect(m.effectiveRules('ClusterRole:odd')).toEqual([readConfigMaps]);
  });

  it('never aggregates a namespaced Role, whatever its labels', () => {
    const labelled: KubeObject = {
      apiVersion: RBAC_API,
      kind: 'Role',
      metadata: { name: 'local', namespace: 'dev', labels: { agg: 'yes' } },
      rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    };
    const m = model([
      clusterRole('agg', [], {
        aggregationRule: {
          clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }],
        },
      }),
      labelled,
    ]);
    expect(m.effectiveRules('ClusterRole:agg')).toEqual([]);
  });

  it.each([
    ['no roleRef', undefined],
    ['a null roleRef', null],
    ['a roleRef that is a list', ['ClusterRole', 'reader']],
    ['a roleRef whose kind and name are not strings', { kind: 1, name: 2 }],
  ])('a binding with %s grants nothing', (_title, roleRef) => {
    const binding: KubeObject = {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'odd' },
      ...(roleRef === undefined ? {} : { roleRef }),
      subjects: [{ kind: 'Group', name: 'devs' }],
    };
    const m = model([reader, binding]);
    expect(m.grantsFor({ groups: ['devs'] })).toEqual([]);
    expect([...m.bindings()].map(b => b.roleExists)).toEqual([false]);
  });

  it('a group holder is no User, not even one named "undefined"', () => {
    const m = model([
      reader,
      clusterRoleBinding('to-user', 'reader', [
        { kind: 'User', name: 'undefined' },
      ]),
    ]);
    expect(m.grantsFor({ groups: ['devs'] })).toEqual([]);
    expect(m.grantsFor({ user: 'undefined', groups: [] })).toHaveLength(1);
  });

  it('a role the input lacks has no rules', () => {
    expect(
      model([reader]).effectiveRules('ClusterRole:missing'),
    ).toBeUndefined();
  });
});

describe('RoleInScope:* (catalog 1.2)', () => {
  it('allows every non-resource URL cluster-wide and is not an assumed default', () => {
    const star = model([]).grantOf('*', 'cluster');
    expect(star?.assumedDefault).toBe(false);
    expect(star && authorizeNonResource([star], 'get', '/healthz')).toEqual({
      grant: star,
      ruleIndex: 1,
    });
    expect(
      star && authorizeNonResource([star], 'post', '/logs/x'),
    ).toBeDefined();
  });
});
