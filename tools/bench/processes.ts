import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server process the bench started: stopped by `stop()`, or by `stopAll()` on any exit path. */
export interface BenchProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

const running = new Set<BenchProcess>();

/** A free TCP port on loopback (the kernel picks it; it stays free for the moment it takes to reuse it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts `node <args>` with only the given environment (plus PATH), its output appended to
 * `logFile`. SIGTERM stops it; after 5 s, SIGKILL.
 */
export function startNode(
  name: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; logFile: string },
): BenchProcess {
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc: BenchProcess = {
    name,
    child,
    pid: child.pid,
    logFile: options.logFile,
    exited,
    async stop() {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killed);
    },
  };
  running.add(proc);
  return proc;
}

/** Stops every process the bench started and has not stopped yet. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.stop()));
}

/** One GET with a fresh connection; resolves with the status, or rejects when nothing answers. */
function probe(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', reject);
    req.end();
  });
}

/**
 * Polls `url` every few milliseconds until it answers 200; resolves with the time it took from
 * `since` (a `performance.now()` reading). Fails if the process exits or `timeoutMs` passes.
 */
export async function waitFor200(proc: BenchProcess, url: string, since: number, timeoutMs = 30_000): Promise<number> {
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  for (;;) {
    const status = await probe(url).catch(() => 0);
    if (status === 200) return performance.now() - since;
    if (exitCode !== undefined)
      throw new Error(`${proc.name} exited with ${exitCode} before ${url} answered 200 (log: ${proc.logFile})`);
    if (performance.now() - since > timeoutMs)
      throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (log: ${proc.logFile})`);
    await sleep(status === 0 ? 2 : 5);
  }
}

/** Resident memory now and its high-water mark, in bytes, from /proc (Linux); undefined elsewhere. */
export function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kib('VmRSS'), peak: kib('VmHWM') };
  } catch {
    return undefined;
  }
}

const clockTicks = 100; // USER_HZ: what /proc counts CPU time in, 100 on every Linux architecture Node runs on

/** CPU time (user + system) a process has used so far, in seconds, from /proc (Linux); NaN elsewhere. */
export function cpuSecondsOf(pid: number): number {
  try {
    // The fields after the command name, which is in parentheses and may contain spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return NaN;
  }
}

/** CPU time the whole machine has spent busy so far, in seconds, from /proc/stat (Linux); NaN elsewhere. */
export function machineBusySeconds(): number {
  try {
    const [, user, nice, system, , , irq, softirq, steal] =
      readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/) ?? [];
    return [user, nice, system, irq, softirq, steal].reduce((sum, field) => sum + Number(field ?? 0), 0) / clockTicks;
  } catch {
    return NaN;
  }
}

/**
 * CPU time used so far by this process and every process under it (the API, the ceiling, the
 * emulators), including the children that have already exited, in seconds (Linux); NaN elsewhere.
 */
export function ownTreeCpuSeconds(): number {
  try {
    const stats = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .flatMap((pid) => {
        try {
          const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
          // ppid, then utime, stime, and cutime, cstime: the CPU time of its children already reaped.
          const cpu = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / clockTicks;
          return [{ pid: Number(pid), ppid: Number(fields[1]), cpu }];
        } catch {
          return []; // it exited meanwhile
        }
      });
    const inTree = new Set([process.pid]);
    for (let grown = true; grown;) {
      grown = false;
      for (const stat of stats) {
        if (!inTree.has(stat.pid) && inTree.has(stat.ppid)) grown = Boolean(inTree.add(stat.pid));
      }
    }
    return stats.filter((stat) => inTree.has(stat.pid)).reduce((sum, stat) => sum + stat.cpu, 0);
  } catch {
    return NaN;
  }
}

/** The last lines of a process's log, for an error message. */
export function tailOf(logFile: string, lines = 20): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
