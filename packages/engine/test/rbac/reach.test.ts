import { describe, expect, it } from 'vitest';
import {
  authorize,
  grantApplies,
  reach,
  reachAllows,
  ruleMatches,
} from '../../src/rbac/index.ts';
import type {
  Grant,
  PolicyRule,
  ResourceAction,
} from '../../src/rbac/index.ts';
import { grant } from './fixtures.ts';

const getSecrets: ResourceAction = {
  verb: 'get',
  apiGroup: '',
  resource: 'secrets',
};
const secrets = (names?: string[]): PolicyRule => ({
  verbs: ['get'],
  apiGroups: [''],
  resources: ['secrets'],
  ...(names === undefined ? {} : { resourceNames: names }),
});
const pods: PolicyRule = {
  verbs: ['get'],
  apiGroups: [''],
  resources: ['pods'],
};

/** A reach as plain data, for exact comparisons. */
function plain(grants: readonly Grant[], action: ResourceAction) {
  const r = reach(grants, action);
  return {
    everywhere: r.everywhere && [
      r.everywhere.grant.binding,
      r.everywhere.ruleIndex,
    ],
    namespaces: Object.fromEntries(
      [...r.namespaces].map(([ns, a]) => [ns, [a.grant.binding, a.ruleIndex]]),
    ),
    names: Object.fromEntries(
      [...r.names].map(([ns, byName]) => [
        ns,
        Object.fromEntries([...byName].map(([n, a]) => [n, a.grant.binding])),
      ]),
    ),
  };
}

describe('reach', () => {
  it('is everywhere for a cluster-wide rule without names, and repeats nothing', () => {
    const grants = [
      grant([secrets(['a'])], 'dev', 'rb-names'),
      grant([secrets()], 'dev', 'rb'),
      grant([pods, secrets()], '', 'crb'),
    ];
    expect(plain(grants, getSecrets)).toEqual({
      everywhere: ['ClusterRoleBinding:crb', 1],
      namespaces: {},
      names: {},
    });
  });

  it('lists RoleBinding namespaces, first grant per namespace', () => {
    const grants = [
      grant([pods, secrets()], 'dev', 'first'),
      grant([secrets()], 'dev', 'second'),
      grant([secrets()], 'ops', 'ops'),
    ];
    expect(plain(grants, getSecrets)).toEqual({
      everywhere: undefined,
      namespaces: {
        dev: ['RoleBinding:dev/first', 1],
        ops: ['RoleBinding:ops/ops', 0],
      },
      names: {},
    });
  });

  it('keys named rules by binding scope and drops what a wider entry answers', () => {
    const grants = [
      grant([secrets(['shared', 'db'])], '', 'crb-names'),
      grant([secrets(['db', 'api', '*'])], 'dev', 'rb-names'),
      grant([secrets(['db'])], 'ops', 'ops-names'),
      grant([secrets(['x'])], 'qa', 'qa-names'),
      grant([secrets()], 'qa', 'qa-all'),
    ];
    expect(plain(grants, getSecrets)).toEqual({
      everywhere: undefined,
      namespaces: { qa: ['RoleBinding:qa/qa-all', 0] },
      names: {
        '': {
          shared: 'ClusterRoleBinding:crb-names',
          db: 'ClusterRoleBinding:crb-names',
        },
        // `*` is a literal name; `db` is already allowed cluster-wide.
        dev: {
          api: 'RoleBinding:dev/rb-names',
          '*': 'RoleBinding:dev/rb-names',
        },
      },
    });
  });

  it('matches verb, group and (sub)resource exactly', () => {
    const grants = [
      grant(
        [{ verbs: ['create'], apiGroups: [''], resources: ['pods'] }],
        'dev',
      ),
      grant([
        { verbs: ['create'], apiGroups: [''], resources: ['pods/*', '*/*'] },
      ]),
      grant([{ verbs: ['get'], apiGroups: [''], resources: ['pods/exec'] }]),
    ];
    const exec: ResourceAction = {
      verb: 'create',
      apiGroup: '',
      resource: 'pods',
      subresource: 'exec',
    };
    expect(plain(grants, exec)).toEqual({
      everywhere: undefined,
      namespaces: {},
      names: {},
    });
    expect(
      plain(
        [
          grant(
            [{ verbs: ['create'], apiGroups: [''], resources: ['*/exec'] }],
            'dev',
          ),
        ],
        exec,
      ).namespaces,
    ).toEqual({
      dev: ['RoleBinding:dev/b', 0],
    });
  });

  it('agrees with authorize() on every request of the action', () => {
    const grants = [
      grant([secrets(['a'])], '', 'crb-a'),
      grant([secrets(['b', '*'])], 'dev', 'dev-b'),
      grant([secrets()], 'ops', 'ops-all'),
      grant([pods], '', 'crb-pods'),
    ];
    const where = reach(grants, getSecrets);
    for (const namespace of ['', 'dev', 'ops', 'qa']) {
      for (const name of [undefined, '', 'a', 'b', '*', 'c']) {
        const request = {
          ...getSecrets,
          namespace,
          ...(name === undefined ? {} : { name }),
        };
        const expected = authorize(grants, request) !== undefined;
        expect(
          reachAllows(where, namespace, name) !== undefined,
          JSON.stringify(request),
        ).toBe(expected);
      }
    }
    // Spot checks, so the loop above cannot pass vacuously.
    expect(reachAllows(where, 'qa', 'a')?.grant.binding).toBe(
      'ClusterRoleBinding:crb-a',
    );
    expect(reachAllows(where, 'dev', 'c')).toBeUndefined();
    expect(reachAllows(where, '', 'b')).toBeUndefined();
    expect(reachAllows(where, 'ops')?.grant.binding).toBe(
      'RoleBinding:ops/ops-all',
    );
  });
});

