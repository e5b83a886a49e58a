// Starts real emulators from a throwaway parent process, ends that parent, and checks that the
// emulators (and the S3 emulator's temporary data directory) go with it.
//
// Each emulator runs under the same supervisor (src/supervisor.mjs), which stops its child once
// the pipe from the parent closes, whatever the child is. So how the parent ends is shown three
// times with the S3 emulator, cheap to start, whose temporary folder also shows that its own
// shutdown ran; DynamoDB Local, a JVM that costs seconds of CPU to start, goes along in the
// harshest case, SIGKILL, where no code of the parent runs at all. (That DynamoDB Local exits when
// its supervisor stops it is also what each stop() in dynamodb-local.emulator.test.ts shows.)
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

type Emulator = 'dynamodb' | 's3';

/** Runs the fixture, starting `emulators`, with its temporary files in `tmpDir`. */
function spawnParent(tmpDir: string, emulators: readonly Emulator[]): Parent {
  return spawn(process.execPath, ['--import', 'tsx', fixture, ...emulators], {
    cwd: packageDir,
    env: { ...process.env, TMPDIR: tmpDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** The ports the fixture prints once its emulators answer. */
async function portsOf(parent: Parent): Promise<Partial<Record<Emulator, number>>> {
  let stderr = '';
  parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [line] = (await Promise.race([
    once(createInterface({ input: parent.stdout }), 'line'),
    once(parent, 'exit').then(() => Promise.reject(new Error(`emulator parent exited early:\n${stderr}`))),
  ])) as [string];
  return JSON.parse(line);
}

/** Whether something accepts connections on the port. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    // On loopback the kernel accepts or refuses at once, however busy the machine; the time-out
    // only bounds a connection that neither happens nor fails.
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

/** Polls until nothing answers on the port, for at most `ms`. */
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

/** The supervisor SIGKILLs an emulator 3 s after asking it to stop; the rest is room for a busy machine. */
const closeDeadlineMs = 10_000;

describe('emulators do not outlive the process that started them', () => {
  test.concurrent.for([
    ['is killed with SIGKILL', 'both emulators', ['dynamodb', 's3'], (parent: Parent) => parent.kill('SIGKILL')],
    ['is killed with SIGTERM', 'the S3 emulator', ['s3'], (parent: Parent) => parent.kill('SIGTERM')],
    ['exits normally', 'the S3 emulator', ['s3'], (parent: Parent) => parent.stdin.write('exit\n')],
  ] as const)('when the parent %s, %s stops', async ([, , emulators, end], { expect }) => {
    const tmpDir = await mkdtemp(join(tmpdir(), 'local-aws-test-'));
    const parent = spawnParent(tmpDir, emulators);
    try {
      const ports = await portsOf(parent);
      expect(Object.keys(ports).sort()).toEqual([...emulators].sort());
      for (const port of Object.values(ports)) expect(await answers(port)).toBe(true);
      expect(await s3DataDirs(tmpDir)).toHaveLength(1);

      const exited = once(parent, 'exit');
      end(parent);
      await exited;

      for (const port of Object.values(ports)) expect(await closesWithin(port, closeDeadlineMs)).toBe(true);
      expect(await s3DataDirs(tmpDir)).toEqual([]);
    } finally {
      parent.kill('SIGKILL'); // in case an assertion failed before it was ended
      await rm(tmpDir, { recursive: true, force: true });
    }
  });
});
