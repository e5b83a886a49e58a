import type { GitopsError } from './errors.ts';

/** The exit codes, as documented in the package README. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notFound: 3,
  repositoryState: 4,
  pushFailed: 5,
  invalidValues: 6,
  noClusterAccess: 7,
  notHealthy: 8,
  timeout: 9,
  cannotTell: 10,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const exitCodeByErrorCode: Record<string, ExitCode> = {
  'GITOPS.USAGE': ExitCode.usage,
  'GITOPS.UNKNOWN_ENV': ExitCode.usage,
  'GITOPS.PROMOTION_ORDER': ExitCode.usage,
  'GITOPS.UNKNOWN_APP': ExitCode.notFound,
  'GITOPS.MISSING_VALUES_FILE': ExitCode.notFound,
  'GITOPS.NO_PREVIOUS_TAG': ExitCode.notFound,
  'GITOPS.UNKNOWN_COMMIT': ExitCode.notFound,
  'GITOPS.NOT_A_REPOSITORY': ExitCode.repositoryState,
  'GITOPS.DIRTY_WORKING_TREE': ExitCode.repositoryState,
  'GITOPS.NO_REMOTE': ExitCode.repositoryState,
  'GITOPS.DETACHED_HEAD': ExitCode.repositoryState,
  'GITOPS.BRANCH_EXISTS': ExitCode.repositoryState,
  'GITOPS.STALE_PLAN': ExitCode.repositoryState,
  'GITOPS.PUSH_FAILED': ExitCode.pushFailed,
  'GITOPS.VALUES_FORMAT': ExitCode.invalidValues,
  'GITOPS.INVALID_VALUES': ExitCode.invalidValues,
  'GITOPS.NO_CLUSTER_CONFIG': ExitCode.noClusterAccess,
  'GITOPS.CLUSTER_ACCESS': ExitCode.noClusterAccess,
  'GITOPS.APPLICATION_NOT_FOUND': ExitCode.notHealthy,
  'GITOPS.DEPLOYMENT_FAILED': ExitCode.notHealthy,
  'GITOPS.NOT_HEALTHY': ExitCode.notHealthy,
  'GITOPS.TIMEOUT': ExitCode.timeout,
  'GITOPS.STATUS_UNKNOWN': ExitCode.cannotTell,
  'GITOPS.GIT': ExitCode.unexpected,
  'GITOPS.NX': ExitCode.unexpected,
};

export function exitCodeOf(error: GitopsError): ExitCode {
  return exitCodeByErrorCode[error.code] ?? ExitCode.unexpected;
}
