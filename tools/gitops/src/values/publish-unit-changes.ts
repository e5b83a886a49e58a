import { BranchExistsError, PushFailedError, StalePlanError } from '../errors.ts';
import type { Backoff } from '../git/backoff.ts';
import { commitFiles } from '../git/commit-files.ts';
import type { Delivery } from '../git/delivery.ts';
import type { Git } from '../git/git.ts';
import { fetchBranch, pushCommit, remoteBranchExists } from '../git/push.ts';
import { CommitReader } from '../git/read-at-commit.ts';
import { isAncestor } from '../git/resolve-commit.ts';
import { layout } from '../repository-layout.ts';
import { type DeploymentUnit, describeUnit, sameUnit, type UnitChange, type UnitEdit } from './deployment-unit.ts';
import { planUnitChanges, readDeployedUnit } from './plan-unit-changes.ts';

/** The edits a command wants on one base commit, and the units its decision rests on. */
export interface PlannedEdits {
  readonly edits: readonly UnitEdit[];
  /**
   * Values files whose unit the decision was made from (a promotion's source and target, a
   * rollback's target): if one of them holds another unit when a push is retried, the decision is
   * stale and the command stops instead of writing over the newer unit.
   */
  readonly decidedFrom?: readonly Pick<UnitEdit, 'environment' | 'app'>[];
}

export interface PublishOptions {
  readonly git: Git;
  readonly delivery: Delivery;
  /** Plans the edits on a base commit; called again on every retry, on the new remote head. */
  readonly plan: (reader: CommitReader, first: boolean) => Promise<PlannedEdits>;
  readonly message: (changes: readonly UnitChange[]) => string;
  /** What the command does, for messages: `promotion`, `rollback`. */
  readonly what: string;
  readonly backoff: Backoff;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: (line: string) => void;
}

export interface PublishResult {
  readonly changes: readonly UnitChange[];
  /** The new commit, or undefined when every unit already had its value (no commit is made). */
  readonly commit: string | undefined;
  /** The commit that holds the wanted units: the new commit, or the base when nothing changed. */
  readonly revision: string;
  readonly attempts: number;
}

/**
 * Turns unit edits into one commit and delivers it. With `push`, the edit is planned on the remote's
 * newest head (never on a stale checkout), so a concurrent change to any file — the same values file
 * included — is kept; a rejected push is fetched, planned again on the new head and retried with backoff.
 */
export async function publishUnitChanges(options: PublishOptions): Promise<PublishResult> {
  const { delivery } = options;
  if (delivery.kind === 'local') return commitLocally(options);
  if (delivery.kind === 'pull-request-branch') return pushNewBranch(options, delivery);
  return pushWithRetry(options, delivery);
}

async function planOn(options: PublishOptions, base: string, first: boolean) {
  const reader = new CommitReader(options.git, base);
  const planned = await options.plan(reader, first);
  return { reader, planned, plan: await planUnitChanges(options.git, reader, planned.edits) };
}

async function commitLocally(options: PublishOptions): Promise<PublishResult> {
  const { git } = options;
  const base = (await git.run(['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
  const { plan } = await planOn(options, base, true);
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
  const { plan } = await planOn(options, base, true);
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
  let decidedFrom: DecidedUnit[] | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const base = await fetchBranch(git, delivery.remote, delivery.branch);
    if (decidedFrom) await assertStillCurrent(options, new CommitReader(git, base), decidedFrom);
    const { reader, planned, plan } = await planOn(options, base, attempt === 1);
    decidedFrom ??= await unitsOf(reader, planned.decidedFrom ?? []);
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
      `${delivery.remote}/${delivery.branch} moved on: planning again on its new head in ${wait} ms (attempt ${attempt + 1} of ${delivery.attempts}).`,
    );
    await options.sleep(wait);
  }
}

type Target = Pick<UnitEdit, 'environment' | 'app'>;

interface DecidedUnit {
  readonly target: Target;
  readonly unit: DeploymentUnit;
}

async function unitsOf(reader: CommitReader, targets: readonly Target[]): Promise<DecidedUnit[]> {
  return Promise.all(targets.map(async (target) => ({ target, unit: await readDeployedUnit(reader, target) })));
}

/** Refuses to go on when a unit the decision rests on moved since the first plan. */
async function assertStillCurrent(options: PublishOptions, reader: CommitReader, decided: readonly DecidedUnit[]) {
  for (const { target, unit } of decided) {
    const now = await readDeployedUnit(reader, target);
    if (!sameUnit(now, unit)) {
      throw new StalePlanError(
        `Refusing the ${options.what}: ${layout.valuesFile(target.environment, target.app)} changed while it was being pushed (it was ${describeUnit(unit)}, it is now ${describeUnit(now)} at ${reader.commit.slice(0, 12)}); nothing was pushed. Look at gitops status and run it again to decide afresh.`,
      );
    }
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
