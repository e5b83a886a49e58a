/**
 * Every failure the CLI expects has a named class and a stable code; `exit-codes.ts` maps the codes
 * to process exit codes in one table. Anything else is a bug and exits with 1.
 */
export abstract class GitopsError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Unknown command or option, a missing or malformed option value. */
export class UsageError extends GitopsError {
  readonly code = 'GITOPS.USAGE';
}

/** An environment that is not dev, staging or prod. */
export class UnknownEnvironmentError extends GitopsError {
  readonly code = 'GITOPS.UNKNOWN_ENV';
}

/** Promotion that does not go one step along dev → staging → prod. */
export class PromotionOrderError extends GitopsError {
  readonly code = 'GITOPS.PROMOTION_ORDER';
}

/** No chart for that app (deploy/charts/<app>/). */
export class UnknownAppError extends GitopsError {
  readonly code = 'GITOPS.UNKNOWN_APP';
}

/** No deploy/values/<env>/<app>.yaml: the app is not deployed in that environment. */
export class MissingValuesFileError extends GitopsError {
  readonly code = 'GITOPS.MISSING_VALUES_FILE';
}

/** Rollback found no earlier deployment in the values file's history. */
export class NoPreviousTagError extends GitopsError {
  readonly code = 'GITOPS.NO_PREVIOUS_TAG';
}

/** A values file that is not YAML or has no `image.tag` scalar. */
export class ValuesFileFormatError extends GitopsError {
  readonly code = 'GITOPS.VALUES_FORMAT';
}

/** The merged values (chart defaults + environment file) fail the chart's values.schema.json. */
export class InvalidValuesError extends GitopsError {
  readonly code = 'GITOPS.INVALID_VALUES';
}

export class NotAGitRepositoryError extends GitopsError {
  readonly code = 'GITOPS.NOT_A_REPOSITORY';
}

export class DirtyWorkingTreeError extends GitopsError {
  readonly code = 'GITOPS.DIRTY_WORKING_TREE';
}

export class NoGitRemoteError extends GitopsError {
  readonly code = 'GITOPS.NO_REMOTE';
}

/** HEAD is detached and no --branch says where to push. */
export class DetachedHeadError extends GitopsError {
  readonly code = 'GITOPS.DETACHED_HEAD';
}

/** `promote --pr-branch` names a branch that already exists on the remote. */
export class BranchExistsError extends GitopsError {
  readonly code = 'GITOPS.BRANCH_EXISTS';
}

/**
 * A promotion or rollback was decided from units that changed before its push landed (a newer bump of
 * the target, a new unit in the source): applying it would overwrite the newer state.
 */
export class StalePlanError extends GitopsError {
  readonly code = 'GITOPS.STALE_PLAN';
}

/** A commit the command needs (a base, a head, a tag) is not in the repository. */
export class UnknownCommitError extends GitopsError {
  readonly code = 'GITOPS.UNKNOWN_COMMIT';
}

/** The push was still rejected after every retry, or was refused for a reason retrying cannot fix. */
export class PushFailedError extends GitopsError {
  readonly code = 'GITOPS.PUSH_FAILED';
}

/** A git command failed in a way the CLI does not expect. */
export class GitCommandError extends GitopsError {
  readonly code = 'GITOPS.GIT';
}

/** No kubeconfig, no current context, or an unknown --context. */
export class NoClusterConfigError extends GitopsError {
  readonly code = 'GITOPS.NO_CLUSTER_CONFIG';
}

/** The Kubernetes API did not answer (transient: worth retrying), or refused the credentials (401/403). */
export class ClusterAccessError extends GitopsError {
  readonly code = 'GITOPS.CLUSTER_ACCESS';
  readonly transient: boolean;

  constructor(message: string, transient: boolean, options?: ErrorOptions) {
    super(message, options);
    this.transient = transient;
  }
}

/** The Argo CD Application <app>-<env> does not exist on this cluster. */
export class ApplicationNotFoundError extends GitopsError {
  readonly code = 'GITOPS.APPLICATION_NOT_FOUND';
}

/** The Application went Degraded or its sync failed at (or after) the awaited revision. */
export class DeploymentFailedError extends GitopsError {
  readonly code = 'GITOPS.DEPLOYMENT_FAILED';
}

/** `promote --require-healthy`: the tag is not deployed, synced and healthy in the source environment. */
export class NotHealthyError extends GitopsError {
  readonly code = 'GITOPS.NOT_HEALTHY';
}

/**
 * GitHub could not say how a deployment went: unreachable, credentials or repository refused
 * (401/403/404), or rate-limited past the timeout. Never a verdict on the deployment itself.
 */
export class StatusUnknownError extends GitopsError {
  readonly code = 'GITOPS.STATUS_UNKNOWN';
}

export class WaitTimeoutError extends GitopsError {
  readonly code = 'GITOPS.TIMEOUT';
}

/** Nx could not compute the project graph or the affected projects. */
export class NxError extends GitopsError {
  readonly code = 'GITOPS.NX';
}
