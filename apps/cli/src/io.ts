/**
 * Standard streams, behind an interface so commands can be tested in-process.
 * Standard input is read no further than the input limit; what goes to the
 * terminal passes through safeOutput, so text from the input (object and
 * file names) cannot carry terminal escape sequences.
 */

import { safeOutput } from './safe-output.ts';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input as UTF-8 text, at most `maxBytes` (else InputError, exit 2). */
  readonly readStdin: (maxBytes: number) => Promise<string>;
  /** stderr when it is a terminal: progress is shown on it, and only then. */
  readonly terminal?: NodeJS.WriteStream;
}

/**
 * Writes to a standard stream, quietly dropping what a reader that went away
 * (`chokepoint analyze ... | head -1`) no longer wants: a broken pipe is no
 * error, so there is no stack trace and the exit code stays the command's.
 */
function brokenPipeSafe(stream: NodeJS.WriteStream): (text: string) => void {
  let broken = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    broken = true;
  });
  return text => {
    if (!broken) stream.write(text);
  };
}

export function processIo(): Io {
  const stdout = brokenPipeSafe(process.stdout);
  const stderr = brokenPipeSafe(process.stderr);
  return {
    stdout: text => {
      stdout(safeOutput(text));
    },
    stderr,
    // The reader is loaded when a command reads stdin, not at every start.
    readStdin: async maxBytes =>
      (await import('@chokepoint/collector')).readInputStream(
        process.stdin,
        maxBytes,
      ),
    ...(process.stderr.isTTY ? { terminal: process.stderr } : {}),
  };
}
