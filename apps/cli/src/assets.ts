/**
 * Files the command ships besides its code (the docs the viewer and the
 * SARIF help show): beside the bundle in the npm package (dist/cli.js ->
 * ../docs), or at the repository root when run from the sources.
 */

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The path of a shipped file or folder (e.g. `docs/attacks`), if present. */
export function shippedPath(path: string): string | undefined {
  return [resolve(HERE, '..', path), resolve(HERE, '../../..', path)].find(
    candidate => existsSync(candidate),
  );
}

export function docsPath(...segments: string[]): string | undefined {
  const docs = shippedPath('docs');
  return docs === undefined ? undefined : join(docs, ...segments);
}
