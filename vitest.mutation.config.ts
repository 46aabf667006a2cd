import { defineConfig } from 'vitest/config';

// The tests Stryker runs against the mutated engine (scripts/mutation.sh):
// engine unit tests without the `projects` split of vitest.config.ts, which
// the Stryker vitest runner does not select from. CHOKEPOINT_MUTATION_TESTS
// (comma-separated globs, set per folder by the script) narrows them to the
// tests that exercise the mutated folder, which keeps each mutant's run short.
const include = (
  process.env.CHOKEPOINT_MUTATION_TESTS ?? 'packages/engine/test/**/*.test.ts'
)
  .split(',')
  .filter(Boolean);

export default defineConfig({
  test: {
    include,
    exclude: ['**/node_modules/**'],
    testTimeout: 120_000,
  },
});
