// The finding registry (architecture.md section 4): every file of
// src/findings/ is registered under the kebab-case of its id, every catalog 6
// id has a check and a test, and runFindings orders its output.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDING_IDS } from '../../src/findings/define-finding.ts';
import { findingChecks, runFindings } from '../../src/findings/index.ts';
import { resolvePolicy } from '../../src/policy.ts';
import { BASE, snapshotOf } from '../manifests.ts';
import { contextOf } from './finding-tester.ts';
import { containers, pod } from './yaml.ts';

const fileOf = (id: string) => id.slice(2).toLowerCase();
const source = new URL('../../src/findings/', import.meta.url);
const tests = new URL('./', import.meta.url);

describe('finding registry', () => {
  it('has one check per catalog 6 id, keyed by its own id', () => {
    expect(Object.keys(findingChecks).sort()).toEqual([...FINDING_IDS].sort());
    for (const [key, check] of Object.entries(findingChecks))
      expect(check.id).toBe(key);
  });

  it('registers every check file, named after its id, with a test', () => {
    const files = readdirSync(source)
      .filter(f => f.endsWith('.ts'))
      .filter(f => f !== 'index.ts' && f !== 'define-finding.ts')
      .map(f => f.slice(0, -'.ts'.length))
      .sort();
    expect(files).toEqual(FINDING_IDS.map(fileOf).sort());
    const testFiles = new Set(readdirSync(tests));
    for (const id of FINDING_IDS)
      expect(testFiles.has(`${fileOf(id)}.test.ts`), id).toBe(true);
  });

  it('runFindings sorts by severity, check, then id', async () => {
    const snapshot = await snapshotOf(
      `${BASE}---\n${pod('b', containers('securityContext: { privileged: true }'))}\n---\n${pod('a', containers())}`,
    );
    const records = runFindings(contextOf(snapshot, resolvePolicy({}).policy));
    const rank = ['critical', 'high', 'medium', 'low', 'info'];
    const keys = records.map(r => [rank.indexOf(r.severity), r.check, r.id]);
    const sorted = [...keys].sort((x, y) =>
      x[0] !== y[0]
        ? Number(x[0]) - Number(y[0])
        : x[1] !== y[1]
          ? String(x[1]) < String(y[1])
            ? -1
            : 1
          : String(x[2]) < String(y[2])
            ? -1
            : 1,
    );
    expect(keys).toEqual(sorted);
    expect(records[0]?.id).toBe('F-POD-PRIVILEGED:Container:default/b/c');
    expect(new Set(records.map(r => r.id)).size).toBe(records.length);
  });
});
