/** Prints a command's result, or writes it to `--out FILE`. */

import { open } from 'node:fs/promises';
import { RuntimeFailure } from '../errors.ts';
import type { Io } from '../io.ts';
import { safeOutput } from '../safe-output.ts';

/**
 * Characters written at a time: a report of 100k pods is 170 MB of JSON,
 * and made safe and encoded whole it would be held twice more.
 */
export const CHUNK = 1 << 23;

function* chunks(parts: readonly string[]): Generator<string> {
  for (const part of parts) {
    for (let at = 0; at < part.length;) {
      let end = Math.min(part.length, at + CHUNK);
      // Never between the two halves of a surrogate pair.
      const last = part.charCodeAt(end - 1);
      if (end < part.length && last >= 0xd800 && last <= 0xdbff) end--;
      yield part.slice(at, end);
      at = end;
    }
  }
}

/** The text, or its parts one after the other. */
export async function writeOutput(
  io: Io,
  text: string | readonly string[],
  out: string | undefined,
): Promise<void> {
  const parts = typeof text === 'string' ? [text] : text;
  if (out === undefined) {
    for (const chunk of chunks(parts)) io.stdout(chunk);
    return;
  }
  try {
    const file = await open(out, 'w');
    try {
      for (const chunk of chunks(parts))
        await file.write(safeOutput(chunk), null, 'utf8');
    } finally {
      await file.close();
    }
  } catch (error) {
    throw new RuntimeFailure(
      `cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