describe('reachAllows against authorize() on every small set of grants', () => {
  const NAMESPACES = ['', 'dev', 'ops'];
  const ASKED = ['', 'dev', 'ops', 'qa'];
  const NAMES = [undefined, '', 'a', 'b', '*'];
  const RULES: readonly PolicyRule[] = [
    secrets(),
    secrets(['a']),
    secrets(['b']),
    secrets(['a', 'b']),
    secrets(['', '*']),
    pods,
    { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    { verbs: ['list'], apiGroups: [''], resources: ['secrets'] },
  ];
  const single = NAMESPACES.flatMap(namespace =>
    RULES.map(rule => ({ namespace, rules: [rule] })),
  );
  const cases: { title: string; grants: Grant[] }[] = [];
  // One grant with one or two rules, and every ordered pair of one-rule grants.
  for (const namespace of NAMESPACES) {
    for (const first of RULES) {
      for (const second of [undefined, ...RULES]) {
        const rules = second === undefined ? [first] : [first, second];
        cases.push({
          title: 'one grant',
          grants: [grant(rules, namespace, 'g0')],
        });
      }
    }
  }
  for (const a of single) {
    for (const b of single) {
      cases.push({
        title: 'two grants',
        grants: [
          grant(a.rules, a.namespace, 'g0'),
          grant(b.rules, b.namespace, 'g1'),
        ],
      });
    }
  }

  it(`allows every request of the action exactly when authorize() does, by a rule that matches it (${String(cases.length)} grant sets)`, () => {
    let allowed = 0;
    let checked = 0;
    for (const { grants } of cases) {
      const where = reach(grants, getSecrets);
      for (const namespace of ASKED) {
        for (const name of NAMES) {
          const request = {
            ...getSecrets,
            namespace,
            ...(name === undefined ? {} : { name }),
          };
          const allow = reachAllows(where, namespace, name);
          const context = JSON.stringify({ grants, request });
          checked++;
          expect(allow !== undefined, context).toBe(
            authorize(grants, request) !== undefined,
          );
          if (allow === undefined) continue;
          allowed++;
          // The evidence is a grant of the input whose rule allows it.
          expect(grants, context).toContain(allow.grant);
          const rule = allow.grant.rules[allow.ruleIndex];
          expect(
            rule !== undefined && ruleMatches(rule, request),
            context,
          ).toBe(true);
          expect(grantApplies(allow.grant, namespace), context).toBe(true);
        }
      }
    }
    // Both answers occur, so the comparison cannot pass vacuously.
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(checked);
  });
});
