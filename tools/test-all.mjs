#!/usr/bin/env node
// The whole test run, as the README's test command and .ci/run run it: every project's lint,
// type-check, build and tests through Nx, then one closing line that sums every vitest report.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const reports = join(root, 'dist', 'test-reports');
rmSync(reports, { recursive: true, force: true });

const targets = process.env.TEST_TARGETS ?? 'lint,typecheck,build,test';
const nx = spawnSync('nx', ['run-many', '-t', ...targets.split(','), '--output-style=static', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});

const totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
for (const file of existsSync(reports) ? readdirSync(reports) : []) {
  const report = JSON.parse(readFileSync(join(reports, file), 'utf8'));
  totals.files += 1;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + (report.numRuntimeErrors ?? 0);
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

const status = nx.status ?? 1;
console.log(`\nTest reports from ${totals.files} project(s); Nx ${status === 0 ? 'succeeded' : 'failed'}.`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (status === 0 && totals.passed === 0) {
  console.error('No test ran: that is a failure, not a pass.');
  process.exit(1);
}
process.exit(status === 0 && totals.failed > 0 ? 1 : status);
