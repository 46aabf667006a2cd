// @ts-check
// StrykerJS over one folder of packages/engine/src at a time
// (scripts/mutation.sh FOLDER; docs/testing.md). Each folder keeps its own
// incremental file, so a re-run only tests the mutants whose code or covering
// tests changed. Not part of `npm test`: a full run takes tens of minutes.
const folder = process.env.CHOKEPOINT_MUTATE ?? 'rbac';
// A batch (CHOKEPOINT_MUTATION_BATCH, with --mutate naming some files of the
// folder) keeps its own reports, so batches of a large folder add up.
const batch = process.env.CHOKEPOINT_MUTATION_BATCH;
const report = `reports/mutation/${folder.replaceAll('/', '-')}${batch ? `-${batch}` : ''}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    `packages/engine/src/${folder}/**/*.ts`,
    ...(process.env.CHOKEPOINT_MUTATE_EXCLUDE ?? '')
      .split(',')
      .filter(Boolean)
      .map(pattern => `!${pattern}`),
  ],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: `${report}.incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${report}.html` },
  jsonReporter: { fileName: `${report}.json` },
  clearTextReporter: { allowColor: false, logTests: false },
  concurrency: Number(process.env.CHOKEPOINT_MUTATION_CONCURRENCY ?? 2),
  // The sandbox lives in .stryker-tmp/; scripts/mutation.sh links
  // .stryker-tmp/shared so the tests find ../shared as they do in a checkout.
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  timeoutMS: 20_000,
  // The first run of all selected tests, on a loaded 2-core machine.
  dryRunTimeoutMinutes: 60,
  thresholds: { high: 90, low: 75, break: null },
};
