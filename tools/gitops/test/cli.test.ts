import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeHelp } from '../src/cli/help.ts';
import { commands } from '../src/commands/index.ts';
import { ExitCode } from '../src/exit-codes.ts';
import { packageRoot } from './support/paths.ts';
import { runGitops, spawnGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const cwd = temporaryDirectory('cli');

describe('the gitops command line', () => {
  it('lists the commands and the exit codes', async () => {
    const run = await runGitops(['--help'], { cwd });
    expect(run.exitCode).toBe(0);
    for (const command of commands) expect(run.stdout).toContain(`  ${command.name} `);
    expect(run.stdout).toContain('Exit codes:');
  });

  it.each(commands.map((command) => command.name))('explains %s with --help, and exits 0', async (name) => {
    const run = await runGitops([name, '--help'], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Usage:\n  gitops ${name} `);
    expect(run.stdout).toContain('--repo <dir>');
    expect(run.stdout).toContain('9  timeout');
  });

  it.each([
    [['deploy'], 'Unknown command "deploy"'],
    [['bump', '--evn', 'dev'], "Unknown option '--evn'"],
    [['bump', 'dev'], 'Unexpected argument'],
    [['status', '--json=yes'], "Option '--json' does not take an argument"],
  ])('answers %j with exit code 2 and a message', async (args, message) => {
    const run = await runGitops(args, { cwd });
    expect(run.exitCode).toBe(ExitCode.usage);
    expect(run.stderr).toContain(message);
  });

  it('runs as its own process on Node 24 without a build step', async () => {
    const help = await spawnGitops(['wait', '--help'], { cwd });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('gitops wait:');
    const usage = await spawnGitops(['rollback', '--env', 'nowhere', '--app', 'api'], { cwd });
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toBe('gitops: Unknown environment "nowhere": expected one of dev, staging, prod.\n');
  });

  it('documents the same exit codes in the package README as in --help', () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    for (const line of exitCodeHelp.slice(1)) {
      const [, code, meaning] = /^\s+(\d+)\s+(.+)$/.exec(line)!;
      // Prettier may pad the table's cells.
      const escaped = meaning!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(readme).toMatch(new RegExp(`\\| ${code} +\\| ${escaped} +\\|`));
    }
    expect(Object.values(ExitCode)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
