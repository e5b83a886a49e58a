import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { testEnvironment } from './git-fixture.ts';
import { workspaceRoot } from './paths.ts';

const gitIn = (directory: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: directory, env: testEnvironment(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/**
 * A temporary clone of this repository's last commit in which Nx can run, cheaply: `git clone --shared`
 * (objects borrowed from this repository) and every node_modules folder linked rather than installed.
 * The last commit, not the working tree: others' work in progress must not change what the test sees.
 */
export function cloneWorkspace(target: string): string {
  gitIn(dirname(target), 'clone', '--quiet', '--shared', workspaceRoot, target);
  // The links are not part of the repository (`node_modules/` in .gitignore does not match a link).
  writeFileSync(join(target, '.git', 'info', 'exclude'), 'node_modules\n');
  const manifests = gitIn(target, 'ls-files', '-z', ':(glob)**/package.json').split('\0').filter(Boolean);
  for (const project of new Set(manifests.map(dirname))) {
    const modules = join(workspaceRoot, project, 'node_modules');
    if (existsSync(modules) && !existsSync(join(target, project, 'node_modules'))) {
      symlinkSync(modules, join(target, project, 'node_modules'), 'dir');
    }
  }
  return target;
}
