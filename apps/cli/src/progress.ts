/**
 * What a long command shows while it works, and what `--timings` reports.
 *
 * On a terminal (stderr a TTY, no `--quiet`) one status line on stderr names
 * the phase and how far it is; log-update rewrites it in place, wrapping at
 * the terminal's width and hiding the cursor (restored even on Ctrl-C).
 * Nothing is drawn on a pipe, and nothing ever goes to stdout. The engine
 * and the reader only count; the clock and the heap figures are read here.
 */

import { createLogUpdate } from 'log-update';
import { escapeControls } from '@chokepoint/collector';
import type { ReadProgress } from '@chokepoint/collector';
import type { EngineProgress } from '@chokepoint/engine';
import type { OptionSpec, ParsedArgs } from './command.ts';
import type { Io } from './io.ts';

export const QUIET_OPTION: OptionSpec = {
  quiet: { type: 'boolean', short: 'q' },
};

export const QUIET_HELP = `  -q, --quiet              no progress line on the terminal`;

export const PROGRESS_OPTIONS: OptionSpec = {
  ...QUIET_OPTION,
  timings: { type: 'boolean' },
};

export const PROGRESS_HELP = `Progress options:
      --timings            print each phase's wall time and the heap after it
                           on stderr (and under "timings" in JSON output)
${QUIET_HELP}`;

const LABELS = {
  read: 'reading',
  graph: 'building the graph',
  paths: 'paths',
  chokepoints: 'choke points',
  plan: 'plan',
  findings: 'findings',
  report: 'report',
  viewer: 'viewer',
  collect: 'collecting',
  export: 'export',
} as const;

export type Phase = keyof typeof LABELS;

export interface PhaseTiming {
  readonly phase: Phase;
  /** Wall time of the phase, in milliseconds. */
  readonly ms: number;
  /** V8 heap in use when the phase ended, in MiB. */
  readonly heapMiB: number;
}

export interface Timings {
  readonly phases: readonly PhaseTiming[];
  readonly totalMs: number;
}

/** Redraws closer together than this are skipped (the phase's first is not). */
const REDRAW_MS = 80;

function unitsOf(progress: EngineProgress): string {
  const { done, total } = progress;
  switch (progress.phase) {
    case 'graph':
      return `rule ${String(done)} of ${String(total)}`;
    case 'chokepoints':
      return `${String(done)} of ${String(total)} candidate fixes measured`;
    case 'plan':
      return `${String(done)} of at most ${String(total)} combinations measured`;
    default:
      return '';
  }
}

const count = (n: number, noun: string): string =>
  `${String(n)} ${noun}${n === 1 ? '' : 's'}`;

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Status lines on the terminal now, cleared before an error is printed. */
const shown = new Set<Progress>();

/** Clears every status line (main calls it before printing an error). */
export function clearProgress(): void {
  for (const progress of shown) progress.clear();
}

export class Progress {
  readonly #command: string;
  #draw: ReturnType<typeof createLogUpdate> | undefined;
  #width: () => number = () => 80;
  readonly #started = performance.now();
  readonly #phases: PhaseTiming[] = [];
  #current: { phase: Phase; start: number } | undefined;
  #lastDraw = 0;

