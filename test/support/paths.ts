/**
 * Where the shared conformance data lives. CI clones the repository into a
 * fresh folder with shared/ beside it, exactly as in a developer's workplace,
 * so the path is found relative to this file.
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED = fileURLToPath(
  new URL('../../../shared/', import.meta.url),
);
export const CONFORMANCE = `${SHARED}conformance/`;

if (!existsSync(CONFORMANCE)) {
  throw new Error(
    `conformance data not found at ${CONFORMANCE}: the shared/ folder must sit beside the repository`,
  );
}
