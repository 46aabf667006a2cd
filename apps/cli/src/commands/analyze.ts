/**
 * `chokepoint analyze INPUT...`: exposure, attack paths, ranked choke points
 * with measured effects, the remediation plan, and findings, as a report for
 * a person (text, markdown) or a machine (json, sarif).
 */

import {
  analyze,
  closeMatches,
  entryClass,
  objectById,
  UnknownFixError,
  UnknownIdError,
} from '@chokepoint/engine';
import type { AnalysisResult } from '@chokepoint/engine';
import type { SourceLocation } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { readFileSync } from 'node:fs';
import type { Command, ParsedArgs } from '../command.ts';
import { formatArg, stringOption } from '../command.ts';
import { EXIT, UsageError } from '../errors.ts';
import {
  INPUT_HELP,
  INPUT_OPTIONS,
  readAnalysisInput,
} from '../analysis-input.ts';
import { analysisText } from '../output/analysis-text.ts';
import { patchFiles } from '../output/patches.ts';
import { writeDirectory } from '../output/write-directory.ts';
import { toSarif } from '../output/sarif.ts';
import type { SarifInput } from '../output/sarif.ts';
import { docsPath } from '../assets.ts';
import { writeOutput } from '../output/write-output.ts';
import { Progress, PROGRESS_HELP, PROGRESS_OPTIONS } from '../progress.ts';

const FAIL_ON = ['exposed', 'critical', 'high'] as const;

