import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { EDGE_KINDS } from '@chokepoint/model';
import { RULES } from '../../src/rules/index.ts';

const SRC = new URL('../../src/rules/', import.meta.url);
const kebab = (kind: string): string => kind.toLowerCase().replace(/_/g, '-');
const ruleKinds = Object.entries(EDGE_KINDS)
  .filter(([, info]) => info.derivedBy === 'rule')
  .map(([kind]) => kind);

describe('rule registry', () => {
  it('registers every rule file of src/rules under the kind its name spells', () => {
    const files = readdirSync(SRC)
      .filter(
        f =>
          f.endsWith('.ts') &&
          !['define-rule.ts', 'evidence.ts', 'index.ts', 'reads.ts'].includes(
            f,
          ),
      )
      .map(f => f.slice(0, -3))
      .sort();
    expect(files).toEqual(Object.keys(RULES).map(kebab).sort());
    for (const [kind, rule] of Object.entries(RULES))
      expect(rule.kind).toBe(kind);
  });

  it('has a rule, a test table and a fixture for every rule-derived kind of the model', () => {
    expect(Object.keys(RULES).sort()).toEqual([...ruleKinds].sort());
    for (const kind of ruleKinds) {
      expect(
        existsSync(new URL(`${kebab(kind)}.test.ts`, import.meta.url)),
        `test of ${kind}`,
      ).toBe(true);
      expect(
        existsSync(
          new URL(`../fixtures/attacks/${kind}.yaml`, import.meta.url),
        ),
        `fixture of ${kind}`,
      ).toBe(true);
    }
  });

  it('gives every rule at least one way to produce edges', () => {
    for (const rule of Object.values(RULES)) {
      expect(
        [
          rule.match,
          rule.matchWorkload,
          rule.matchObject,
          rule.matchIdentity,
          rule.matchHolder,
        ].some(f => typeof f === 'function'),
        rule.kind,
      ).toBe(true);
    }
  });
});
