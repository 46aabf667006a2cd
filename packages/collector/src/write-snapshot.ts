/**
 * Writes a snapshot file atomically (temporary file, then rename), so an
 * interrupted write never leaves a half snapshot in place of a good one.
 */

import { rename, writeFile, unlink } from 'node:fs/promises';
import type { Snapshot } from '@chokepoint/model';

export async function writeSnapshot(
  path: string,
  snapshot: Snapshot,
): Promise<void> {
  const temporary = `${path}.${String(process.pid)}.tmp`;
  try {
    await writeFile(
      temporary,
      `${JSON.stringify(snapshot, null, 1)}\n`,
      'utf8',
    );
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
