/**
 * The session file (decisions, notes, what-if sets) next to the first
 * input: `cluster.snapshot.json` -> `cluster.session.json`, a directory
 * `d/` -> `d.session.json`. Written atomically (temporary file, rename) and
 * readable by its owner only: it describes the cluster's weak points.
 */

import { existsSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import * as v from 'valibot';
import { describeIssues, SessionFile } from '@chokepoint/viewer-api';
import type { Session } from '@chokepoint/viewer-api';
import { HttpError } from './http.ts';

export function sessionPathFor(input: string | undefined): string {
  if (input === undefined || input === '-')
    return resolve('chokepoint.session.json');
  const path = resolve(input);
  if (existsSync(path) && statSync(path).isDirectory())
    return `${path}.session.json`;
  const ext = extname(path);
  const stem = basename(path, ext).replace(/\.snapshot$/, '');
  return join(dirname(path), `${stem}.session.json`);
}

export async function readSessionFile(file: string): Promise<Session> {
  if (!existsSync(file))
    throw new HttpError(404, `no session file yet at ${file}`);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new HttpError(422, `${file} is not JSON`);
  }
  const parsed = v.safeParse(SessionFile, value);
  if (!parsed.success)
    throw new HttpError(
      422,
      `${file} is not a chokepoint session: ${describeIssues(parsed.issues)}`,
    );
  return parsed.output;
}

export async function writeSessionFile(
  file: string,
  session: Session,
): Promise<void> {
  const tmp = `${file}.tmp-${String(process.pid)}`;
  await writeFile(tmp, `${JSON.stringify(session, null, 1)}\n`, {
    mode: 0o600,
  });
  await rename(tmp, file);
}
