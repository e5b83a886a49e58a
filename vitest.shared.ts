import { configDefaults, defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const nodeConditions = ['@platform/source', 'node', 'development|production'];

/**
 * Tests that start something outside the test process (an emulator, a bundle, a CLI, Terraform)
 * say so in their file name. They run in the `integration` target, the rest in `test`: the inner
 * loop (`nx affected -t lint typecheck test`) stays in seconds, and `npm test` runs both.
 */
const integrationTests = ['**/*.integration.test.ts', '**/*.emulator.test.ts'];
/** Test files live in a project's src/ and test/ (tools/ nests projects of its own: not theirs). */
const ownFolders = (patterns: string[]) => patterns.map((pattern) => `{src,test}/${pattern}`);

/**
 * The vitest settings every project shares: `vitest.config.ts` runs the fast layer, and a
 * project with integration tests adds `vitest.integration.config.ts` with `layer: 'integration'`.
 * Each run also writes a JSON report to dist/test-reports/<project>[.integration].json, which
 * tools/test-all.mjs sums into the closing line.
 */
export function projectTestConfig(
  projectDir: string,
  options: {
    testTimeout?: number;
    layer?: 'test' | 'integration';
    /** Start DynamoDB Local and the S3 emulator once for the run (`@platform/local-aws/testing`). */
    sharedEmulators?: boolean;
  } = {},
) {
  const project: string = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')).nx.name;
  const integration = options.layer === 'integration';
  return defineConfig({
    root: projectDir,
    // Workspace packages resolve to their TypeScript source, everything else as Node.js resolves it:
    // without 'node' some packages load twice (as CommonJS and as ES modules), and with 'module'
    // the AWS SDK's bundler-only build is picked.
    resolve: { conditions: nodeConditions },
    ssr: { resolve: { conditions: nodeConditions } },
    test: {
      watch: false,
      // The fast layer's files share one module graph per worker: re-importing Hono, zod and the
      // AWS SDK for every file cost a third of its CPU. Test files keep no module state of their
      // own between files; integration files stay isolated (they start and stop processes).
      isolate: integration,
      environment: 'node',
      include: integration
        ? ownFolders(integrationTests)
        : ['src/**/*.test.ts', 'test/**/*.test.ts', 'testing/**/*.test.ts'],
      exclude: [...configDefaults.exclude, ...(integration ? [] : integrationTests)],
      testTimeout: options.testTimeout ?? 10_000,
      hookTimeout: 60_000,
      // expect.poll waits for something another process does (a socket's answer, an emulator's
      // state): its default 1 s is too short on a loaded machine. It returns as soon as it holds.
      // requireAssertions: a test that asserts nothing fails ("expected any number of assertion").
      expect: { poll: { timeout: 10_000 }, requireAssertions: true },
      globalSetup: options.sharedEmulators
        ? [join(import.meta.dirname, 'tools', 'local-aws', 'src', 'vitest-global-setup.ts')]
        : [],
      reporters: ['default', 'json'],
      outputFile: {
        json: join(import.meta.dirname, 'dist', 'test-reports', `${project}${integration ? '.integration' : ''}.json`),
      },
    },
  });
}
