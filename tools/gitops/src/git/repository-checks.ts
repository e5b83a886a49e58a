import { DetachedHeadError, DirtyWorkingTreeError, NoGitRemoteError, NotAGitRepositoryError } from '../errors.ts';
import type { Git } from './git.ts';

export async function assertGitRepository(git: Git): Promise<void> {
  const result = await git.attempt(['rev-parse', '--is-inside-work-tree']);
  if (result.status !== 0 || result.stdout.trim() !== 'true') {
    throw new NotAGitRepositoryError(`${git.directory} is not inside a git working tree.`);
  }
}

/** Tracked files only: untracked files are never committed by the CLI and cannot be overwritten by it. */
export async function assertCleanWorkingTree(git: Git): Promise<void> {
  const status = await git.run(['status', '--porcelain', '--untracked-files=no']);
  if (status.trim() !== '') {
    const files = status
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.slice(3));
    throw new DirtyWorkingTreeError(
      `The working tree has uncommitted changes (${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}): commit or stash them first.`,
    );
  }
}

export async function assertRemote(git: Git, remote: string): Promise<void> {
  const result = await git.attempt(['remote', 'get-url', remote]);
  if (result.status !== 0) {
    throw new NoGitRemoteError(
      `The repository has no git remote "${remote}" to push to (git remote add ${remote} <url>).`,
    );
  }
}

/** The branch to push to: the one given, else the current branch. */
export async function targetBranch(git: Git, given: string | undefined): Promise<string> {
  if (given) return given;
  const result = await git.attempt(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (result.status !== 0) {
    throw new DetachedHeadError('HEAD is detached: say which branch to push to with --branch <name>.');
  }
  return result.stdout.trim();
}
