#!/usr/bin/env node
// The whole test run, as the README's test command and .ci/run run it: the format check, one ESLint
// run over the workspace, every project's type-check, build and tests through Nx, then one closing
// line that sums every vitest report.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const reports = join(root, 'dist', 'test-reports');
rmSync(reports, { recursive: true, force: true });

function nx(...args) {
  const result = spawnSync('nx', args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error) console.error(`Could not run nx (${result.error.message}): run this through \`npm test\`.`);
  return result.status ?? 1;
}

/**
 * One DynamoDB Local and S3 emulator for every project's integration tests (each test file makes
 * its own tables and buckets on them): one JVM start instead of one per project. Without them the
 * projects start their own.
 */
async function startSharedEmulators() {
  const child = spawn(
    process.execPath,
    ['--conditions=@platform/source', '--import', 'tsx', 'tools/local-aws/src/shared-emulators-cli.ts'],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [line] = await Promise.race([once(createInterface({ input: child.stdout }), 'line'), once(child, 'exit')]);
  if (typeof line !== 'string') {
    console.error('The shared emulators did not start; each project starts its own.');
    return undefined;
  }
  process.env.SHARED_EMULATORS = line;
  return child;
}

const targets = process.env.TEST_TARGETS ?? 'typecheck,build,test,integration';
// Started now, so the JVM comes up while the format check and ESLint run.
const emulatorsStarting = targets.includes('integration') ? startSharedEmulators() : undefined;
const formatStatus = nx('format:check', '--all');
if (formatStatus !== 0) console.error('Formatting differs from Prettier: run `pnpm nx format:write`.');
// The projects' lint targets (the inner loop, CI's affected run) use the same config; one ESLint
// process for everything costs a fifth of thirteen.
const lint = spawnSync('eslint', ['.'], { cwd: root, stdio: 'inherit' });
const lintStatus = lint.status ?? 1;
const emulators = await emulatorsStarting;
const tasksStatus = nx('run-many', '-t', ...targets.split(','), '--output-style=static', ...process.argv.slice(2));
emulators?.kill('SIGTERM');

const totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
for (const file of existsSync(reports) ? readdirSync(reports) : []) {
  const report = JSON.parse(readFileSync(join(reports, file), 'utf8'));
  totals.files += 1;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + (report.numRuntimeErrors ?? 0);
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

const status = formatStatus || lintStatus || tasksStatus;
console.log(
  `\nTest reports from ${totals.files} project(s); format check, lint and tasks ${status === 0 ? 'succeeded' : 'failed'}.`,
);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (status === 0 && totals.passed === 0) {
  console.error('No test ran: that is a failure, not a pass.');
  process.exit(1);
}
process.exit(status === 0 && totals.failed > 0 ? 1 : status);
