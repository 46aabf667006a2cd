/**
 * The entry of the published package's `chokepoint` bin (compiled by
 * scripts/package.mjs; the repository's bin runs main.ts through tsx).
 * `--version` answers before the commands and their libraries are loaded.
 */

import { VERSION } from './version.ts';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./main.ts');
  process.exitCode = await main(args);
}
