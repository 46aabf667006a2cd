/**
 * Table-driven finding tests (architecture.md section 4, after the rule
 * tester): `valid` cases must produce no record of the check, `invalid`
 * cases list the exact records expected by id, with severity and objects
 * where the case asserts them. Cases are inline Kubernetes YAML turned into
 * a snapshot by `test/manifests.ts`; the index and the RBAC model are built
 * as `build-graph.ts` builds them.
 */

import { describe, expect, it } from 'vitest';
import type { Snapshot } from '@chokepoint/model';
import type {
  FindingCheck,
  FindingContext,
  FindingRecord,
  Severity,
} from '../../src/findings/define-finding.ts';
import { resolvePolicy } from '../../src/policy.ts';
import type { Policy } from '../../src/policy.ts';
import { contextParts } from '../../src/build-graph.ts';
import { BASE, snapshotOf } from '../manifests.ts';

export function contextOf(snapshot: Snapshot, policy: Policy): FindingContext {
  const { index, rbac } = contextParts(snapshot, policy);
  return { index, policy, rbac };
}

export interface FindingCase {
  readonly name: string;
  /** Kubernetes YAML; BASE (a Linux node `worker-1`, namespace default) is prepended unless `bare`. */
  readonly manifests: string;
  readonly bare?: boolean;
  /** A policy document (catalog 2.9). */
  readonly policy?: unknown;
}

export interface ExpectedRecord {
  readonly id: string;
  readonly severity?: Severity;
  /** Exactly these objects, in order. */
  readonly objects?: readonly string[];
  /** Substrings the message must contain. */
  readonly message?: readonly string[];
  readonly fields?: readonly string[];
}

export interface InvalidFindingCase extends FindingCase {
  /** Exactly the records expected (by id), in id order. */
  readonly records: readonly ExpectedRecord[];
}

export interface FindingTable {
  readonly valid: readonly FindingCase[];
  readonly invalid: readonly InvalidFindingCase[];
}

export async function findingsOf(
  check: FindingCheck,
  testCase: FindingCase,
): Promise<FindingRecord[]> {
  const snapshot = await snapshotOf(
    testCase.bare ? testCase.manifests : `${BASE}---\n${testCase.manifests}`,
  );
  const { policy, problems } = resolvePolicy(testCase.policy ?? {});
  expect(problems, 'policy problems').toEqual([]);
  const records = [...check.check(contextOf(snapshot, policy))];
  for (const record of records) {
    expect(record.check).toBe(check.id);
    expect(record.id).toBe(`${check.id}:${record.objects[0] ?? ''}`);
  }
  return records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function findingTester(check: FindingCheck, table: FindingTable): void {
  describe(check.id, () => {
    describe('valid', () => {
      for (const testCase of table.valid) {
        it(testCase.name, async () => {
          expect(await findingsOf(check, testCase)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const testCase of table.invalid) {
        it(testCase.name, async () => {
          const records = await findingsOf(check, testCase);
          expect(records.map(r => r.id)).toEqual(
            [...testCase.records.map(r => r.id)].sort(),
          );
          for (const expected of testCase.records) {
            const record = records.find(r => r.id === expected.id);
            expect(record?.severity).toBe(expected.severity ?? check.severity);
            if (expected.objects !== undefined)
              expect(record?.objects).toEqual(expected.objects);
            if (expected.fields !== undefined)
              expect(record?.fields).toEqual(expected.fields);
            for (const text of expected.message ?? [])
              expect(record?.message).toContain(text);
          }
        });
      }
    });
  });
}
