// Which ClusterRoles an aggregation selector picks (catalog 4.5), through the
// RBAC model as a user meets it: an aggregated role holds a source role's
// rules exactly when a selector matches the source's labels. Upstream's
// LabelSelectorAsSelector refuses an invalid selector (In/NotIn without
// values, Exists/DoesNotExist with values, an unknown operator), and the
// controller then aggregates nothing through it; an empty selector selects
// every role. Cases killed surviving mutants of label-selector.ts
// (docs/testing.md).
import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../src/rbac/index.ts';
import { clusterRole, model } from './fixtures.ts';

const rule: PolicyRule = {
  verbs: ['get'],
  apiGroups: [''],
  resources: ['configmaps'],
};

/** Does an aggregated role with this one selector take the source's rules? */
function selects(
  selector: unknown,
  labels: Record<string, string> | undefined,
): boolean {
  const m = model([
    clusterRole('agg', [], {
      aggregationRule: { clusterRoleSelectors: [selector] },
    }),
    clusterRole('source', [rule], labels === undefined ? {} : { labels }),
  ]);
  const rules = m.effectiveRules('ClusterRole:agg') ?? [];
  expect([[], [rule]]).toContainEqual(rules);
  return rules.length === 1;
}

const yes = { tier: 'yes' };
const no = { tier: 'no' };
const expr = (operator: string, values?: unknown) => ({
  matchExpressions: [
    { key: 'tier', operator, ...(values === undefined ? {} : { values }) },
  ],
});

describe('aggregation selectors', () => {
  it.each([
    ['matchLabels equal', { matchLabels: yes }, yes, true],
    ['matchLabels other value', { matchLabels: yes }, no, false],
    ['matchLabels, role unlabelled', { matchLabels: yes }, undefined, false],
    ['empty selector', {}, undefined, true],
    [
      'null matchLabels and matchExpressions',
      { matchLabels: null, matchExpressions: null },
      no,
      true,
    ],
    ['In, value listed', expr('In', ['no', 'yes']), yes, true],
    ['In, value not listed', expr('In', ['no']), yes, false],
    ['In, label absent', expr('In', ['yes']), undefined, false],
    ['In without values (invalid)', expr('In', []), yes, false],
    ['NotIn, value not listed', expr('NotIn', ['no']), yes, true],
    ['NotIn, label absent', expr('NotIn', ['no']), undefined, true],
    ['NotIn, value listed', expr('NotIn', ['no']), no, false],
    ['NotIn without values (invalid)', expr('NotIn', []), undefined, false],
    [
      'NotIn whose only value is not a string (invalid)',
      expr('NotIn', [1]),
      undefined,
      false,
    ],
    [
      'In with a non-string value beside a string',
      expr('In', [1, 'yes']),
      yes,
      true,
    ],
    ['Exists, label present', expr('Exists'), no, true],
    ['Exists, label absent', expr('Exists'), undefined, false],
    ['Exists with values (invalid)', expr('Exists', ['no']), no, false],
    ['Exists with values that are not a list', expr('Exists', 'no'), no, true],
    ['DoesNotExist, label absent', expr('DoesNotExist'), undefined, true],
    ['DoesNotExist, label present', expr('DoesNotExist'), no, false],
    [
      'DoesNotExist with values (invalid)',
      expr('DoesNotExist', ['no']),
      undefined,
      false,
    ],
    ['an unknown operator (invalid)', expr('Gt', ['1']), yes, false],
    [
      'an expression without a key',
      { matchExpressions: [{ operator: 'DoesNotExist' }] },
      yes,
      false,
    ],
    [
      'an expression that is not an object',
      { matchExpressions: ['tier'] },
      yes,
      false,
    ],
    [
      'matchLabels that is a list (invalid, even empty)',
      { matchLabels: [] },
      yes,
      false,
    ],
    [
      'matchExpressions that is not a list',
      { matchExpressions: { key: 'tier', operator: 'Exists' } },
      yes,
      false,
    ],
    ['a selector that is a list', [{ matchLabels: yes }], yes, false],
    ['a null selector', null, yes, false],
    ['a selector that is a string', 'tier=yes', yes, false],
    [
      'matchLabels and matchExpressions both hold',
      { matchLabels: { tier: 'yes' }, ...expr('Exists') },
      yes,
      true,
    ],
    [
      'matchLabels holds, an expression does not',
      { matchLabels: { tier: 'yes' }, ...expr('NotIn', ['yes']) },
      yes,
      false,
    ],
  ] as const)('%s', (_title, selector, labels, expected) => {
    expect(selects(selector, labels)).toBe(expected);
  });

  it('a label inherited from Object.prototype is not a label', () => {
    expect(selects(expr('Exists'), undefined)).toBe(false);
    expect(
      selects(
        { matchExpressions: [{ key: 'toString', operator: 'Exists' }] },
        yes,
      ),
    ).toBe(false);
    expect(
      selects(
        { matchExpressions: [{ key: 'toString', operator: 'DoesNotExist' }] },
        yes,
      ),
    ).toBe(true);
  });
});
