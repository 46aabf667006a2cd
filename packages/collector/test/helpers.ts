import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readInputs } from '../src/index.ts';
import type { Snapshot } from '@chokepoint/model';

export async function tempTree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'chokepoint-'));
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
  }
  return root;
}

export function read(inputs: string[], stdin = ''): Promise<Snapshot> {
  return readInputs(inputs, {
    readStdin: () => Promise.resolve(stdin),
    now: () => new Date('2026-01-02T03:04:05Z'),
    tool: 'chokepoint test',
  });
}

export function countsByKind(snapshot: Snapshot): Record<string, number> {
  return Object.fromEntries(
    Object.entries(snapshot.objects).map(([kind, list]) => [kind, list.length]),
  );
}
