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
  readonly pollIntervalMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onState: (line: string) => void;
}

/**
 * Polls the commit statuses until the newest one of the context on a candidate commit is `success`.
 * `failure` or `error` there is a definite failure (DeploymentFailedError); `pending` or nothing until
 * the time is up is a timeout (WaitTimeoutError). When GitHub could not be read — refused (401, 403,
 * 404), or still failing or rate-limited when the time is up — it is StatusUnknownError: nobody can
 * tell how the deployment went, and that must never be taken for a failure.
 */
export async function waitForCommitStatus(options: CommitStatusWaitOptions): Promise<StatusReading> {
  const deadline = Date.now() + options.timeoutMs;
  let lastState: string | undefined;
  for (;;) {
    let problem: GitHubApiError | undefined;
    try {
      const reading = await newestStatus(options.reader, await options.candidates(), options.context);
      const state = describeReading(reading);
      if (state !== lastState) options.onState(`${options.context}: ${state}`);
      lastState = state;
      if (reading?.status.state === 'success') return reading;
      if (reading && (reading.status.state === 'failure' || reading.status.state === 'error')) {
        throw new DeploymentFailedError(`${options.context} reports ${state}.`);
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
    await options.sleep(Math.min(pause, remaining));
  }
}
