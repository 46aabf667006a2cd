// One lint setup for the workspace: typescript-eslint strict + stylistic
// type-checked rules, and the package boundaries of architecture.md section 6.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pure = [
  'node:*',
  '@kubernetes/client-node',
  'neo4j-driver',
  '@chokepoint/collector',
  '@chokepoint/neo4j',
];

const restrict = patterns => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: patterns.map(group => ({
        group: [group],
        message: 'crosses a package boundary (architecture.md section 6)',
      })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'apps/cli/bin/**',
      'scripts/*.mjs',
      'eslint.config.js',
      'stryker.config.mjs',
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true },
      ],
    },
  },
  {
    files: [
      'packages/model/src/**',
      'packages/engine/src/**',
      'packages/viewer-api/src/**',
    ],
    rules: restrict(pure),
  },
  {
    // Typed-array kernels (algorithms.md section 3): every index is in bounds
    // by construction of the CSR arrays; a `?? 0` on each access would hide a
    // bug and cost time in the hottest loops.
    files: [
      'packages/engine/src/analysis/attack-index.ts',
      'packages/engine/src/analysis/reach.ts',
      'packages/engine/src/analysis/exposure.ts',
      'packages/engine/src/algorithms/dominators.ts',
      'packages/engine/src/chokepoints/convergence.ts',
      'packages/engine/src/chokepoints/cut-bounds.ts',
      // ...and the brute-force oracles that check them over the same arrays.
      'packages/engine/test/algorithms/dominators.test.ts',
      'packages/engine/test/chokepoints/convergence.test.ts',
      'packages/engine/test/analysis/plan-convergence.test.ts',
    ],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['apps/viewer/src/**'],
    rules: restrict(['node:*', '@chokepoint/collector', '@chokepoint/neo4j']),
  },
  {
    files: ['packages/collector/src/**'],
    rules: restrict(['neo4j-driver', '@chokepoint/engine']),
  },
  {
    files: ['packages/neo4j/src/**'],
    rules: restrict(['@kubernetes/client-node', '@chokepoint/collector']),
  },
);
