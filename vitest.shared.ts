import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The vitest settings every project shares. Each run also writes a JSON report to
 * dist/test-reports/<project>.json, which tools/test-all.mjs sums into the closing line.
 */
export function projectTestConfig(projectDir: string, options: { testTimeout?: number } = {}) {
  const project: string = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')).nx.name;
  return defineConfig({
    root: projectDir,
    resolve: { conditions: ['@platform/source'] },
    ssr: { resolve: { conditions: ['@platform/source'] } },
    test: {
      watch: false,
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 10_000,
      hookTimeout: 60_000,
      reporters: ['default', 'json'],
      outputFile: { json: join(import.meta.dirname, 'dist', 'test-reports', `${project}.json`) },
    },
  });
}
