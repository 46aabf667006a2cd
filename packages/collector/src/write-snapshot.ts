/**
 * Writes a snapshot file: minimal (only what the analysis reads,
 * minimal/allow-list.ts), readable by its owner only (0600: it maps a
 * cluster's weak points), and atomically (temporary file, then rename), so
 * an interrupted write never leaves a half snapshot in place of a good one.
 */

import { rename, writeFile, unlink } from 'node:fs/promises';
import type { Snapshot } from '@chokepoint/model';
import { minimiseSnapshot } from './minimal/minimise.ts';

export async function writeSnapshot(
  path: string,
  snapshot: Snapshot,
): Promise<void> {
  const temporary = `${path}.${String(process.pid)}.tmp`;
  try {
    // A file left at that name (an earlier crash) would keep its own mode: start anew.
    await unlink(temporary).catch(() => undefined);
    await writeFile(
      temporary,
      `${JSON.stringify(minimiseSnapshot(snapshot), null, 1)}\n`,
      { encoding: 'utf8', mode: 0o600, flag: 'wx' },
    );
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
