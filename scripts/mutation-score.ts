/**
 * The mutation score of one folder of packages/engine/src from the Stryker
 * JSON reports scripts/mutation.sh wrote (reports/mutation/FOLDER.json and
 * the batches' FOLDER-NAME.json, mutation-testing-report-schema): killed,
 * timed out, survived and uncovered mutants per file and over the folder.
 * A file scored by several reports counts once, from the newest report
 * (file modification time) that holds it. Source files of the folder that no
 * report holds are listed as not scored.
 *   pnpm exec tsx scripts/mutation-score.ts FOLDER [--survivors]
 * `--survivors` also lists every surviving and uncovered mutant by line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ReportMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly static?: boolean;
  readonly location: { readonly start: { readonly line: number } };
}

export interface MutationReport {
  readonly files: Record<string, { readonly mutants: readonly ReportMutant[] }>;
}

export interface Tally {
  readonly mutants: number;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Compile and runtime errors, ignored and pending mutants: no verdict. */
  readonly other: number;
}

const EMPTY: Tally = {
  mutants: 0,
  killed: 0,
  timeout: 0,
  survived: 0,
  noCoverage: 0,
  other: 0,
};

export function tally(mutants: readonly ReportMutant[]): Tally {
  const count = (status: string) =>
    mutants.filter(mutant => mutant.status === status).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  return {
    mutants: mutants.length,
    killed,
    timeout,
    survived,
    noCoverage,
    other: mutants.length - killed - timeout - survived - noCoverage,
  };
}

export function add(a: Tally, b: Tally): Tally {
  return {
    mutants: a.mutants + b.mutants,
    killed: a.killed + b.killed,
    timeout: a.timeout + b.timeout,
    survived: a.survived + b.survived,
    noCoverage: a.noCoverage + b.noCoverage,
    other: a.other + b.other,
  };
}

/**
 * Stryker's mutation score: detected (killed or timed out) over the mutants
 * with a verdict (detected, survived, no coverage); undefined without any.
 */
export function score(t: Tally): number | undefined {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  return valid === 0 ? undefined : (100 * detected) / valid;
}

/** The score over the covered mutants only (no-coverage left out). */
export function coveredScore(t: Tally): number | undefined {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived;
  return valid === 0 ? undefined : (100 * detected) / valid;
}

export interface NamedReport {
  readonly name: string;
  readonly mtimeMs: number;
  readonly report: MutationReport;
}

export interface FileScore {
  readonly file: string;
  readonly report: string;
  readonly tally: Tally;
  readonly mutants: readonly ReportMutant[];
}

/** Each file once, from the newest report holding it; sorted by file. */
export function latestPerFile(
  reports: readonly NamedReport[],
  prefix: string,
): FileScore[] {
  const newest = new Map<string, FileScore & { readonly mtimeMs: number }>();
  for (const { name, mtimeMs, report } of reports) {
    for (const [file, { mutants }] of Object.entries(report.files)) {
      if (!file.startsWith(prefix)) continue;
      const seen = newest.get(file);
      if (seen !== undefined && seen.mtimeMs >= mtimeMs) continue;
      newest.set(file, {
        file,
        report: name,
        tally: tally(mutants),
        mutants,
        mtimeMs,
      });
    }
  }
  return [...newest.values()]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map(({ file, report, tally, mutants }) => ({
      file,
      report,
      tally,
      mutants,
    }));
}

const percent = (value: number | undefined) =>
  value === undefined ? '-' : `${value.toFixed(1)}%`;

function main(argv: readonly string[]): void {
  const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
  const folder = argv.find(arg => !arg.startsWith('--'));
  if (folder === undefined) {
    console.error('usage: scripts/mutation-score.ts FOLDER [--survivors]');
    process.exit(2);
  }
  const dir = join(root, 'reports/mutation');
  const base = folder.replaceAll('/', '-');
  const reports: NamedReport[] = readdirSync(dir)
    .filter(
      name =>
        name === `${base}.json` ||
        (name.startsWith(`${base}-`) &&
          name.endsWith('.json') &&
          !name.endsWith('.incremental.json')),
    )
    .map(name => ({
      name,
      mtimeMs: statSync(join(dir, name)).mtimeMs,
      report: JSON.parse(
        readFileSync(join(dir, name), 'utf8'),
      ) as MutationReport,
    }));
  const prefix = `packages/engine/src/${folder}/`;
  const files = latestPerFile(reports, prefix);
  let total = EMPTY;
  console.log(
    'file\tmutants\tkilled\ttimeout\tsurvived\tno coverage\tscore\treport',
  );
  for (const { file, report, tally: t } of files) {
    total = add(total, t);
    console.log(
      [
        file.slice(prefix.length),
        t.mutants,
        t.killed,
        t.timeout,
        t.survived,
        t.noCoverage,
        percent(score(t)),
        report,
      ].join('\t'),
    );
  }
  const sources = readdirSync(join(root, prefix), {
    recursive: true,
    encoding: 'utf8',
  })
    .filter(name => name.endsWith('.ts'))
    .map(name => `${prefix}${name}`)
    .sort();
  const scored = new Set(files.map(({ file }) => file));
  const missing = sources.filter(file => !scored.has(file));
  console.log(
    `${folder}/: ${files.length} of ${sources.length} files scored; ${total.mutants} mutants, ${total.killed} killed, ${total.timeout} timeout, ${total.survived} survived, ${total.noCoverage} no coverage, ${total.other} without verdict: score ${percent(score(total))} (${percent(coveredScore(total))} of the covered)`,
  );
  if (missing.length > 0) {
    console.log(
      `not scored: ${missing.map(file => file.slice(prefix.length)).join(', ')}`,
    );
  }
  if (argv.includes('--survivors')) {
    for (const { file, mutants } of files) {
      for (const mutant of mutants) {
        if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage')
          continue;
        console.log(
          `${relative(prefix, file)}:${mutant.location.start.line}\t${mutant.status}\t${mutant.mutatorName}${mutant.static === true ? ' static' : ''}\t${(mutant.replacement ?? '').replaceAll('\n', ' ').slice(0, 80)}`,
        );
      }
    }
  }
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === process.argv[1]
) {
  main(process.argv.slice(2));
}
