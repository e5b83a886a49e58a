import { BranchExistsError, PushFailedError } from '../errors.ts';
import type { Backoff } from '../git/backoff.ts';
import { commitFiles } from '../git/commit-files.ts';
import type { Delivery } from '../git/delivery.ts';
import type { Git } from '../git/git.ts';
import { fetchBranch, pushCommit, remoteBranchExists } from '../git/push.ts';
import { CommitReader } from '../git/read-at-commit.ts';
import { isAncestor } from '../git/resolve-commit.ts';
import { planTagChanges } from './plan-tag-changes.ts';
import type { TagChange, TagEdit } from './tag-change.ts';

export interface PublishOptions {
  readonly git: Git;
  readonly delivery: Delivery;
  /** Decides the edits once, from the first base commit (a rollback's previous tag, a promotion's source tags). */
  readonly resolveEdits: (reader: CommitReader) => Promise<readonly TagEdit[]>;
  readonly message: (changes: readonly TagChange[]) => string;
  readonly backoff: Backoff;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
}

export interface PublishResult {
  readonly changes: readonly TagChange[];
  /** The new commit, or undefined when every tag already had its value (no commit is made). */
  readonly commit: string | undefined;
  /** The commit that holds the wanted tags: the new commit, or the base when nothing changed. */
  readonly revision: string;
  readonly attempts: number;
}

/**
 * Turns tag edits into one commit and delivers it. With `push`, the edit is made on the remote's
 * newest head (never on a stale checkout), so a concurrent change to any file — the same values file
 * included — is kept; a rejected push is fetched, re-applied and retried with backoff.
 */
export async function publishTagChanges(options: PublishOptions): Promise<PublishResult> {
  const { delivery } = options;
  if (delivery.kind === 'local') return commitLocally(options);
  if (delivery.kind === 'pull-request-branch') return pushNewBranch(options, delivery);
  return pushWithRetry(options, delivery);
}

async function commitLocally(options: PublishOptions): Promise<PublishResult> {
  const { git } = options;
  const base = (await git.run(['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
  const reader = new CommitReader(git, base);
  const plan = await planTagChanges(reader, await options.resolveEdits(reader));
  if (plan.changes.length === 0) return { changes: [], commit: undefined, revision: base, attempts: 1 };
  const commit = await commitFiles(git, base, plan.files, options.message(plan.changes));
  await git.run(['merge', '--ff-only', '--quiet', commit]);
  return { changes: plan.changes, commit, revision: commit, attempts: 1 };
}

async function pushNewBranch(
  options: PublishOptions,
  delivery: Extract<Delivery, { kind: 'pull-request-branch' }>,
): Promise<PublishResult> {
  const { git } = options;
  if (await remoteBranchExists(git, delivery.remote, delivery.branch)) {
    throw new BranchExistsError(`${delivery.remote} already has a branch ${delivery.branch}: choose another name.`);
  }
  const base = await fetchBranch(git, delivery.remote, delivery.baseBranch);
  const reader = new CommitReader(git, base);
  const plan = await planTagChanges(reader, await options.resolveEdits(reader));
  if (plan.changes.length === 0) return { changes: [], commit: undefined, revision: base, attempts: 1 };
  const commit = await commitFiles(git, base, plan.files, options.message(plan.changes));
  const pushed = await pushCommit(git, delivery.remote, commit, delivery.branch);
  if (pushed.outcome === 'rejected-retryable') {
    throw new BranchExistsError(`${delivery.remote} refused ${delivery.branch} (created meanwhile?): ${pushed.detail}`);
  }
  if (pushed.outcome === 'rejected') {
    throw new PushFailedError(`Pushing ${delivery.branch} to ${delivery.remote} failed: ${pushed.detail}`);
  }
  return { changes: plan.changes, commit, revision: commit, attempts: 1 };
}

async function pushWithRetry(
  options: PublishOptions,
  delivery: Extract<Delivery, { kind: 'push' }>,
): Promise<PublishResult> {
  const { git } = options;
  let edits: readonly TagEdit[] | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const base = await fetchBranch(git, delivery.remote, delivery.branch);
    const reader = new CommitReader(git, base);
    edits ??= await options.resolveEdits(reader);
    const plan = await planTagChanges(reader, edits);
    if (plan.changes.length === 0) {
      await fastForwardWorkingTree(options, delivery.branch, base);
      return { changes: [], commit: undefined, revision: base, attempts: attempt };
    }
    const commit = await commitFiles(git, base, plan.files, options.message(plan.changes));
    const pushed = await pushCommit(git, delivery.remote, commit, delivery.branch);
    if (pushed.outcome === 'pushed') {
      await fastForwardWorkingTree(options, delivery.branch, commit);
      return { changes: plan.changes, commit, revision: commit, attempts: attempt };
    }
    if (pushed.outcome === 'rejected') {
      throw new PushFailedError(
        `${delivery.remote} refused the push to ${delivery.branch} (protected branch? use a pull request branch): ${pushed.detail}`,
      );
    }
    if (attempt >= delivery.attempts) {
      throw new PushFailedError(
        `The push to ${delivery.remote}/${delivery.branch} was still rejected after ${attempt} attempts: ${pushed.detail}`,
      );
    }
    const wait = options.backoff.delay(attempt);
    options.log(
      `${delivery.remote}/${delivery.branch} moved on: re-applying on its new head in ${wait} ms (attempt ${attempt + 1} of ${delivery.attempts}).`,
    );
    await options.sleep(wait);
  }
}

/**
 * Brings the checkout up to the pushed commit when that is a fast-forward of the branch it is on
 * (the CI case, so the next command sees the change); otherwise leaves local work alone.
 */
async function fastForwardWorkingTree(options: PublishOptions, branch: string, commit: string): Promise<void> {
  const { git } = options;
  const current = await git.attempt(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const head = (await git.run(['rev-parse', 'HEAD'])).trim();
  if (current.stdout.trim() !== branch || head === commit) return;
  if (!(await isAncestor(git, head, commit))) {
    options.log(`Your ${branch} has commits the remote does not: run \`git pull --rebase\` to get the pushed change.`);
    return;
  }
  const merged = await git.attempt(['merge', '--ff-only', '--quiet', commit]);
  if (merged.status !== 0) options.log(`Pushed, but could not fast-forward the checkout: ${merged.stderr.trim()}`);
}
