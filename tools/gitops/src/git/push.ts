import { GitCommandError } from '../errors.ts';
import type { Git } from './git.ts';

export type PushOutcome = 'pushed' | 'rejected-retryable' | 'rejected';

// The remote moved on since our fetch (or another push holds the ref's lock): fetch and try again.
const retryableRejection =
  /\[rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref|incorrect old value|stale info|failed to lock/i;

/** Pushes a commit to a branch, never forcing. */
export async function pushCommit(
  git: Git,
  remote: string,
  commit: string,
  branch: string,
): Promise<{ outcome: PushOutcome; detail: string }> {
  const result = await git.attempt(['push', '--porcelain', '--quiet', remote, `${commit}:refs/heads/${branch}`]);
  const detail = `${result.stdout}\n${result.stderr}`.trim();
  if (result.status === 0) return { outcome: 'pushed', detail };
  return { outcome: retryableRejection.test(detail) ? 'rejected-retryable' : 'rejected', detail };
}

/** Fetches one branch of the remote and returns its head. */
export async function fetchBranch(git: Git, remote: string, branch: string): Promise<string> {
  const trackingRef = `refs/remotes/${remote}/${branch}`;
  const result = await git.attempt(['fetch', '--quiet', '--no-tags', remote, `+refs/heads/${branch}:${trackingRef}`]);
  if (result.status !== 0) {
    throw new GitCommandError(`Could not fetch ${branch} from ${remote}: ${result.stderr.trim()}`);
  }
  return (await git.run(['rev-parse', '--verify', `${trackingRef}^{commit}`])).trim();
}

export async function remoteBranchExists(git: Git, remote: string, branch: string): Promise<boolean> {
  const result = await git.attempt(['ls-remote', '--exit-code', '--heads', remote, `refs/heads/${branch}`]);
  if (result.status === 0) return true;
  if (result.status === 2) return false;
  throw new GitCommandError(`Could not list the branches of ${remote}: ${result.stderr.trim()}`);
}
