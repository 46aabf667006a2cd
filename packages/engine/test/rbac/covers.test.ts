import { describe, expect, it } from 'vitest';
import {
  covers,
  isClusterAdminRule,
  uncoveredTuples,
} from '../../src/rbac/index.ts';
import type { PolicyRule } from '../../src/rbac/index.ts';

interface Case {
  readonly title: string;
  readonly owner: readonly PolicyRule[];
  readonly servant: readonly PolicyRule[];
}

const clusterAdmin: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];
const getPods: PolicyRule = {
  verbs: ['get'],
  apiGroups: [''],
  resources: ['pods'],
};
/** generic-garbage-collector's broad rule (expected.md section 5). */
const garbageCollector: PolicyRule[] = [
  {
    verbs: ['delete', 'get', 'list', 'patch', 'update', 'watch'],
    apiGroups: ['*'],
    resources: ['*'],
  },
  {
    verbs: ['create', 'patch', 'update'],
    apiGroups: ['', 'events.k8s.io'],
    resources: ['events'],
  },
];

const covered: Case[] = [
  {
    // Upstream BreakdownRule yields no tuple for them: they grant nothing.
    title: 'a servant resource rule without apiGroups or resources',
    owner: [],
    servant: [
      { verbs: ['get'], resources: ['pods'] },
      { verbs: ['get'], apiGroups: [''] },
    ],
  },
  {
    title: 'owner URL prefixes, every trailing * trimmed and only those',
    owner: [{ verbs: ['get'], nonResourceURLs: ['/logs/**', '/a*b*'] }],
    servant: [{ verbs: ['get'], nonResourceURLs: ['/logs/x', '/a*b/c'] }],
  },
  {
    title: 'cluster-admin covers anything',
    owner: clusterAdmin,
    servant: [
      {
        verbs: ['bind', 'escalate'],
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['clusterroles'],
        resourceNames: ['x'],
      },
      { verbs: ['get'], nonResourceURLs: ['/metrics'] },
    ],
  },
  {
    title: 'cluster-admin covers itself',
    owner: clusterAdmin,
    servant: clusterAdmin,
  },
  { title: 'the same rule', owner: [getPods], servant: [getPods] },
  { title: 'nothing is covered by anything', owner: [], servant: [] },
  {
    title: 'different tuples may use different owner rules',
    owner: [getPods, { verbs: ['list'], apiGroups: [''], resources: ['pods'] }],
    servant: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }],
  },
  {
    title: 'owner * verb',
    owner: [{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }],
    servant: [getPods],
  },
  {
    title: 'owner * group',
    owner: [{ verbs: ['get'], apiGroups: ['*'], resources: ['pods'] }],
    servant: [getPods],
  },
  {
    title: 'owner */exec covers pods/exec',
    owner: [{ verbs: ['create'], apiGroups: [''], resources: ['*/exec'] }],
    servant: [{ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }],
  },
  {
    title: 'syntactic: owner pods/* covers servant pods/*',
    owner: [{ verbs: ['get'], apiGroups: [''], resources: ['pods/*'] }],
    servant: [{ verbs: ['get'], apiGroups: [''], resources: ['pods/*'] }],
  },
  {
    title: 'syntactic: owner */* covers servant pods/*',
    owner: [{ verbs: ['get'], apiGroups: [''], resources: ['*/*'] }],
    servant: [{ verbs: ['get'], apiGroups: [''], resources: ['pods/*'] }],
  },
  {
    title: 'owner without names covers a named tuple',
    owner: [getPods],
    servant: [{ ...getPods, resourceNames: ['p'] }],
  },
  {
    title: 'owner listing the name',
    owner: [{ ...getPods, resourceNames: ['p', 'q'] }],
    servant: [{ ...getPods, resourceNames: ['q'] }],
  },
  {
    title: 'URL prefix',
    owner: [{ verbs: ['get'], nonResourceURLs: ['/healthz/*'] }],
    servant: [{ verbs: ['get'], nonResourceURLs: ['/healthz/etcd'] }],
  },
  {
    title: 'URL *',
    owner: [{ verbs: ['get'], nonResourceURLs: ['*'] }],
    servant: [{ verbs: ['get'], nonResourceURLs: ['/metrics', '*'] }],
  },
  {
    title: 'a URL tuple ignores the owner rule resources',
    owner: [
      {
        verbs: ['get'],
        apiGroups: ['x'],
        resources: ['y'],
        nonResourceURLs: ['/version'],
      },
    ],
    servant: [{ verbs: ['get'], nonResourceURLs: ['/version'] }],
  },
];

