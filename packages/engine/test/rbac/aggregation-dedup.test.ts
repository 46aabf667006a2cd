// Surviving mutants of the first mutation run (docs/testing.md) that a user
// would notice, killed here: aggregated ClusterRoles keep rules that differ
// only in resourceNames or nonResourceURLs (dropping one denies what the API
// server allows, as the live differential shows), take source rules in the
// controller's by-name order, ignore roles without selectors; and a
// ServiceAccount is a member of the groups RBAC bindings name for it.
import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../src/rbac/index.ts';
import { authorize, serviceAccountIdentity } from '../../src/rbac/index.ts';
import {
  clusterRole,
  clusterRoleBinding,
  model,
  roleBinding,
} from './fixtures.ts';

const get = (names?: string[]): PolicyRule => ({
  verbs: ['get'],
  apiGroups: [''],
  resources: ['configmaps'],
  ...(names === undefined ? {} : { resourceNames: names }),
});
const aggregator = clusterRole('agg', [], {
  aggregationRule: { clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }] },
});
const request = (name?: string) => ({
  verb: 'get',
  apiGroup: '',
  resource: 'configmaps',
  namespace: 'dev',
  ...(name === undefined ? {} : { name }),
});

describe('ClusterRole aggregation keeps every distinct rule', () => {
  it.each([
    [
      'a named rule before an unnamed one',
      [
        ['a', get(['n1'])],
        ['b', get()],
      ],
    ],
    [
      'rules naming different objects',
      [
        ['a', get(['n1'])],
        ['b', get(['n2'])],
      ],
    ],
  ] as const)('%s', (_title, sources) => {
    const m = model([
      aggregator,
      ...sources.map(([name, rule]) =>
        clusterRole(name, [rule], { labels: { agg: 'yes' } }),
      ),
    ]);
    const rules = m.effectiveRules('ClusterRole:agg') ?? [];
    // In the controller's order: sources by name, each rule once.
    expect(rules).toEqual(sources.map(([, rule]) => rule));
    const grants = m.grantOf('ClusterRole:agg', 'Namespace:dev');
    const last = sources[1][1];
    const name = last.resourceNames?.[0] ?? 'anything';
    expect(grants && authorize([grants], request(name))).toBeDefined();
  });

  it('keeps non-resource rules that differ only in their URLs, and drops exact duplicates', () => {
    const url = (path: string): PolicyRule => ({
      verbs: ['get'],
      nonResourceURLs: [path],
    });
    const m = model([
      aggregator,
      clusterRole('a', [url('/healthz'), get(['n1'])], {
        labels: { agg: 'yes' },
      }),
      clusterRole('b', [url('/metrics'), get(['n1'])], {
        labels: { agg: 'yes' },
      }),
    ]);
    expect(m.effectiveRules('ClusterRole:agg')).toEqual([
      url('/healthz'),
      get(['n1']),
      url('/metrics'),
    ]);
  });

  it.each(['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'])(
    'treats missing and empty %s alike when de-duplicating',
    list => {
      const bare: PolicyRule = { verbs: ['get'], resources: ['configmaps'] };
      const { [list as keyof PolicyRule]: _dropped, ...without } = bare;
      const missing = without as PolicyRule;
      const empty = { ...missing, [list]: [] };
      const m = model([
        aggregator,
        clusterRole('a', [missing], { labels: { agg: 'yes' } }),
        clusterRole('b', [empty], { labels: { agg: 'yes' } }),
      ]);
      expect(m.effectiveRules('ClusterRole:agg')).toEqual([missing]);
    },
  );

  it('takes the source roles by name, whatever the input order', () => {
    const m = model([
      clusterRole('zeta', [get(['z'])], { labels: { agg: 'yes' } }),
      clusterRole('beta', [get(['b'])], { labels: { agg: 'yes' } }),
      aggregator,
      clusterRole('alpha', [get(['a'])], { labels: { agg: 'yes' } }),
    ]);
    expect(m.effectiveRules('ClusterRole:agg')).toEqual([
      get(['a']),
      get(['b']),
      get(['z']),
    ]);
  });

  it('leaves a role with an empty selector list or none as it is written', () => {
    const own = get(['mine']);
    const m = model([
      clusterRole('plain', [own], { labels: { agg: 'yes' } }),
      clusterRole('empty', [own], {
        aggregationRule: { clusterRoleSelectors: [] },
      }),
      aggregator,
    ]);
    expect(m.effectiveRules('ClusterRole:plain')).toEqual([own]);
    expect(m.effectiveRules('ClusterRole:empty')).toEqual([own]);
    // An aggregating role never selects itself, even when its labels match.
    const self = clusterRole('self', [get(['x'])], {
      labels: { agg: 'yes' },
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { agg: 'yes' } }],
      },
    });
    const withSelf = model([
      self,
      clusterRole('src', [own], { labels: { agg: 'yes' } }),
    ]);
    expect(withSelf.effectiveRules('ClusterRole:self')).toEqual([own]);
  });
});

describe('ServiceAccount group membership', () => {
  it('is system:serviceaccounts, system:serviceaccounts:<ns> and system:authenticated', () => {
    expect(serviceAccountIdentity('dev', 'builder')).toEqual({
      user: 'system:serviceaccount:dev:builder',
      groups: [
        'system:serviceaccounts',
        'system:serviceaccounts:dev',
        'system:authenticated',
      ],
    });
  });

  it.each([
    'system:serviceaccounts',
    'system:serviceaccounts:dev',
    'system:authenticated',
  ])('a binding to Group %s grants every ServiceAccount it covers', group => {
    const m = model([
      clusterRole('reader', [get()]),
      clusterRoleBinding('to-group', 'reader', [
        { kind: 'Group', name: group },
      ]),
      roleBinding('dev', 'unrelated', { kind: 'ClusterRole', name: 'reader' }, [
        { kind: 'Group', name: 'system:serviceaccounts:other' },
      ]),
    ]);
    const grants = m.grantsFor(serviceAccountIdentity('dev', 'builder'));
    expect(grants.map(g => g.binding)).toEqual(['ClusterRoleBinding:to-group']);
    expect(authorize(grants, request('any'))).toBeDefined();
  });
});
