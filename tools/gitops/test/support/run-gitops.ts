import { spawn } from 'node:child_process';
import { Git } from '../../src/git/git.ts';
import { NxWorkspace } from '../../src/nx/nx-workspace.ts';
import type { CommandContext, GitHubContext } from '../../src/cli/command.ts';
import type { ClusterReader } from '../../src/cluster/argo-cd.ts';
import { NoClusterConfigError } from '../../src/errors.ts';
import { runCli } from '../../src/run-cli.ts';
import { testEnvironment } from './git-fixture.ts';
import { cliEntry } from './paths.ts';

export interface GitopsRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface InProcessOptions {
  readonly cwd: string;
  readonly cluster?: ClusterReader;
  readonly githubOutputFile?: string;
  /** Called with each stderr line as it is written (progress of `wait`). */
  readonly onStderr?: (line: string) => void;
  /** The Nx workspace to use instead of a new one per run. */
  readonly nx?: NxWorkspace;
  /** Replaces the real pause between push attempts (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** GitHub's API (default: nothing listens there, and no token). */
  readonly github?: Partial<GitHubContext>;
  /** Makes the Git the CLI runs (default: a plain Git with the test environment). */
  readonly git?: (directory: string, environment: Record<string, string>) => Git;
}

/** Runs the CLI in this process, as cli.ts would, with the test's git environment and cluster. */
export async function runGitops(args: readonly string[], options: InProcessOptions): Promise<GitopsRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const environment = testEnvironment();
  const context: CommandContext = {
    git: (directory) => options.git?.(directory, environment) ?? new Git(directory, environment),
    nx: (root) => options.nx ?? new NxWorkspace(root, environment),
    cwd: options.cwd,
    stdout: (line) => stdout.push(line),
    stderr: (line) => {
      stderr.push(line);
      options.onStderr?.(line);
    },
    githubOutputFile: options.githubOutputFile,
    connectCluster: async () => {
      if (!options.cluster) throw new NoClusterConfigError('No cluster in this test.');
      return options.cluster;
    },
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: Math.random,
    reconnectDelayMs: 20,
    github: {
      apiUrl: 'http://127.0.0.1:9',
      repository: 'example-org/users-platform',
      token: undefined,
      ...options.github,
    },
  };
  const exitCode = await runCli(args, context);
  return { exitCode, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** Runs the CLI as its own Node process (what `pnpm gitops` does; `entry` may be the bundle the workflows run). */
export function spawnGitops(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; entry?: string },
): Promise<GitopsRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.entry ?? cliEntry, ...args], {
      cwd: options.cwd,
      env: options.env ?? testEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
  });
}
