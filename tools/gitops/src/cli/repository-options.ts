import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import type { Delivery } from '../git/delivery.ts';
import type { Git } from '../git/git.ts';
import { assertCleanWorkingTree, assertGitRepository, assertRemote, targetBranch } from '../git/repository-checks.ts';
import { tryResolveCommit } from '../git/resolve-commit.ts';
import type { CommandContext, OptionSpec, OptionValues } from './command.ts';
import { flag, optionalString, positiveInteger } from './parse-options.ts';

export const defaultPushAttempts = 10;

/** The options of the commands that commit to the values files. */
export const deliveryOptions: Readonly<Record<string, OptionSpec>> = {
  push: { type: 'boolean', description: 'push the commit; a rejected push is re-applied on the new head and retried' },
  remote: { type: 'string', value: '<name>', description: 'the remote to push to (default: origin)' },
  branch: { type: 'string', value: '<name>', description: 'the branch to commit on (default: the current branch)' },
  attempts: {
    type: 'string',
    value: '<n>',
    description: `push attempts before giving up (default: ${defaultPushAttempts})`,
  },
  'github-output': {
    type: 'boolean',
    description: 'also write changed, commit and revision to $GITHUB_OUTPUT',
  },
};

/** The repository's top-level directory as a Git, checked to be a working tree. */
export async function openRepository(values: OptionValues, context: CommandContext): Promise<Git> {
  const directory = resolve(context.cwd, optionalString(values, 'repo') ?? '.');
  const git = context.git(directory);
  await assertGitRepository(git);
  const top = (await git.run(['rev-parse', '--show-toplevel'])).trim();
  return top === directory ? git : context.git(top);
}

/** For the commands that may deliver as a pull request branch instead of a push (promote, rollback). */
export const pullRequestBranchOption: Readonly<Record<string, OptionSpec>> = {
  'pr-branch': {
    type: 'string',
    value: '<name>',
    description: 'push the commit as this new branch, made from the remote --branch, for a pull request',
  },
};

/** A clean working tree, and for --push or --pr-branch a remote and a branch. */
export async function chooseDelivery(git: Git, values: OptionValues): Promise<Delivery> {
  await assertCleanWorkingTree(git);
  const pullRequestBranch = optionalString(values, 'pr-branch');
  if (pullRequestBranch !== undefined) {
    if (flag(values, 'push')) throw new UsageError('Use either --push or --pr-branch, not both.');
    const remote = optionalString(values, 'remote') ?? 'origin';
    await assertRemote(git, remote);
    return {
      kind: 'pull-request-branch',
      remote,
      baseBranch: await targetBranch(git, optionalString(values, 'branch')),
      branch: pullRequestBranch,
    };
  }
  if (!flag(values, 'push')) {
    for (const name of ['remote', 'branch', 'attempts']) {
      if (optionalString(values, name)) throw new UsageError(`--${name} is only for --push.`);
    }
    return { kind: 'local' };
  }
  const remote = optionalString(values, 'remote') ?? 'origin';
  await assertRemote(git, remote);
  return {
    kind: 'push',
    remote,
    branch: await targetBranch(git, optionalString(values, 'branch')),
    attempts: positiveInteger(values, 'attempts', defaultPushAttempts),
  };
}

/** An image tag is a full commit SHA; a short SHA or a ref of this repository is resolved to one. */
export async function resolveImageTag(git: Git, given: string, option: string): Promise<string> {
  if (/^[0-9a-f]{40}$/.test(given)) return given;
  const resolved = await tryResolveCommit(git, given);
  if (!resolved) {
    throw new UsageError(
      `--${option} must be a 40-character commit SHA (or a commit of this repository), not "${given}".`,
    );
  }
  return resolved;
}
