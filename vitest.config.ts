import { defineConfig } from 'vitest/config';

// Two projects: `unit` (offline, the default) and `it` (real kube-apiserver,
// Neo4j and Chromium, started by the project's own scripts).
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
          exclude: ['test/it/**', '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
