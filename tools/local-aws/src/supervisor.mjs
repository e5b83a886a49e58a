// Runs one emulator process and makes sure it does not outlive the Node process that started us.
//
//   node supervisor.mjs <command> [args…]
//
// Our stdin is a pipe from the parent. When it closes (the parent called stop(), exited, or died,
// even by SIGKILL), or when we get SIGTERM/SIGINT/SIGHUP, we send the child SIGTERM, then SIGKILL
// after a grace period, and exit once it is gone. We exit with the child's status when it exits on
// its own. The child writes straight to our stdout/stderr (pipes the parent reads).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const GRACE_MS = 3000;
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node supervisor.mjs <command> [args…]');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

child.on('error', (error) => {
  console.error(`supervisor: cannot run ${command}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});

function stop() {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
}

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
