import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { testEnvironment } from './git-fixture.ts';
import { workspaceRoot } from './paths.ts';

const gitIn = (directory: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: directory, env: testEnvironment(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/**
 * A temporary clone of this repository in which Nx can run, cheaply: `git clone --shared` (objects
 * borrowed from this repository), the working tree's files as they are now (committed or not, as
 * one snapshot commit, so that a checkout with work in progress behaves like a clean one) and every
 * node_modules folder linked rather than installed.
 */
export function cloneWorkspace(target: string): string {
  gitIn(dirname(target), 'clone', '--quiet', '--shared', '--no-checkout', workspaceRoot, target);
  gitIn(target, 'checkout', '--quiet', 'HEAD');
  const files = gitIn(workspaceRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const source = join(workspaceRoot, file);
    const destination = join(target, file);
    if (existsSync(source)) {
      mkdirSync(dirname(destination), { recursive: true });
      copyFileSync(source, destination);
    } else {
      rmSync(destination, { force: true });
    }
  }
  gitIn(target, 'add', '-A');
  gitIn(target, 'commit', '--quiet', '--allow-empty', '-m', 'snapshot of the working tree');

  // The links are not part of the repository (`node_modules/` in .gitignore does not match a link).
  writeFileSync(join(target, '.git', 'info', 'exclude'), 'node_modules\n');
  const projects = ['.', ...files.filter((file) => file.endsWith('/package.json')).map(dirname)];
  for (const project of new Set(projects)) {
    const modules = join(workspaceRoot, project, 'node_modules');
    if (existsSync(modules) && !existsSync(join(target, project, 'node_modules'))) {
      symlinkSync(modules, join(target, project, 'node_modules'), 'dir');
    }
  }
  return target;
}
