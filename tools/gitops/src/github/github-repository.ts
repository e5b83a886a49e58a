import { UsageError } from '../errors.ts';

const ownerAndName = /^[\w.-]+\/[\w.-]+$/;

/**
 * The repository (owner/name) whose commit statuses to read: GITHUB_REPOSITORY when set (GitHub
 * Actions sets it), else the one a GitHub remote URL names (https://github.com/o/r.git,
 * git@github.com:o/r.git, ssh://git@github.com/o/r).
 */
export function githubRepository(variable: string | undefined, remoteUrl: string | undefined): string {
  if (variable) {
    if (!ownerAndName.test(variable)) throw new UsageError(`GITHUB_REPOSITORY must be owner/name, not "${variable}".`);
    return variable;
  }
  const match = remoteUrl
    ? /^(?:https?:\/\/[^/]+\/|ssh:\/\/[^/]+\/|[^@/]+@[^:]+:)([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(remoteUrl)
    : null;
  if (!match?.[1]) {
    throw new UsageError(
      `Cannot tell the GitHub repository from the remote URL "${remoteUrl ?? ''}": set GITHUB_REPOSITORY=owner/name.`,
    );
  }
  return match[1];
}