function list(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/**
 * Whether the `--fail-on` condition holds (exit code 1, for CI gates):
 * `exposed`: an entry point reaches a critical asset; `critical`: an outside
 * attacker (the Internet, anonymous or any authenticated user) does, or a
 * finding is critical; `high`: `exposed`, or a finding of high severity or worse.
 * A path or finding the policy file accepts (until its date) fails no gate.
 */
export function failOnMet(result: AnalysisResult, condition: string): boolean {
  // Accepted risks of the policy file do not fail a gate until they expire.
  const open = result.paths.filter(p => p.accepted === undefined);
  const external = open.filter(
    p => entryClass(p.from) !== 'container' && entryClass(p.from) !== 'other',
  ).length;
  const severities = new Set(
    result.findings.filter(f => f.accepted === undefined).map(f => f.severity),
  );
  switch (condition) {
    case 'exposed':
      return open.length > 0;
    case 'critical':
      return external > 0 || severities.has('critical');
    default:
      return (
        open.length > 0 || severities.has('critical') || severities.has('high')
      );
  }
}

function readOrUndefined(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** What the SARIF report reads besides the analysis: places, pages, manifests. */
function sarifInput(
  snapshot: Snapshot,
  locations: ReadonlyMap<string, SourceLocation>,
): SarifInput {
  const sources = new Map<string, string | undefined>();
  return {
    locations,
    inputFile: snapshot.collection.sources[0]?.path ?? 'stdin',
    cwd: process.cwd(),
    techniquePage: kind => readOrUndefined(docsPath('attacks', `${kind}.md`)),
    source: file => {
      if (!sources.has(file)) sources.set(file, readOrUndefined(file));
      return sources.get(file);
    },
  };
}

export const analyzeCommand: Command = {
  usage:
    'chokepoint analyze INPUT... [--format text|json|sarif|markdown|patches] [--out FILE|DIR] [--fail-on exposed|critical|high]',
  help: `${INPUT_HELP}

Options:
      --entry ID           an entry point (repeatable; replaces the defaults:
                           Internet, anonymous and authenticated users, every container;
                           a User:NAME or Group:NAME exists even if no binding names it)
      --critical ID        a critical asset (repeatable; replaces the defaults)
      --apply-fix FIX      analyse as if this fix were made (repeatable; ids from
                           a previous report's chokepoints[].fix.id)
      --format FORMAT      text (default), json (cli-contract), sarif (2.1.0), markdown,
                           patches (the remediation plan as kubectl scripts and
                           patch files in the --out directory)
  -o, --out FILE|DIR       write the report to FILE (with --format patches: into
                           DIR, new or empty)
      --fail-on WHAT       exit 1 when: exposed (any entry point reaches a
                           critical asset), critical (the Internet, anonymous or
                           any authenticated user does, or a critical finding),
                           high (exposed, or a finding of high severity)
      --max-candidates N   candidate fixes to measure, those that can cut the most
                           first (default: 40 on small clusters, fewer as the graph
                           grows, at least 3)

${PROGRESS_HELP}

Examples:
  chokepoint analyze examples/demo-cluster
  chokepoint analyze cluster.snapshot.json --format json --out report.json --fail-on critical
  chokepoint analyze cluster.snapshot.json --format patches --out fixes/ && DRY_RUN=server bash fixes/apply.sh`,
  options: {
    ...INPUT_OPTIONS,
    ...PROGRESS_OPTIONS,
    entry: { type: 'string', multiple: true },
    critical: { type: 'string', multiple: true },
    'apply-fix': { type: 'string', multiple: true },
    format: { type: 'string' },
    out: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    'max-candidates': { type: 'string' },
  },
  async run(args, io) {
    const format = formatArg(
      args,
      ['text', 'json', 'sarif', 'markdown', 'patches'],
      'text',
    );
    const out = stringOption(args, 'out');
    if (format === 'patches' && out === undefined)
      throw new UsageError('--format patches needs --out DIR');
    const failOn = stringOption(args, 'fail-on');
    if (
      failOn !== undefined &&
      !(FAIL_ON as readonly string[]).includes(failOn)
    ) {
      throw new UsageError(
        `--fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}")`,
      );
    }
    const maxText = stringOption(args, 'max-candidates');
    const maxCandidates = maxText === undefined ? undefined : Number(maxText);
    if (
      maxCandidates !== undefined &&
      (!Number.isInteger(maxCandidates) || maxCandidates < 0)
    ) {
      throw new UsageError(
        `--max-candidates must be a whole number (got "${maxText ?? ''}")`,
      );
    }
    const progress = new Progress(io, 'analyze', args);
    const { snapshot, policy, locations } = await readAnalysisInput(
      args,
      io,
      progress,
    );
    let analysis;
    try {
      analysis = analyze(snapshot, {
        policy,
        onProgress: progress.engine,
        entry: list(args, 'entry'),
        critical: list(args, 'critical'),
        applyFixes: list(args, 'apply-fix'),
        today: new Date().toISOString().slice(0, 10),
        ...(maxCandidates === undefined ? {} : { maxCandidates }),
      });
    } catch (error) {
      if (error instanceof UnknownIdError) {
        const hints = error.ids.flatMap(id => closeMatches(id, error.known, 3));
        throw new UsageError(
          `${error.message}${hints.length > 0 ? `; did you mean:\n  ${hints.join('\n  ')}` : ''}`,
        );
      }
      if (error instanceof UnknownFixError) {
        const hints = error.ids.flatMap(id => closeMatches(id, error.known, 3));
        throw new UsageError(
          `${error.message}${hints.length > 0 ? `; did you mean:\n  ${hints.join('\n  ')}` : ''}`,
        );
      }
      throw error;
    } finally {
      progress.clear();
    }
    const { result } = analysis;
    const index = format === 'patches' ? analysis.build.index : undefined;
    // The graph and what it was derived from are most of the heap (2.5 GiB
    // at 100k pods): let them go before the report's text is made.
    analysis = undefined;
    progress.phase('report');
    if (format === 'patches' && out !== undefined && index !== undefined) {
      await writeDirectory(
        out,
        patchFiles(result, id => objectById(index, id)),
      );
      progress.finish(args, io, '', false);
      return failOn !== undefined && failOnMet(result, failOn)
        ? EXIT.failOn
        : EXIT.ok;
    }
    const text =
      format === 'json'
        ? `${JSON.stringify(result, null, 1)}\n`
        : format === 'sarif'
          ? `${JSON.stringify(toSarif(result, sarifInput(snapshot, locations)), null, 1)}\n`
          : analysisText(result, format === 'markdown');
    const report = progress.finish(args, io, text, format === 'json');
    await writeOutput(io, report, out);
    return failOn !== undefined && failOnMet(result, failOn)
      ? EXIT.failOn
      : EXIT.ok;
  },
};
