import { defineConfig } from 'vitest/config';
import type { RunnerTestCase, RunnerTestFile } from 'vitest';
import type { Reporter } from 'vitest/reporters';
import type { Vitest } from 'vitest/node';

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

function hasFailedTest(suite: {
  tasks: readonly RunnerTestFile['tasks'][number][];
}): boolean {
  return suite.tasks.some(task =>
    task.type === 'test' ? task.result?.state === 'fail' : hasFailedTest(task),
  );
}

/**
 * A mutant that throws while a test file loads (a describe body building its
 * model) fails the file but no test, and the Stryker vitest runner (9.6.1)
 * builds a mutant's verdict from tests only, so it scored such a mutant as
 * survived although the suite catches it (stryker-js#6150). This reporter
 * gives a file that failed without a failed test one failed test carrying
 * the file's error, so Stryker counts the mutant as killed.
 */
function loadFailureAsFailedTest(): Reporter {
  let vitest: Vitest | undefined;
  return {
    onInit(context) {
      vitest = context;
    },
    onTestRunEnd() {
      for (const file of vitest?.state.getFiles() ?? []) {
        if (file.result?.state !== 'fail' || hasFailedTest(file)) continue;
        const loads = {
          type: 'test',
          name: 'the test file loads',
          id: `${file.id}_loads`,
          mode: 'run',
          file,
          suite: file,
          meta: {},
          annotations: [],
          context: {},
          result: { state: 'fail', errors: file.result.errors ?? [] },
        } as unknown as RunnerTestCase;
        file.tasks.push(loads);
      }
    },
  };
}

export default defineConfig({
  test: {
    include,
    exclude: ['**/node_modules/**'],
    testTimeout: 120_000,
    reporters: ['default', loadFailureAsFailedTest()],
  },
});
