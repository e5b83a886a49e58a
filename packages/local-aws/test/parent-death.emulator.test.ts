// Starts real emulators from a throwaway parent process, ends that parent, and checks that the
// emulators (and the S3 emulator's temporary data directory) go with it.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/emulator-parent.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

type Parent = ChildProcessByStdio<Writable, Readable, Readable>;

/** Runs the fixture with its temporary files in `tmpDir`. */
function spawnParent(tmpDir: string): Parent {
  return spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: packageDir,
    env: { ...process.env, TMPDIR: tmpDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** The ports the fixture prints once both emulators answer. */
async function portsOf(parent: Parent): Promise<{ dynamodb: number; s3: number }> {
  let stderr = '';
  parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [line] = (await Promise.race([
    once(createInterface({ input: parent.stdout }), 'line'),
    once(parent, 'exit').then(() => Promise.reject(new Error(`emulator parent exited early:\n${stderr}`))),
  ])) as [string];
  return JSON.parse(line);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    const finish = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.once('timeout', () => finish(false));
  });
}

async function closesWithin(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await answers(port))) return true;
    await sleep(100);
  }
  return false;
}

/** The S3 emulator's temporary data directories in `dir` (tsx keeps its cache there too). */
async function s3DataDirs(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('local-aws-s3-'));
}

describe('emulators do not outlive the process that started them', () => {
  test.concurrent.for([
    ['is killed with SIGKILL', (parent: Parent) => parent.kill('SIGKILL')],
    ['is killed with SIGTERM', (parent: Parent) => parent.kill('SIGTERM')],
    ['exits normally', (parent: Parent) => parent.stdin.write('exit\n')],
  ] as const)('when the parent %s', async ([, end], { expect }) => {
    const tmpDir = await mkdtemp(join(tmpdir(), 'local-aws-test-'));
    const parent = spawnParent(tmpDir);
    try {
      const ports = await portsOf(parent);
      expect(await answers(ports.dynamodb)).toBe(true);
      expect(await answers(ports.s3)).toBe(true);
      expect(await s3DataDirs(tmpDir)).toHaveLength(1);

      const exited = once(parent, 'exit');
      end(parent);
      await exited;

      expect(await closesWithin(ports.dynamodb, 5000)).toBe(true);
      expect(await closesWithin(ports.s3, 5000)).toBe(true);
      expect(await s3DataDirs(tmpDir)).toEqual([]);
    } finally {
      parent.kill('SIGKILL'); // in case an assertion failed before it was ended
      await rm(tmpDir, { recursive: true, force: true });
    }
  });
});
