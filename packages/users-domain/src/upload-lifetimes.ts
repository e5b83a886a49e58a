// The one source of the times the avatar sweeper's safety rests on. A staged upload can still be
// completed until its token expires; the sweeper must never remove what a valid token may still
// complete, nor a fresh avatar object whose record update may still be landing. Every number the
// sweeper enforces is derived here, and the chart's values.schema.json minimum must equal
// `minimumSweepGraceSeconds` (a test in apps/avatar-sweeper says which number).

/** How long the presigned upload URL is valid. */
export const uploadUrlLifetimeSeconds = 10 * 60;
/** How long after the URL expires the upload may still be completed. */
export const uploadCompletionGraceSeconds = 15 * 60;
/** The longest an upload token lets `/complete` use a staged upload, from the moment it was granted. */
export const uploadTokenLifetimeSeconds = uploadUrlLifetimeSeconds + uploadCompletionGraceSeconds;
/**
 * Added on top, for clock skew between the API's pods and S3, and for a completion that started
 * just before its token expired and is still writing.
 */
export const sweepSafetyMarginSeconds = 5 * 60;
/** Staged uploads older than this are removed by the sweeper: no token can complete them any more. */
export const stagedUploadRetentionSeconds = uploadTokenLifetimeSeconds + sweepSafetyMarginSeconds;
/**
 * The shortest grace period the sweeper accepts, in every environment: avatar objects younger than
 * it are never removed, and records changed within it are never repaired.
 */
export const minimumSweepGraceSeconds = stagedUploadRetentionSeconds;
