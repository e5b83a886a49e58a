import nx from '@nx/eslint-plugin';

// Which project may import which: the domain imports nothing of ours; adapters import only the
// domain; dev tools (the emulators) only from tests and dev entry points; apps compose everything.
const boundaries = (adapterMay) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
      { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: adapterMay },
      { sourceTag: 'type:dev-tool', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:dev-tool'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:dev-tool'] },
      { sourceTag: 'type:delivery', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:dev-tool'] },
    ],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/.data', 'tools/bootstrap/**'],
  },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(['type:domain']),
    },
  },
  {
    // Tests (and test helpers a package exports as ./testing) may use the dev-only emulators;
    // production code of an adapter may not.
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/testing/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(['type:domain', 'type:dev-tool']),
      // A test states what it expects to exist; the assertion right after fails if it does not.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Each project's vitest config extends the one shared workspace file.
    files: ['**/vitest*.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The domain stays pure: no AWS SDK, no HTTP framework, no Node I/O.
    files: ['packages/users-domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*', '@smithy/*'], message: 'The domain must not depend on AWS.' },
            { group: ['hono', 'hono/*', '@hono/*'], message: 'The domain must not depend on HTTP.' },
            { group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process'], message: 'The domain does no I/O.' },
          ],
        },
      ],
    },
  },
];
