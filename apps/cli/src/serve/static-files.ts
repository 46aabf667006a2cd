/**
 * The viewer's built files. Paths are resolved inside the build only (no
 * traversal), and a malformed escape is a 400, not a crash.
 */

import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, normalize, resolve, sep } from 'node:path';
import { HttpError, send } from './http.ts';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new HttpError(400, 'malformed escape in the URL path');
  }
}

/** A file of the viewer's build, `/` being its index.html. */
export async function sendStatic(
  res: ServerResponse,
  dist: string,
  path: string,
): Promise<void> {
  const relative = normalize(
    decodePath(path === '/' ? '/index.html' : path),
  ).replace(/^([/\\])+/, '');
  const file = resolve(dist, relative);
  if (
    !file.startsWith(dist + sep) ||
    !existsSync(file) ||
    statSync(file).isDirectory()
  ) {
    send(res, 404, 'not found', 'text/plain; charset=utf-8');
    return;
  }
  send(
    res,
    200,
    await readFile(file),
    MIME[extname(file)] ?? 'application/octet-stream',
  );
}
