import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const nodeConditions = ['@platform/source', 'node', 'development|production'];

/**
 * The vitest settings every project shares. Each run also writes a JSON report to
 * dist/test-reports/<project>.json, which tools/test-all.mjs sums into the closing line.
 */
export function projectTestConfig(
  projectDir: string,
  options: {
    testTimeout?: number;
    /** Start DynamoDB Local and the S3 emulator once for the run (`@platform/local-aws/testing`). */
    sharedEmulators?: boolean;
  } = {},
) {
  const project: string = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')).nx.name;
  return defineConfig({
    root: projectDir,
    // Workspace packages resolve to their TypeScript source, everything else as Node.js resolves it:
    // without 'node' some packages load twice (as CommonJS and as ES modules), and with 'module'
    // the AWS SDK's bundler-only build is picked.
    resolve: { conditions: nodeConditions },
    ssr: { resolve: { conditions: nodeConditions } },
    test: {
      watch: false,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 10_000,
      hookTimeout: 60_000,
      globalSetup: options.sharedEmulators
        ? [join(import.meta.dirname, 'packages', 'local-aws', 'src', 'vitest-global-setup.ts')]
        : [],
      reporters: ['default', 'json'],
      outputFile: { json: join(import.meta.dirname, 'dist', 'test-reports', `${project}.json`) },
    },
  });
}
