/**
 * The viewer's built files and the technique docs. Paths are resolved
 * inside their directory only (no traversal), and a malformed escape is a
 * 400, not a crash.
 */

import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docsPath } from '../assets.ts';
import { HttpError, send } from './http.ts';

const DOCS_DIR =
  docsPath('attacks') ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../../docs/attacks');

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

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** `/docs/attacks/KIND.md`: the technique's doc page. */
export async function sendTechniqueDoc(
  res: ServerResponse,
  kind: string,
): Promise<void> {
  const file = join(DOCS_DIR, `${kind}.md`);
  const text = existsSync(file) ? await readFile(file, 'utf8') : undefined;
  const bodyText = text ?? `docs/attacks/${kind}.md is not written yet.`;
  send(
    res,
    text === undefined ? 404 : 200,
    `<!doctype html><meta charset="utf-8"><title>${kind}</title><style>body{font:16px/1.5 system-ui;max-width:60em;margin:2em auto}pre{white-space:pre-wrap}</style><pre>${escapeHtml(bodyText)}</pre>`,
    'text/html; charset=utf-8',
  );
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
