#!/usr/bin/env node
// The one entry point behind the README's commands. It runs on whatever Node.js the machine has
// (20 or newer), installs the pinned toolchain (Node 24 and pnpm, from tools/bootstrap) and the
// workspace's dependencies when they are missing or stale, then runs the task on Node 24.
//
//   node tools/dev.mjs start   the API on embedded AWS emulators (what `npm start` runs)
//   node tools/dev.mjs test    every check and test in the workspace (what `npm test` and .ci/run run)
//   node tools/dev.mjs emulators   the emulators alone, for the API in AWS mode (`npm run emulators`)
//   node tools/dev.mjs <pnpm args…>   any pnpm command on the pinned toolchain, e.g. `nx graph`
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bootstrap = join(root, 'tools', 'bootstrap');
const toolBin = join(bootstrap, 'node_modules', '.bin');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/**
 * Runs the task in a process group of its own and passes SIGINT, SIGTERM and SIGHUP on to the
 * whole group, so nothing it started (the API, the emulators, Nx) outlives this process. npm runs
 * this script through `sh -c`; when npm itself is killed the shell dies and no signal reaches us,
 * so being orphaned counts as SIGTERM too.
 */
function runForwardingSignals(command, args, options) {
  const child = spawn(command, args, {
    stdio: 'inherit',
    cwd: root,
    detached: process.platform !== 'win32',
    ...options,
  });
  const forward = (signal) => {
    try {
      process.kill(process.platform === 'win32' ? child.pid : -child.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));
  const parent = process.ppid;
  const orphanWatch = setInterval(() => process.ppid !== parent && forward('SIGTERM'), 200).unref();
  child.on('exit', (code, signal) => {
    clearInterval(orphanWatch);
    process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 1) : 1));
  });
}

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

function installedVersion(packageName) {
  const manifest = join(bootstrap, 'node_modules', packageName, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

/**
 * Installs the pinned Node and pnpm from tools/bootstrap's lockfile (integrity-checked by npm) when
 * they are missing or stale. Node is the registry's binary package for this platform; where the
 * registry has none (macOS), the Node running this script is used if it is exactly the pinned one.
 * Returns the Node binary to run tasks on.
 */
function ensureToolchain() {
  const manifest = JSON.parse(readFileSync(join(bootstrap, 'package.json'), 'utf8'));
  const pnpmVersion = manifest.dependencies.pnpm;
  const nodeVersion = Object.values(manifest.optionalDependencies)[0];
  const nodePackage = `node-${process.platform}-${process.arch}`;
  const hasBinaryPackage = nodePackage in manifest.optionalDependencies;
  const current =
    installedVersion('pnpm') === pnpmVersion && (!hasBinaryPackage || installedVersion(nodePackage) === nodeVersion);
  if (!current) {
    console.log(`Installing the pinned toolchain (Node ${nodeVersion}, pnpm ${pnpmVersion}) into tools/bootstrap …`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    if (run(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: bootstrap }) !== 0) {
      fail('Could not install the toolchain with `npm ci` in tools/bootstrap (is the npm registry reachable?).');
    }
  }
  if (hasBinaryPackage)
    return join(bootstrap, 'node_modules', nodePackage, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (process.version === `v${nodeVersion}`) return process.execPath;
  fail(
    `The registry has no Node binary package for ${process.platform}/${process.arch}: install Node ${nodeVersion} (the version in .nvmrc, e.g. \`nvm install\`) and run this again.`,
  );
}

const env = {
  ...process.env,
  PATH: [toolBin, process.env.PATH].join(delimiter),
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  // The daemon would outlive the command and hold files open; a one-shot run doesn't need it.
  NX_DAEMON: process.env.NX_DAEMON ?? 'false',
};

const pnpm = join(toolBin, 'pnpm');

/**
 * Installs the workspace's dependencies unless node_modules was installed from this very lockfile
 * (pnpm's own up-to-date check costs seconds on every command). A clean clone, a changed lockfile
 * or a deleted node_modules installs.
 */
function ensureDependencies() {
  const stamp = join(root, 'node_modules', '.installed-from-lockfile');
  const lockfile = createHash('sha256')
    .update(readFileSync(join(root, 'pnpm-lock.yaml')))
    .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lockfile) return;
  if (run(pnpm, ['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent'], { env }) !== 0) {
    fail('`pnpm install --frozen-lockfile` failed: see the output above.');
  }
  writeFileSync(stamp, lockfile);
}

const node = ensureToolchain();
ensureDependencies();

const [task = 'start', ...rest] = process.argv.slice(2);
// The two long-running commands run their TypeScript entry point directly on Node 24 (through the
// tsx loader), with no package manager or task runner in between to swallow a signal.
const runTypeScript = (entry) => [node, ['--conditions=@platform/source', '--import', 'tsx', entry]];
const tasks = {
  start: runTypeScript('apps/api/src/dev.ts'),
  emulators: runTypeScript('tools/users-emulators/src/emulators-cli.ts'),
  test: [pnpm, ['exec', 'node', 'tools/test-all.mjs']],
};
const [command, args] = tasks[task] ?? [pnpm, [task]];
runForwardingSignals(command, [...args, ...rest], { env });