  constructor(io: Io, command: string, args?: ParsedArgs) {
    this.#command = command;
    const terminal = io.terminal;
    if (
      terminal === undefined ||
      args?.values.quiet === true ||
      process.env.TERM === 'dumb'
    )
      return;
    const columns = (): number => terminal.columns || 80;
    this.#width = columns;
    // A pseudo-terminal nobody sized (script(1), some CI runners) reports
    // 0 rows and columns, where log-update would draw nothing.
    this.#draw = createLogUpdate({
      isTTY: true,
      write: (text: string) => terminal.write(text),
      get columns() {
        return columns();
      },
      get rows() {
        return terminal.rows || 24;
      },
    } as unknown as NodeJS.WriteStream);
  }

  /** Starts `phase` (ending the one before) or says how far it is. */
  phase(phase: Phase, detail = ''): void {
    const now = performance.now();
    const changed = this.#current?.phase !== phase;
    if (changed) {
      this.#close(now);
      this.#current = { phase, start: now };
    }
    if (this.#draw === undefined) return;
    if (!changed && now - this.#lastDraw < REDRAW_MS) return;
    this.#lastDraw = now;
    shown.add(this);
    const seconds = ((now - this.#started) / 1000).toFixed(1);
    // File and resource names come from the input: no escape sequences.
    const line = escapeControls(
      `chokepoint ${this.#command} ${seconds} s, ${LABELS[phase]}${detail === '' ? '' : `: ${detail}`}`,
    );
    // One line that never wraps: a wrapped status line jumps as it changes.
    const width = Math.max(20, this.#width() - 1);
    this.#draw(line.length > width ? `${line.slice(0, width - 1)}…` : line);
  }

  /** The engine's callback (build and analysis options' `onProgress`). */
  readonly engine = (progress: EngineProgress): void => {
    this.phase(progress.phase, unitsOf(progress));
  };

  /** The reader's callback (`readInputs` options' `onProgress`). */
  readonly read = (progress: ReadProgress): void => {
    this.phase(
      'read',
      `${count(progress.files, 'file')}, ${count(progress.objects, 'object')}; ${progress.file}`,
    );
  };

  /** Clears the status line (before a message meant to stay), keeping the clock. */
  clear(): void {
    if (!shown.delete(this)) return;
    this.#draw?.clear();
    this.#draw?.done();
  }

  /** Ends the current phase and clears the status line; the timings so far. */
  end(): Timings {
    this.#close(performance.now());
    this.#current = undefined;
    this.clear();
    return this.timings();
  }

  /**
   * Ends the run. With `--timings`, prints the table on stderr and returns
   * the `report`, when it is JSON, with the timings added: in parts to be
   * written one after the other, so a large report is never copied whole.
   */
  finish(
    args: ParsedArgs,
    io: Io,
    report = '',
    json = false,
  ): readonly string[] {
    const timings = this.end();
    if (args.values.timings !== true) return [report];
    io.stderr(timingsText(timings));
    return json ? jsonWithTimings(report, timings) : [report];
  }

  timings(): Timings {
    return {
      phases: [...this.#phases],
      totalMs: round1(performance.now() - this.#started),
    };
  }

  #close(now: number): void {
    if (this.#current === undefined) return;
    const heapMiB = round1(process.memoryUsage().heapUsed / 2 ** 20);
    const ms = now - this.#current.start;
    const phase = this.#current.phase;
    // A phase met again (the what-if's first build) adds to its first entry.
    const seen = this.#phases.findIndex(p => p.phase === phase);
    const entry = {
      phase,
      ms: round1(ms + (this.#phases[seen]?.ms ?? 0)),
      heapMiB,
    };
    if (seen === -1) this.#phases.push(entry);
    else this.#phases[seen] = entry;
  }
}

/** The `--timings` table for stderr. */
function timingsText(timings: Timings): string {
  const width = Math.max(...Object.values(LABELS).map(l => l.length));
  const rows = timings.phases.map(
    p =>
      `  ${LABELS[p.phase].padEnd(width)}  ${(p.ms / 1000).toFixed(2).padStart(8)} s  ${p.heapMiB.toFixed(0).padStart(6)} MiB`,
  );
  return [
    'timings (wall time of each phase, V8 heap in use after it):',
    ...rows,
    `  ${'total'.padEnd(width)}  ${(timings.totalMs / 1000).toFixed(2).padStart(8)} s`,
    '',
  ].join('\n');
}

/**
 * A JSON report with `timings` added last: the report's own rendering is
 * then part of the figures it carries.
 */
function jsonWithTimings(json: string, timings: Timings): string[] {
  const body = json.trimEnd();
  if (!body.endsWith('}') || /^\{\s*\}$/.test(body)) return [json];
  return [
    body.slice(0, -1).trimEnd(),
    `,\n "timings": ${JSON.stringify(timings)}\n}\n`,
  ];
}
