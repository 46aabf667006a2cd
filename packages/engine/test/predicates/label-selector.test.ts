// The namespace selectors of admission webhooks, policy engines and Gateway
// listeners (predicates/label-selector.ts): metav1.LabelSelector semantics.
// A wrong match decides whether a webhook or policy guards a namespace, so
// whether a pod-creation path is blocked. Checked case by case, and against
// the RBAC aggregation matcher (rbac/label-selector.ts, written separately
// for the same upstream type) on seeded random valid selectors.
import { describe, expect, it } from 'vitest';
import {
  matchesLabelSelector,
  namespaceLabels,
} from '../../src/predicates/label-selector.ts';
import { labelSelectorMatches } from '../../src/rbac/label-selector.ts';
import { seededRandom } from '@chokepoint/collector';

const LABELS = { team: 'web', env: 'prod', empty: '' };

describe('namespace selectors (metav1.LabelSelector)', () => {
  it.each<[string, unknown, boolean]>([
    ['an absent selector selects every namespace', undefined, true],
    ['an empty selector selects every namespace', {}, true],
    [
      'matchLabels all equal',
      { matchLabels: { team: 'web', env: 'prod' } },
      true,
    ],
    [
      'matchLabels one differs',
      { matchLabels: { team: 'web', env: 'dev' } },
      false,
    ],
    ['matchLabels on a missing key', { matchLabels: { tier: 'web' } }, false],
    ['matchLabels of an empty value', { matchLabels: { empty: '' } }, true],
    [
      'In holding the value',
      {
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['dev', 'prod'] },
        ],
      },
      true,
    ],
    [
      'In without the value',
      { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] },
      false,
    ],
    [
      'In on a missing key',
      { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
      false,
    ],
    [
      'NotIn holding the value',
      {
        matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }],
      },
      false,
    ],
    [
      'NotIn without the value',
      {
        matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }],
      },
      true,
    ],
    [
      'NotIn on a missing key',
      {
        matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }],
      },
      true,
    ],
    [
      'Exists on a present key',
      { matchExpressions: [{ key: 'team', operator: 'Exists' }] },
      true,
    ],
    [
      'Exists on a key with an empty value',
      { matchExpressions: [{ key: 'empty', operator: 'Exists' }] },
      true,
    ],
    [
      'Exists on a missing key',
      { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      false,
    ],
    [
      'DoesNotExist on a missing key',
      { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
      true,
    ],
    [
      'DoesNotExist on a present key',
      { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] },
      false,
    ],
    [
      'an unknown operator (refused upstream)',
      {
        matchExpressions: [
          { key: 'team', operator: 'Equals', values: ['web'] },
        ],
      },
      false,
    ],
    [
      'an expression without a key',
      { matchExpressions: [{ operator: 'Exists' }] },
      false,
    ],
    [
      'DoesNotExist without a key',
      { matchExpressions: [{ operator: 'DoesNotExist' }] },
      false,
    ],
    [
      'matchLabels and expressions are ANDed (both hold)',
      {
        matchLabels: { team: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod'] },
          { key: 'tier', operator: 'DoesNotExist' },
        ],
      },
      true,
    ],
    [
      'matchLabels and expressions are ANDed (the last expression fails)',
      {
        matchLabels: { team: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod'] },
          { key: 'team', operator: 'DoesNotExist' },
        ],
      },
      false,
    ],
  ])('%s', (_name, selector, expected) => {
    expect(matchesLabelSelector(selector, LABELS)).toBe(expected);
  });

  it('a label inherited from Object.prototype is no label', () => {
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'constructor', operator: 'Exists' }] },
        {},
      ),
    ).toBe(false);
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'toString', operator: 'DoesNotExist' }] },
        {},
      ),
    ).toBe(true);
  });

  it('agrees with the RBAC aggregation matcher on 5,000 random valid selectors', () => {
    const next = seededRandom(20261206);
    const pick = <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)] as T;
    const keys = ['a', 'b', 'c'];
    const values = ['x', 'y', ''];
    let matched = 0;
    for (let i = 0; i < 5000; i++) {
      const labels: Record<string, string> = {};
      for (const key of keys) if (next() < 0.6) labels[key] = pick(values);
      const selector: Record<string, unknown> = {};
      if (next() < 0.5) {
        const matchLabels: Record<string, string> = {};
        for (const key of keys)
          if (next() < 0.3) matchLabels[key] = pick(values);
        selector.matchLabels = matchLabels;
      }
      if (next() < 0.7) {
        selector.matchExpressions = Array.from(
          { length: 1 + Math.floor(next() * 3) },
          () => {
            const operator = pick(['In', 'NotIn', 'Exists', 'DoesNotExist']);
            return operator === 'In' || operator === 'NotIn'
              ? {
                  key: pick(keys),
                  operator,
                  values: values
                    .filter(() => next() < 0.5)
                    .concat(pick(values)),
                }
              : { key: pick(keys), operator };
          },
        );
      }
      const expected = labelSelectorMatches(selector, labels);
      if (expected) matched++;
      expect(
        matchesLabelSelector(selector, labels),
        JSON.stringify({ selector, labels }),
      ).toBe(expected);
    }
    // Both outcomes are common, so the comparison tells something.
    expect(matched).toBeGreaterThan(1000);
    expect(matched).toBeLessThan(4000);
  });

  it('a namespace always carries kubernetes.io/metadata.name, whatever its labels say', () => {
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop',
        labels: { team: 'web', 'kubernetes.io/metadata.name': 'forged' },
      },
    };
    expect(namespaceLabels(namespace, 'shop')).toEqual({
      team: 'web',
      'kubernetes.io/metadata.name': 'shop',
    });
    expect(namespaceLabels(undefined, 'absent')).toEqual({
      'kubernetes.io/metadata.name': 'absent',
    });
  });
});
