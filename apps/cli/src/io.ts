/**
 * Standard streams, behind an interface so commands can be tested in-process.
 * Standard input is read no further than the input limit; what goes to the
 * terminal passes through safeOutput, so text from the input (object and
 * file names) cannot carry terminal escape sequences.
 */

import { escapeControls, readInputStream } from '@chokepoint/collector';
import { safeOutput } from './safe-output.ts';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input as UTF-8 text, at most `maxBytes` (else InputError, exit 2). */
  readonly readStdin: (maxBytes: number) => Promise<string>;
  /** True when stderr is a terminal: progress is shown only then. */
  readonly interactive: boolean;
}

export function processIo(): Io {
  return {
    stdout: text => process.stdout.write(safeOutput(text)),
    stderr: text => process.stderr.write(text),
    readStdin: maxBytes => readInputStream(process.stdin, maxBytes),
    interactive: process.stderr.isTTY,
  };
}

/** A one-line progress display that rewrites itself on a terminal. */
export function progress(
  io: Io,
): ((message: string) => void) & { done: () => void } {
  let shown = false;
  const show = (message: string): void => {
    if (!io.interactive) return;
    const line = escapeControls(
      message.length > 100 ? `…${message.slice(-99)}` : message,
    );
    io.stderr(`\r\x1b[2K${line}`);
    shown = true;
  };
  return Object.assign(show, {
    done: () => {
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  });
}
