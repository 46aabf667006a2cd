/**
 * The `chokepoint` command line: parses arguments with util.parseArgs,
 * dispatches through a table of commands, and maps errors to the exit codes
 * of cli-contract.md. Bad input never shows a stack trace.
 */

import { parseArgs } from 'node:util';
import type { Command, CommandEntry } from './command.ts';
import { COMMANDS, commandEntry } from './command-table.ts';
import { EXIT, RuntimeFailure, UsageError } from './errors.ts';
import { processIo } from './io.ts';
import type { Io } from './io.ts';
import { VERSION } from './version.ts';

export { COMMANDS } from './command-table.ts';

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

function commandHelp(entry: CommandEntry, command: Command): string {
  return `Usage: ${command.usage}\n\n${entry.summary}.\n\n${command.help}\n`;
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
    const topic = first === 'help' ? commandEntry(rest[0]) : undefined;
    io.stdout(topic ? commandHelp(topic, await topic.load()) : mainHelp());
    return EXIT.ok;
  }
  if (first === '-V' || first === '--version') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const entry = commandEntry(first);
  if (!entry) {
    io.stderr(`chokepoint: unknown command "${first}"\n\n${mainHelp()}`);
    return EXIT.badInput;
  }
  const command = await entry.load();
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(commandHelp(entry, command));
      return EXIT.ok;
    }
    const parsed = parseOrUsage(command, rest);
    return await command.run(parsed, io);
  } catch (error) {
    return await reportError(error, entry.name, command, io);
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

async function reportError(
  error: unknown,
  name: string,
  command: Command,
  io: Io,
): Promise<number> {
  // Loaded by the command already: these imports cost nothing here.
  const { InputError, escapeControls } = await import('@chokepoint/collector');
  (await import('./progress.ts')).clearProgress();
  // Every message shows its text with control characters escaped, line by line.
  const safe = (text: string) =>
    text.split('\n').map(escapeControls).join('\n');
  if (error instanceof InputError) {
    io.stderr(`chokepoint ${name}: ${safe(error.message)}\n`);
    return EXIT.badInput;
  }
  if (error instanceof UsageError) {
    io.stderr(
      `chokepoint ${name}: ${safe(error.message)}\nUsage: ${command.usage}\n`,
    );
    return EXIT.badInput;
  }
  if (error instanceof RuntimeFailure) {
    io.stderr(`chokepoint ${name}: ${safe(error.message)}\n`);
    return EXIT.runtime;
  }
  const detail =
    error instanceof Error
      ? process.env.CHOKEPOINT_DEBUG
        ? (error.stack ?? error.message)
        : error.message
      : String(error);
  io.stderr(
    `chokepoint ${name}: internal error: ${safe(detail.slice(0, 2000))}\n(set CHOKEPOINT_DEBUG=1 for a stack trace, and please report it)\n`,
  );
  return EXIT.runtime;
}
