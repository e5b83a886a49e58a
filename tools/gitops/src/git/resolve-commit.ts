import { UnknownCommitError } from '../errors.ts';
import type { Git } from './git.ts';

/** The full SHA of a commit-ish (a SHA, a short SHA, a branch, HEAD), or undefined if the repository has none. */
export async function tryResolveCommit(git: Git, revision: string): Promise<string | undefined> {
  if (revision.startsWith('-')) return undefined;
  const result = await git.attempt(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export async function resolveCommit(git: Git, revision: string, what: string): Promise<string> {
  const sha = await tryResolveCommit(git, revision);
  if (!sha) throw new UnknownCommitError(`${what} "${revision}" is not a commit of this repository (fetch it first?).`);
  return sha;
}

/** True when `ancestor` is `descendant` or one of its ancestors. */
export async function isAncestor(git: Git, ancestor: string, descendant: string): Promise<boolean> {
  return (await git.attempt(['merge-base', '--is-ancestor', ancestor, descendant])).status === 0;
}
