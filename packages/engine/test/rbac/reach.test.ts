import { describe, expect, it } from 'vitest';
import { authorize, reach, reachAllows } from '../../src/rbac/index.ts';
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
