import { DeploymentFailedError, StatusUnknownError, WaitTimeoutError } from '../errors.ts';
import type { CommitStatusReader } from './commit-status-reader.ts';
import { GitHubApiError } from './github-api-error.ts';
import { describeReading, newestStatus, type StatusReading } from './newest-status.ts';

export interface CommitStatusWaitOptions {
  readonly reader: Pick<CommitStatusReader, 'statusOf'>;
  /** e.g. argocd/api-dev */
  readonly context: string;
  /** The awaited revision and the later commits that contain it, newest first; asked before each poll. */
  readonly candidates: () => Promise<readonly string[]>;
  readonly timeoutMs: number;
  /**
   * How long `failure` (Argo CD: Degraded) is taken for a rollout still settling, from the first poll
   * that sees it; `error` (the sync failed) never is. 0 fails at once.
   */
  readonly failureGraceMs: number;
  readonly pollIntervalMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onState: (line: string) => void;
}

/**
 * Polls the commit statuses until the newest one of the context on a candidate commit is `success`.
 * `error` there, or `failure` past the grace, is a definite failure (DeploymentFailedError); `pending` or nothing until
 * the time is up is a timeout (WaitTimeoutError). When GitHub could not be read — refused (401, 403,
 * 404), or still failing or rate-limited when the time is up — it is StatusUnknownError: nobody can
 * tell how the deployment went, and that must never be taken for a failure.
 */
export async function waitForCommitStatus(options: CommitStatusWaitOptions): Promise<StatusReading> {
  const deadline = Date.now() + options.timeoutMs;
  let lastState: string | undefined;
  let failingSince: number | undefined;
  for (;;) {
    let problem: GitHubApiError | undefined;
    let failing = false;
    try {
      const reading = await newestStatus(options.reader, await options.candidates(), options.context);
      const state = describeReading(reading);
      if (state !== lastState) options.onState(`${options.context}: ${state}`);
      lastState = state;
      if (reading?.status.state === 'success') return reading;
      if (reading?.status.state === 'error') throw new DeploymentFailedError(`${options.context} reports ${state}.`);
      if (reading?.status.state === 'failure') {
        failing = true;
        failingSince ??= Date.now();
        if (Date.now() - failingSince >= options.failureGraceMs) {
          const after = options.failureGraceMs > 0 ? ` after the ${options.failureGraceMs / 1000} s grace` : '';
          throw new DeploymentFailedError(`${options.context} reports ${state}${after}.`);
        }
      }
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error;
      if (!error.transient)
        throw new StatusUnknownError(`Could not tell how ${options.context} went: ${error.message}.`);
      problem = error;
      options.onState(`${options.context}: could not read GitHub (${error.message}); trying again`);
      if (error.retryAtMs !== undefined && error.retryAtMs > deadline) {
        throw new StatusUnknownError(
          `Could not tell how ${options.context} went: GitHub rate-limits this token until ${new Date(error.retryAtMs).toISOString()}, after the timeout.`,
        );
      }
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      if (problem) {
        throw new StatusUnknownError(
          `Could not tell how ${options.context} went: GitHub still failed when the time was up (${problem.message}).`,
        );
      }
      throw new WaitTimeoutError(
        `Timed out after ${options.timeoutMs / 1000} s waiting for ${options.context} to report success; last seen: ${lastState ?? 'nothing'}.`,
      );
    }
    const pause = Math.max(options.pollIntervalMs, (problem?.retryAtMs ?? 0) - Date.now());
    // The poll that ends the grace comes when it ends, not a whole interval later.
    const graceLeft =
      !failing || failingSince === undefined
        ? Infinity
        : Math.max(0, failingSince + options.failureGraceMs - Date.now());
    await options.sleep(Math.min(pause, remaining, graceLeft));
  }
}
