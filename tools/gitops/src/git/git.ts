import { spawn } from 'node:child_process';
import { GitCommandError } from '../errors.ts';

export interface GitResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface GitRunOptions {
  /** Written to git's standard input. */
  readonly input?: string;
  /** Added to the environment this Git was built with (e.g. GIT_INDEX_FILE). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs git in one repository. The environment is given by the composition root (cli.ts), so this
 * module never reads process.env itself.
 */
export class Git {
  readonly directory: string;
  private readonly environment: Readonly<Record<string, string | undefined>>;

  constructor(directory: string, environment: Readonly<Record<string, string | undefined>>) {
    this.directory = directory;
    this.environment = environment;
  }

  /** Runs git and returns its exit status and output, whatever the status. */
  attempt(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, {
        cwd: this.directory,
        env: { ...this.environment, ...options.env, GIT_TERMINAL_PROMPT: '0' },
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error) =>
        reject(new GitCommandError(`Could not run git: ${error.message}`, { cause: error })),
      );
      child.on('close', (status) =>
        resolve({
          status: status ?? 1,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        }),
      );
      if (child.stdin) {
        // git may exit before reading all of its input; its exit status tells what happened.
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input);
      }
    });
  }

  /** Runs git and returns its standard output; a non-zero status is a GitCommandError. */
  async run(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    const result = await this.attempt(args, options);
    if (result.status !== 0) {
      throw new GitCommandError(`git ${args.join(' ')} failed (${result.status}): ${result.stderr.trim()}`);
    }
    return result.stdout;
  }
}
