import { describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';
import { runInPty, shellQuote } from '../support/pty.ts';
import { BIN, runCli } from '../support/run-cli.ts';

const DEMO = join(REPO_ROOT, 'examples/demo-cluster');
const ESC = '\x1b';
const ERASE = `${ESC}\\[2K`;
/** A status line: `chokepoint analyze 1.2 s, building the graph: rule 3 of 46`. */
const status = (command: string, label: string): RegExp =>
  new RegExp(`chokepoint ${command} \\d+\\.\\d s, ${label}`);

const ANALYZE_PHASES = [
  'reading',
  'findings',
  'building the graph',
  'paths',
  'choke points',
  'plan',
  'report',
];

// Each test spawns the CLI a few times; on a shared 2-core machine that is slow.
vi.setConfig({ testTimeout: 240_000 });

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'chokepoint-progress-'));
}

describe('progress on a terminal', () => {
  it('shows every phase of analyze on the terminal, in order, and keeps the report clean', async () => {
    const dir = await scratch();
    const report = join(dir, 'report.txt');
    const run = await runInPty(
      `${shellQuote(BIN)} analyze ${shellQuote(DEMO)} --max-candidates 2 > ${shellQuote(report)}`,
    );
    expect(run.code).toBe(0);
    let at = 0;
    for (const label of ANALYZE_PHASES) {
      const found = status('analyze', label).exec(run.transcript.slice(at));
      expect(
        found,
        `phase "${label}" after offset ${String(at)}`,
      ).not.toBeNull();
      at += found?.index ?? 0;
    }
    expect(run.transcript).toMatch(
      /choke points: \d of 2 candidate fixes measured/,
    );
    expect(run.transcript).toMatch(/reading: \d+ files?, \d+ objects?; /);
    // The status line is cleared at the end: its last frame is erased.
    expect(run.transcript.trimEnd().endsWith(`${ESC}[?25h`)).toBe(true);
    const text = await readFile(report, 'utf8');
    expect(text).not.toContain(ESC);
    const piped = await runCli(['analyze', DEMO, '--max-candidates', '2']);
    expect(text).toBe(piped.stdout);
  });

  it('shows the graph build and nothing with --quiet', async () => {
    const graph = await runInPty(
      `${shellQuote(BIN)} graph ${shellQuote(DEMO)} -o /dev/null`,
    );
    expect(graph.code).toBe(0);
    expect(graph.transcript).toMatch(status('graph', 'reading'));
    expect(graph.transcript).toMatch(
      status('graph', 'building the graph: rule \\d+ of \\d+'),
    );
    const quiet = await runInPty(
      `${shellQuote(BIN)} analyze ${shellQuote(DEMO)} --max-candidates 1 --quiet -o /dev/null`,
    );
    expect(quiet.code).toBe(0);
    expect(quiet.transcript).not.toContain('chokepoint analyze');
    expect(quiet.transcript).not.toContain(`${ESC}[`);
  });

  it('clears the status line before an error', async () => {
    const dir = await scratch();
    const run = await runInPty(
      `${shellQuote(BIN)} analyze ${shellQuote(DEMO)} ${shellQuote(join(dir, 'missing.yaml'))}`,
    );
    expect(run.code).toBe(2);
    const error = run.transcript.indexOf('chokepoint analyze: ');
    expect(error).toBeGreaterThan(-1);
    // The last status frame is erased (erase line, cursor up) before the message.
    expect(run.transcript.slice(0, error)).toMatch(
      new RegExp(
        `${ERASE}${ESC}\\[1A${ERASE}${ESC}\\[G(${ESC}\\[\\?2026l)?(${ESC}\\[\\?25h)?$`,
      ),
    );
    expect(run.transcript).toContain('missing.yaml: no such file or directory');
  });
});

describe('no progress off a terminal', () => {
  it('writes nothing but the report to a pipe: no status line, no escape sequence', async () => {
    const run = await runCli(['analyze', DEMO, '--max-candidates', '2']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain(ESC);
    expect(run.stdout).not.toMatch(status('analyze', ''));
    const graph = await runCli(['graph', DEMO, '--format', 'json']);
    expect(graph.stderr).toBe('');
    expect(graph.stdout).not.toContain(ESC);
    // No timings unless asked for.
    expect(Object.keys(JSON.parse(graph.stdout) as object)).not.toContain(
      'timings',
    );
  });

  it('shows the progress on the terminal even when stdout is a pipe, never on stdout', async () => {
    const dir = await scratch();
    const out = join(dir, 'stdout.txt');
    // stdout is a pipe into cat, stderr stays the terminal.
    const run = await runInPty(
      `sh -c ${shellQuote(`${shellQuote(BIN)} analyze ${shellQuote(DEMO)} --max-candidates 1 --format json | cat > ${shellQuote(out)}`)}`,
    );
    expect(run.code).toBe(0);
    expect(run.transcript).toMatch(status('analyze', 'choke points'));
    const stdout = await readFile(out, 'utf8');
    expect(stdout).not.toContain(ESC);
    expect(
      (JSON.parse(stdout) as { schemaVersion: number }).schemaVersion,
    ).toBe(1);
  });
});

describe('--timings', () => {
  it('gives each phase its wall time and heap, on stderr and in the JSON', async () => {
    const started = performance.now();
    const run = await runCli([
      'analyze',
      DEMO,
      '--max-candidates',
      '2',
      '--format',
      'json',
      '--timings',
    ]);
    const wallMs = performance.now() - started;
    expect(run.code).toBe(0);
    const { timings } = JSON.parse(run.stdout) as {
      timings: {
        phases: { phase: string; ms: number; heapMiB: number }[];
        totalMs: number;
      };
    };
    expect(timings.phases.map(p => p.phase)).toEqual([
      'read',
      'findings',
      'graph',
      'paths',
      'chokepoints',
      'plan',
      'report',
    ]);
    const sum = timings.phases.reduce((n, p) => n + p.ms, 0);
    // The phases tile the run: together no longer than the total, and the
    // total no longer than the process's life as the test saw it.
    expect(sum).toBeLessThanOrEqual(timings.totalMs + 1);
    expect(timings.totalMs).toBeLessThan(wallMs);
    for (const p of timings.phases) {
      expect(p.ms).toBeGreaterThanOrEqual(0);
      expect(p.heapMiB).toBeGreaterThan(1);
    }
    expect(run.stderr).toMatch(/^timings \(wall time of each phase/m);
    expect(run.stderr).toMatch(/^ {2}choke points +\d+\.\d\d s +\d+ MiB$/m);
  });
});
