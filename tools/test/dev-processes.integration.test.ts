// The README's long-running commands, run as a developer or a process manager runs them: `npm start`
// and `npm run emulators`, then a signal to npm's PID alone (what `kill`, `timeout` or an IDE's stop
// button sends). Everything they started — the toolchain wrapper, the API, both emulator
// supervisors, the S3 emulator and the JVM — must be gone within 5 s, and every port closed.
// Linux only: processes are found through /proc.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const missing = [
  !existsSync('/proc/self/stat') && 'no /proc (not Linux)',
  spawnSync('npm', ['--version']).status !== 0 && 'no npm on PATH',
].filter(Boolean);
if (missing.length > 0) console.warn(`\n⚠ Skipping the npm start/emulators process tests: ${missing.join(', ')}.\n`);

/** Every live process below `pid`, from /proc (zombies count as gone: only their exit status is left). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const stat = readProc(Number(entry));
    if (!stat || stat.state === 'Z') continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  for (let queue = [pid]; queue.length > 0;) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

function readProc(pid: number) {
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

const alive = (pid: number) => ![undefined, 'Z'].includes(readProc(pid)?.state);
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
      .once('connect', () => {
        socket.destroy();
        resolve(true);
      })
      .once('error', () => resolve(false));
  });

function killTree(child: ChildProcess) {
  for (const pid of [...descendants(child.pid!), child.pid!]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** `npm run <script>` in its own session, with output collected; resolves once `ready` is printed. */
async function npmRun(
  script: string,
  env: Record<string, string>,
  ready: string,
  cleanUp: TestContext['onTestFinished'],
) {
  const dataDir = await mkdtemp(join(tmpdir(), 'dev-processes-'));
  const child = spawn('npm', ['run', '--silent', script], {
    cwd: root,
    env: { ...process.env, PORT: '0', METRICS_PORT: '0', DYNAMODB_PORT: '0', S3_PORT: '0', DATA_DIR: dataDir, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Whatever the test found, nothing it started outlives it.
  cleanUp(async () => {
    killTree(child);
    await rm(dataDir, { recursive: true, force: true });
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes(ready)) resolve();
      });
    }
    void exited.then((code) => reject(new Error(`npm run ${script} exited with ${code}:\n${output}`)));
  });
  return { child, exited, output: () => output };
}

// Concurrent: most of each case is waiting for a JVM and a package manager, not CPU.
describe.skipIf(missing.length > 0).concurrent('the long-running npm commands', () => {
  it.for<[script: string, signal: NodeJS.Signals, ready: string]>([
    ['start', 'SIGTERM', 'Ctrl-C stops the API and the emulators.'],
    ['start', 'SIGINT', 'Ctrl-C stops the API and the emulators.'],
    ['emulators', 'SIGTERM', 'Ctrl-C stops them.'],
  ])(
    'npm run %s stops everything it started within 5 s on %s to npm alone',
    { timeout: 90_000 },
    async ([script, signal, ready], { expect, onTestFinished }) => {
      const run = await npmRun(script, {}, ready, onTestFinished);
      const processes = descendants(run.child.pid!);
      const ports = [...run.output().matchAll(/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1]));
      // The wrapper, Node 24 running the entry point, and a supervisor and a server per emulator.
      expect(processes.length).toBeGreaterThanOrEqual(5);
      expect(new Set(ports).size).toBeGreaterThanOrEqual(script === 'start' ? 4 : 2);

      process.kill(run.child.pid!, signal);
      // The bound the issue sets: a person waits this long before reaching for kill -9.
      const deadline = Date.now() + 5_000;
      const leftovers = async () => ({
        processes: processes.filter(alive),
        ports: (await Promise.all(ports.map(async (port) => ((await accepts(port)) ? port : 0)))).filter(Boolean),
      });
      let left = await leftovers();
      while ((left.processes.length > 0 || left.ports.length > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        left = await leftovers();
      }
      expect(left).toEqual({ processes: [], ports: [] });
    },
  );

  it('refuses at once to start on a port that is taken, naming it, before any emulator starts', async ({
    expect,
    onTestFinished,
  }) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const error = await npmRun('start', { PORT: String(port) }, 'never printed', onTestFinished).then(
        () => new Error('it started'),
        (failure: Error) => failure,
      );
      expect(error.message).toContain(`PORT=${port}: 127.0.0.1:${port} is already in use`);
      expect(error.message).not.toContain('DynamoDB Local');
    } finally {
      blocker.close();
    }
  }, 90_000);
});