const notCovered: Case[] = [
  {
    // ruleCovers: a servant without resourceNames needs an owner without them.
    title: 'an owner URL rule that lists resourceNames covers no URL',
    owner: [
      { verbs: ['get'], nonResourceURLs: ['/healthz'], resourceNames: ['x'] },
    ],
    servant: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
  },
  {
    title: 'servant * verb needs owner * (every verb listed is not enough)',
    owner: [
      {
        verbs: [
          'get',
          'list',
          'watch',
          'create',
          'update',
          'patch',
          'delete',
          'deletecollection',
          'bind',
          'escalate',
          'impersonate',
        ],
        apiGroups: [''],
        resources: ['pods'],
      },
    ],
    servant: [{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }],
  },
  {
    title: 'servant * group needs owner *',
    owner: [{ verbs: ['get'], apiGroups: ['', 'apps'], resources: ['pods'] }],
    servant: [{ verbs: ['get'], apiGroups: ['*'], resources: ['pods'] }],
  },
  {
    title: 'servant * resource needs owner *',
    owner: [
      { verbs: ['get'], apiGroups: [''], resources: ['pods', 'secrets'] },
    ],
    servant: [{ verbs: ['get'], apiGroups: [''], resources: ['*'] }],
  },
  {
    title: 'a tuple needs ONE owner rule for group and resource',
    owner: [
      { verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] },
      { verbs: ['get'], apiGroups: [''], resources: ['deployments'] },
    ],
    servant: [
      { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] },
    ],
  },
  {
    title: 'a tuple needs ONE owner rule for verb and name',
    owner: [
      { ...getPods, resourceNames: ['p'] },
      { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
    ],
    servant: [
      {
        verbs: ['list'],
        apiGroups: [''],
        resources: ['pods'],
        resourceNames: ['p'],
      },
      { ...getPods, resourceNames: ['q'] },
    ],
  },
  {
    title: 'a nameless tuple needs an owner rule without names',
    owner: [{ ...getPods, resourceNames: ['p'] }],
    servant: [getPods],
  },
  {
    title: 'a name the owner does not list',
    owner: [{ ...getPods, resourceNames: ['p'] }],
    servant: [{ ...getPods, resourceNames: ['q'] }],
  },
  {
    title: 'owner names are literal: * is no glob',
    owner: [{ ...getPods, resourceNames: ['*'] }],
    servant: [{ ...getPods, resourceNames: ['p'] }],
  },
  {
    title: 'pods does not cover pods/exec',
    owner: [{ verbs: ['create'], apiGroups: [''], resources: ['pods'] }],
    servant: [{ verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }],
  },
  {
    title: 'one uncovered verb of several',
    owner: [getPods],
    servant: [
      { verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods'] },
    ],
  },
  {
    title: 'URL prefix does not cover the bare path',
    owner: [{ verbs: ['get'], nonResourceURLs: ['/healthz/*'] }],
    servant: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
  },
  {
    title: 'resource rules cover no URL',
    owner: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    servant: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
  },
  {
    title: 'URL rules cover no resource',
    owner: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    servant: [getPods],
  },
  {
    title: 'garbage collector does not cover cluster-admin',
    owner: garbageCollector,
    servant: clusterAdmin,
  },
  {
    title: 'garbage collector does not cover create pods',
    owner: garbageCollector,
    servant: [{ verbs: ['create'], apiGroups: [''], resources: ['pods'] }],
  },
];

describe('covers (catalog 4.6)', () => {
  it.each(covered)('covered: $title', ({ owner, servant }) => {
    expect(covers(owner, servant)).toBe(true);
    expect(uncoveredTuples(owner, servant)).toEqual([]);
  });
  it.each(notCovered)('not covered: $title', ({ owner, servant }) => {
    expect(covers(owner, servant)).toBe(false);
    expect(uncoveredTuples(owner, servant).length).toBeGreaterThan(0);
  });

  it('breaks a rule without resourceNames into tuples without a name', () => {
    expect(uncoveredTuples([], [getPods])).toEqual([
      { verb: 'get', apiGroup: '', resource: 'pods' },
    ]);
  });

  it('reports exactly the uncovered tuples', () => {
    expect(
      uncoveredTuples(
        [getPods],
        [
          {
            verbs: ['get', 'delete'],
            apiGroups: [''],
            resources: ['pods', 'secrets'],
            resourceNames: ['x'],
          },
          { verbs: ['get'], nonResourceURLs: ['/healthz'] },
        ],
      ),
    ).toEqual([
      { verb: 'delete', apiGroup: '', resource: 'pods', name: 'x' },
      { verb: 'get', apiGroup: '', resource: 'secrets', name: 'x' },
      { verb: 'delete', apiGroup: '', resource: 'secrets', name: 'x' },
      { verb: 'get', url: '/healthz' },
    ]);
  });
});

describe('isClusterAdminRule (catalog 5)', () => {
  it.each<[string, PolicyRule, boolean]>([
    ['*/*/*', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, true],
    [
      '* among others',
      { verbs: ['get', '*'], apiGroups: ['', '*'], resources: ['pods', '*'] },
      true,
    ],
    [
      'with resourceNames',
      {
        verbs: ['*'],
        apiGroups: ['*'],
        resources: ['*'],
        resourceNames: ['x'],
      },
      false,
    ],
    [
      'every verb listed',
      {
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
        apiGroups: ['*'],
        resources: ['*'],
      },
      false,
    ],
    [
      'core group only',
      { verbs: ['*'], apiGroups: [''], resources: ['*'] },
      false,
    ],
    [
      '*/* resources',
      { verbs: ['*'], apiGroups: ['*'], resources: ['*/*'] },
      false,
    ],
    ['non-resource *', { verbs: ['*'], nonResourceURLs: ['*'] }, false],
  ])('%s: %s', (_title, rule, expected) => {
    expect(isClusterAdminRule(rule)).toBe(expected);
    // Catalog 5: exactly the rules that Covers the tuple */*/*.
    expect(
      covers([rule], [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
    ).toBe(expected);
  });
});
