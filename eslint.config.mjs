import nx from '@nx/eslint-plugin';

// Which project may import which, by the `type:` tag in each package.json (the root README's
// Architecture section says the same): the domain imports nothing of ours; adapters only the
// domain; an app only the domain and the adapters, except from its dev entry point (src/dev.ts)
// and its tests, which may also use the dev-only tools (emulators, checks) and the typed client; the
// typed client imports nothing of ours (it is generated from the API's document, not from its code);
// the delivery CLI and the delivery checks only dev tools and what they check.
const boundaries = ({ devTools }) => {
  const production = ['type:domain', 'type:adapter'];
  const withDevTools = devTools ? ['type:dev-tool', 'type:client'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: [],
      depConstraints: [
        { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
        { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain', ...withDevTools] },
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: [...production, ...withDevTools] },
        { sourceTag: 'type:dev-tool', onlyDependOnLibsWithTags: [...production, 'type:dev-tool'] },
        { sourceTag: 'type:client', onlyDependOnLibsWithTags: [] },
        { sourceTag: 'type:cli', onlyDependOnLibsWithTags: ['type:dev-tool'] },
        { sourceTag: 'type:delivery', onlyDependOnLibsWithTags: [...production, 'type:dev-tool'] },
      ],
    },
  ];
};

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/.data', 'tools/bootstrap/**'],
  },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ devTools: false }),
    },
  },
  {
    // Tests, test helpers a package exports as ./testing, and the apps' dev entry points may use
    // the dev-only tools; production code may not.
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/testing/**/*.ts', 'apps/*/src/dev.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries({ devTools: true }) },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/testing/**/*.ts'],
    rules: {
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
