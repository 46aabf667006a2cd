import { defineConfig } from 'vitest/config';

// Three projects: `unit` (offline, the default), `it` (real kube-apiserver,
// Neo4j and Chromium, started by the project's own scripts) and
// `differential` (the full random parts of the what-if differential test,
// too slow for `npm test`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/test/**/*.test.ts',
            'apps/*/test/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: [
            'test/it/**',
            '**/node_modules/**',
            // The full random parts of the what-if differential test: `npm
            // run test:differential` (tens of minutes on 2 cores).
            'packages/engine/test/chokepoints/differential-random-*.test.ts',
          ],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'differential',
          include: [
            'packages/engine/test/chokepoints/differential-random-*.test.ts',
          ],
          exclude: ['**/node_modules/**'],
          testTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'it',
          include: ['test/it/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          // One real Neo4j for the run (scripts/neo4j.sh); skips when no Java.
          // One real control plane (scripts/k8s.sh); skips without binaries.
          globalSetup: [
            'test/it/neo4j/global-setup.ts',
            'test/it/k8s/global-setup.ts',
          ],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
