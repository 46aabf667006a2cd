/** Prints a command's result, or writes it to `--out FILE`. */

import { writeFile } from 'node:fs/promises';
import { RuntimeFailure } from '../errors.ts';
import type { Io } from '../io.ts';
import { safeOutput } from '../safe-output.ts';

export async function writeOutput(
  io: Io,
  text: string,
  out: string | undefined,
): Promise<void> {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  try {
    await writeFile(out, safeOutput(text), 'utf8');
  } catch (error) {
    throw new RuntimeFailure(
      `cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
