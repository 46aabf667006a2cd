// The guards every predicate reads raw objects through (predicates/json.ts)
// and the lowest-confidence rule (predicates/confidence.ts). A malformed
// manifest must read as "field absent", never as a different value: a port
// "80" is no port, a label list is no label map, an array is no object.
import { describe, expect, it } from 'vitest';
import {
  asArray,
  asBoolean,
  asInteger,
  asRecord,
  asString,
  asStringArray,
  asStringRecord,
  optional,
  pathOf,
} from '../../src/predicates/json.ts';
import { lowest } from '../../src/predicates/confidence.ts';

describe('reading untyped Kubernetes JSON', () => {
  it('a value of the wrong type reads as absent', () => {
    expect(asRecord({ a: 1 })).toEqual({ a: 1 });
    for (const wrong of [null, undefined, [1], 'x', 1, true])
      expect(asRecord(wrong), JSON.stringify(wrong)).toBeUndefined();
    expect(asArray([1, 'a'])).toEqual([1, 'a']);
    expect(asArray({ 0: 'a', length: 1 })).toEqual([]);
    expect(asString('80')).toBe('80');
    expect(asString(80)).toBeUndefined();
    expect(asBoolean(false)).toBe(false);
    expect(asBoolean('true')).toBeUndefined();
    expect(asInteger(0)).toBe(0);
    expect(asInteger(-1)).toBe(-1);
    for (const wrong of [1.5, '80', Number.NaN, Infinity, null])
      expect(asInteger(wrong), String(wrong)).toBeUndefined();
  });

  it('keeps only the string items of lists and maps', () => {
    expect(asStringArray(['a', 1, null, 'b', ['c']])).toEqual(['a', 'b']);
    expect(asStringArray('a')).toEqual([]);
    expect(asStringRecord({ a: 'x', b: 1, c: null, d: '' })).toEqual({
      a: 'x',
      d: '',
    });
    expect(asStringRecord(['a=x'])).toEqual({});
    expect(asStringRecord(undefined)).toEqual({});
  });

  it('follows a path only through objects', () => {
    const pod = { spec: { containers: [{ name: 'c' }], hostPID: true } };
    expect(pathOf(pod, 'spec', 'hostPID')).toBe(true);
    expect(pathOf(pod, 'spec')).toBe(pod.spec);
    expect(pathOf(pod)).toBe(pod);
    // An array on the way is not an object, even with a numeric key.
    expect(pathOf(pod, 'spec', 'containers', '0', 'name')).toBeUndefined();
    expect(pathOf(pod, 'status', 'phase')).toBeUndefined();
    expect(pathOf({ spec: 'x' }, 'spec', 'length')).toBeUndefined();
  });

  it('an optional field is left out when undefined, kept when falsy', () => {
    expect(optional('a', undefined)).toEqual({});
    expect(Object.keys(optional('a', undefined))).toEqual([]);
    expect(optional('a', 0)).toEqual({ a: 0 });
    expect(optional('a', '')).toEqual({ a: '' });
    expect(optional('a', false)).toEqual({ a: false });
  });
});

describe('combining confidences (catalog 3.0)', () => {
  it('a step holds at the lowest confidence it relies on', () => {
    expect(lowest()).toBe('high');
    expect(lowest('high', 'medium')).toBe('medium');
    expect(lowest('medium', 'low', 'high')).toBe('low');
    expect(lowest('high', 'high')).toBe('high');
  });
});
