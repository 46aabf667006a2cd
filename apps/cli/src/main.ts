/**
 * The `chokepoint` command line: parses arguments with util.parseArgs,
 * dispatches through a table of commands, and maps errors to the exit codes
 * of cli-contract.md. Bad input never shows a stack trace.
 */

import { parseArgs } from 'node:util';
import { InputError, escapeControls } from '@chokepoint/collector';
import type { Command } from './command.ts';
import { analyzeCommand } from './commands/analyze.ts';
import { blastCommand } from './commands/blast.ts';
import { collectCommand } from './commands/collect.ts';
import { exportCommand } from './commands/export.ts';
import { diffCommand } from './commands/diff.ts';
import { generateCommand } from './commands/generate.ts';
import { graphCommand } from './commands/graph.ts';
import { pathCommand } from './commands/path.ts';
import { serveCommand } from './commands/serve.ts';
import { snapshotCommand } from './commands/snapshot.ts';
import { EXIT, RuntimeFailure, UsageError } from './errors.ts';
import { processIo } from './io.ts';
import { clearProgress } from './progress.ts';
import type { Io } from './io.ts';
import { VERSION } from './version.ts';

export const COMMANDS: readonly Command[] = [
  analyzeCommand,
  blastCommand,
  diffCommand,
  graphCommand,
  pathCommand,
  snapshotCommand,
  collectCommand,
  generateCommand,
  serveCommand,
  exportCommand,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map(c => c.name.length));
  return `chokepoint ${VERSION}: Kubernetes attack paths and the fixes that cut them

Usage: chokepoint COMMAND [options]

Commands:
${COMMANDS.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  -h, --help     show help (chokepoint COMMAND --help for a command)
  -V, --version  print the version

Exit codes: 0 success, 1 a --fail-on condition was met, 2 bad usage or input,
3 runtime failure.
`;
}

function commandHelp(command: Command): string {
  return `Usage: ${command.usage}\n\n${command.summary}.\n\n${command.help}\n`;
}

export async function main(
  argv: readonly string[],
  io: Io = processIo(),
): Promise<number> {
  const [first, ...rest] = argv;
  if (
    first === undefined ||
    first === '-h' ||
    first === '--help' ||
    first === 'help'
  ) {
    const topic =
      first === 'help' ? COMMANDS.find(c => c.name === rest[0]) : undefined;
    io.stdout(topic ? commandHelp(topic) : mainHelp());
    return EXIT.ok;
  }
  if (first === '-V' || first === '--version') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find(c => c.name === first);
  if (!command) {
    io.stderr(`chokepoint: unknown command "${first}"\n\n${mainHelp()}`);
    return EXIT.badInput;
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(commandHelp(command));
      return EXIT.ok;
    }
    const parsed = parseOrUsage(command, rest);
    return await command.run(parsed, io);
  } catch (error) {
    return reportError(error, command, io);
  }
}

function parseOrUsage(command: Command, args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message : String(error),
    );
  }
}

/** Every message shows its text with control characters escaped, line by line. */
function safeLines(text: string): string {
  return text.split('\n').map(escapeControls).join('\n');
}

function reportError(error: unknown, command: Command, io: Io): number {
  clearProgress();
  if (error instanceof InputError) {
    io.stderr(`chokepoint ${command.name}: ${safeLines(error.message)}\n`);
    return EXIT.badInput;
  }
  if (error instanceof UsageError) {
    io.stderr(
      `chokepoint ${command.name}: ${safeLines(error.message)}\nUsage: ${command.usage}\n`,
    );
    return EXIT.badInput;
  }
  if (error instanceof RuntimeFailure) {
    io.stderr(`chokepoint ${command.name}: ${safeLines(error.message)}\n`);
    return EXIT.runtime;
  }
  const detail =
    error instanceof Error
      ? process.env.CHOKEPOINT_DEBUG
        ? (error.stack ?? error.message)
        : error.message
      : String(error);
  io.stderr(
    `chokepoint ${command.name}: internal error: ${safeLines(detail.slice(0, 2000))}\n(set CHOKEPOINT_DEBUG=1 for a stack trace, and please report it)\n`,
  );
  return EXIT.runtime;
}
