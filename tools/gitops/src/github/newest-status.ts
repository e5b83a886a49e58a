import type { Environment } from '../environments.ts';
import type { CommitStatus, CommitStatusReader } from './commit-status-reader.ts';

/** The commit status context Argo CD Notifications sets for an Application (argocd/<app>-<env>). */
export const statusContext = (app: string, environment: Environment) => `argocd/${app}-${environment}`;

export interface StatusReading {
  readonly commit: string;
  readonly status: CommitStatus;
}

/**
 * The status of `context` on the newest of `candidates` (newest first) that has one: Argo CD reports
 * only the revisions it synced, and its newest report is the one that counts.
 */
export async function newestStatus(
  reader: Pick<CommitStatusReader, 'statusOf'>,
  candidates: readonly string[],
  context: string,
): Promise<StatusReading | undefined> {
  for (const commit of candidates) {
    const status = await reader.statusOf(commit, context);
    if (status) return { commit, status };
  }
  return undefined;
}

/** One line for a reading, e.g. `success on 1a2b3c4d5e6f: Synced and Healthy`. */
export function describeReading(reading: StatusReading | undefined): string {
  if (!reading) return 'no status yet';
  const { status, commit } = reading;
  return `${status.state} on ${commit.slice(0, 12)}${status.description ? `: ${status.description}` : ''}`;
}
