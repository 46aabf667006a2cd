/**
 * Standard streams, behind an interface so commands can be tested in-process.
 * Standard input is read no further than the input limit; what goes to the
 * terminal passes through safeOutput, so text from the input (object and
 * file names) cannot carry terminal escape sequences.
 */

import { readInputStream } from '@chokepoint/collector';
import { safeOutput } from './safe-output.ts';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input as UTF-8 text, at most `maxBytes` (else InputError, exit 2). */
  readonly readStdin: (maxBytes: number) => Promise<string>;
  /** stderr when it is a terminal: progress is shown on it, and only then. */
  readonly terminal?: NodeJS.WriteStream;
}

export function processIo(): Io {
  return {
    stdout: text => process.stdout.write(safeOutput(text)),
    stderr: text => process.stderr.write(text),
    readStdin: maxBytes => readInputStream(process.stdin, maxBytes),
    ...(process.stderr.isTTY ? { terminal: process.stderr } : {}),
  };
}
