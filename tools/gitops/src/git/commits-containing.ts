import type { Git } from './git.ts';
import { isAncestor } from './resolve-commit.ts';

/**
 * `revision` and every later commit of `tip`'s first-parent history that contains it, newest first:
 * the commits Argo CD may have synced when it deployed `revision` (it syncs the branch head, which
 * may be a later commit). When `tip` does not contain `revision`, only `revision` itself.
 */
export async function commitsContaining(git: Git, revision: string, tip: string): Promise<string[]> {
  if (revision === tip || !(await isAncestor(git, revision, tip))) return [revision];
  const later = (await git.run(['rev-list', '--first-parent', '--ancestry-path', `${revision}..${tip}`]))
    .split('\n')
    .filter(Boolean);
  return [...later, revision];
}

/** The newest commit reachable from `tip` that changed `path`, or undefined when none did. */
export async function lastCommitTouching(git: Git, tip: string, path: string): Promise<string | undefined> {
  const sha = (await git.run(['log', '-1', '--format=%H', tip, '--', path])).trim();
  return sha === '' ? undefined : sha;
}
