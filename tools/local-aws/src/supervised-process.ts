import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { OutputTail } from './output-tail.js';

const supervisorScript = fileURLToPath(new URL('./supervisor.mjs', import.meta.url));
/** The supervisor SIGKILLs its child 3 s after SIGTERM; this is the fallback if it hangs itself. */
const KILL_GROUP_AFTER_MS = 6000;
const running = new Set<ChildProcess>();

/** How a supervised process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A command run under `supervisor.mjs`, so that it cannot outlive this Node process. */
export interface SupervisedProcess {
  /** What it is, for error messages, e.g. "DynamoDB Local". */
  readonly name: string;
  /** Settles once the supervisor and the command have exited and closed their output. */
  readonly exited: Promise<ProcessExit>;
  hasExited(): boolean;
  /** The last ~50 lines of its stdout and stderr together. */
  outputTail(): string;
  /** Calls `listener` with each complete line it prints. */
  onLine(listener: (line: string) => void): void;
  /** Closes the supervisor's stdin (SIGTERM, then SIGKILL); idempotent; resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * Starts `command` under the supervisor: connected to us by a stdin pipe whose closing (stop(),
 * our exit, our death even by SIGKILL) makes it kill the command. Output is kept, not echoed.
 */
export function startSupervised(
  name: string,
  command: string,
  args: readonly string[],
  cwd?: string,
): SupervisedProcess {
  // detached: own process group, so a Ctrl-C in the terminal reaches us first (we decide the
  // order of shutdown) and the whole group can be SIGKILLed as a last resort.
  const child = spawn(process.execPath, [supervisorScript, command, ...args], {
    cwd,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const tail = new OutputTail(50);
  const listeners: ((line: string) => void)[] = [];
  let exit: ProcessExit | undefined;

  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      for (const line of tail.push(chunk)) for (const listener of listeners) listener(line);
    });
  }
  child.stdin.on('error', () => undefined); // EPIPE when it is already gone: nothing to do
  const exited = new Promise<ProcessExit>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      running.delete(child);
      exit ??= { code, signal };
      resolve(exit);
    };
    child.on('close', done);
    child.on('error', (error) => {
      tail.push(`${error.message}\n`);
      done(null, null);
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    name,
    exited,
    hasExited: () => exit !== undefined,
    outputTail: () => tail.text(),
    onLine: (listener) => void listeners.push(listener),
    stop() {
      stopping ??= (async () => {
        if (exit) return;
        child.stdin.end();
        const fallback = setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GROUP_AFTER_MS);
        await exited;
        clearTimeout(fallback);
      })();
      return stopping;
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// Our stdin pipes close when we exit anyway; signalling too makes the intent explicit.
process.on('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});
