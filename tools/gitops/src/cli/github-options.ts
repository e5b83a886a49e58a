import { UsageError } from '../errors.ts';
import type { Git } from '../git/git.ts';
import { CommitStatusReader } from '../github/commit-status-reader.ts';
import { githubRepository } from '../github/github-repository.ts';
import type { CommandContext, OptionValues } from './command.ts';
import { optionalString } from './parse-options.ts';

export type Source = 'github' | 'cluster';

/** Where `wait` and `promote --require-healthy` learn how a deployment went. */
export function parseSource(values: OptionValues, fallback: Source): Source {
  const via = optionalString(values, 'via') ?? fallback;
  if (via !== 'github' && via !== 'cluster') throw new UsageError(`--via must be github or cluster, not "${via}".`);
  return via;
}

/** A reader of the repository's commit statuses: GITHUB_REPOSITORY, or the GitHub repository the remote names. */
export async function commitStatusReader(git: Git, remote: string, context: CommandContext) {
  const url = context.github.repository
    ? undefined
    : (await git.attempt(['remote', 'get-url', remote])).stdout.trim() || undefined;
  return new CommitStatusReader({
    apiUrl: context.github.apiUrl,
    repository: githubRepository(context.github.repository, url),
    token: context.github.token,
  });
}
