import { describe, expect, it } from 'vitest';
import {
  add,
  coveredScore,
  latestPerFile,
  score,
  tally,
  type MutationReport,
  type ReportMutant,
} from '../scripts/mutation-score.ts';

const mutant = (status: string, line = 1): ReportMutant => ({
  mutatorName: 'ConditionalExpression',
  status,
  location: { start: { line } },
});

const report = (files: Record<string, readonly string[]>): MutationReport => ({
  files: Object.fromEntries(
    Object.entries(files).map(([file, statuses]) => [
      file,
      { mutants: statuses.map(status => mutant(status)) },
    ]),
  ),
});

describe('mutation-score', () => {
  it('counts each status, and errors, ignored and pending mutants as without a verdict', () => {
    const t = tally(
      [
        'Killed',
        'Killed',
        'Timeout',
        'Survived',
        'NoCoverage',
        'CompileError',
        'RuntimeError',
        'Ignored',
        'Pending',
      ].map(status => mutant(status)),
    );
    expect(t).toEqual({
      mutants: 9,
      killed: 2,
      timeout: 1,
      survived: 1,
      noCoverage: 1,
      other: 4,
    });
  });

  it('scores as Stryker does: killed and timed out over the mutants with a verdict', () => {
    const t = tally(
      [
        'Killed',
        'Killed',
        'Timeout',
        'Survived',
        'NoCoverage',
        'CompileError',
      ].map(status => mutant(status)),
    );
    expect(score(t)).toBe(60);
    expect(coveredScore(t)).toBe(75);
    expect(score(tally([mutant('CompileError')]))).toBeUndefined();
    expect(coveredScore(tally([mutant('NoCoverage')]))).toBeUndefined();
  });

  it('adds tallies field by field', () => {
    const a = tally(['Killed', 'Survived'].map(status => mutant(status)));
    const b = tally(
      ['Timeout', 'NoCoverage', 'Ignored'].map(status => mutant(status)),
    );
    expect(add(a, b)).toEqual({
      mutants: 5,
      killed: 1,
      timeout: 1,
      survived: 1,
      noCoverage: 1,
      other: 1,
    });
    expect(score(add(a, b))).toBe(50);
  });

  it('counts a file once, from the newest report holding it, and only under the folder', () => {
    const prefix = 'packages/engine/src/rules/';
    const files = latestPerFile(
      [
        {
          name: 'rules-new.json',
          mtimeMs: 2,
          report: report({ [`${prefix}b.ts`]: ['Killed', 'Killed'] }),
        },
        {
          name: 'rules-old.json',
          mtimeMs: 1,
          report: report({
            [`${prefix}b.ts`]: ['Survived', 'Survived', 'Survived'],
            [`${prefix}a.ts`]: ['Survived'],
            'packages/engine/src/rbac/c.ts': ['Killed'],
          }),
        },
      ],
      prefix,
    );
    expect(
      files.map(({ file, report, tally }) => [file, report, tally.mutants]),
    ).toEqual([
      [`${prefix}a.ts`, 'rules-old.json', 1],
      [`${prefix}b.ts`, 'rules-new.json', 2],
    ]);
    const total = files.map(({ tally }) => tally).reduce(add);
    expect(score(total)).toBeCloseTo((100 * 2) / 3);
  });
});
