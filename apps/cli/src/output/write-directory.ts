/**
 * Writes a set of files into a directory a command was given with `--out`:
 * created when missing, refused when it already holds files (so nothing of
 * an earlier run is mixed in or overwritten); shell scripts are executable.
 */

import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeFailure, UsageError } from '../errors.ts';

export async function writeDirectory(
  dir: string,
  files: readonly { readonly name: string; readonly content: string }[],
): Promise<void> {
  let existing: string[] = [];
  try {
    existing = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new UsageError(`--out ${dir}: not a directory`);
    // Missing: created below.
  }
  if (existing.length > 0)
    throw new UsageError(
      `--out ${dir}: the directory is not empty; give a new or empty directory`,
    );
  try {
    await mkdir(dir, { recursive: true });
    for (const file of files) {
      const path = join(dir, file.name);
      await writeFile(path, file.content, 'utf8');
      if (file.name.endsWith('.sh')) await chmod(path, 0o755);
    }
  } catch (error) {
    throw new RuntimeFailure(
      `cannot write ${dir}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
