/**
 * Every failure the domain reports. `code` is stable and is what the HTTP layer maps to a status;
 * `message` is safe to show to a client.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UserNotFoundError extends DomainError {
  readonly code = 'USER.NOT_FOUND';
  constructor(readonly userId: string) {
    super(`No user has the id ${userId}.`);
  }
}

export class EmailTakenError extends DomainError {
  readonly code = 'USER.EMAIL_TAKEN';
  constructor(readonly email: string) {
    super(`A user with the email ${email} already exists.`);
  }
}

/** The user changed since the version the client named (its `If-Match`): nothing was written. */
export class UserVersionMismatchError extends DomainError {
  readonly code = 'USER.VERSION_MISMATCH';
  constructor(readonly userId: string) {
    super(
      `The user ${userId} has changed since the version in If-Match; nothing was changed. Read it again (GET) and send its new ETag.`,
    );
  }
}

/** A patch that names nothing to change. */
export class EmptyUserPatchError extends DomainError {
  readonly code = 'USER.EMPTY_PATCH';
  constructor() {
    super('The patch changes nothing: send name, email or both.');
  }
}

export class InvalidCursorError extends DomainError {
  readonly code = 'PAGINATION.INVALID_CURSOR';
  constructor() {
    super('The cursor is not one this service issued; start again without it.');
  }
}

export class AvatarNotFoundError extends DomainError {
  readonly code = 'AVATAR.NOT_FOUND';
  constructor(readonly userId: string) {
    super(`The user ${userId} has no avatar.`);
  }
}

export class AvatarTooLargeError extends DomainError {
  readonly code = 'AVATAR.TOO_LARGE';
  constructor(readonly maxBytes: number) {
    super(`Avatars may be at most ${maxBytes} bytes.`);
  }
}

export class UnsupportedAvatarTypeError extends DomainError {
  readonly code = 'AVATAR.UNSUPPORTED_TYPE';
  constructor(detail = 'The file is not a PNG, JPEG, WebP or GIF image.') {
    super(detail);
  }
}

/** An image whose dimensions exceed the pixel cap: refused before anything would decode it. */
export class ImageTooLargeError extends DomainError {
  readonly code = 'AVATAR.TOO_MANY_PIXELS';
  constructor(
    readonly width: number,
    readonly height: number,
    readonly maxPixels: number,
  ) {
    super(`The image is ${width}×${height} pixels; avatars may have at most ${maxPixels} pixels.`);
  }
}

export class InvalidUploadTokenError extends DomainError {
  readonly code = 'AVATAR.INVALID_UPLOAD_TOKEN';
  constructor(reason: string) {
    super(`The upload token is not valid: ${reason}`);
  }
}

/** Nothing is staged for an upload whose URL is still valid: not uploaded yet, or already used or removed. */
export class UploadNotReceivedError extends DomainError {
  readonly code = 'AVATAR.UPLOAD_NOT_RECEIVED';
  constructor() {
    super(
      'Nothing is stored for this upload: the file was not uploaded yet, or this upload was already used or removed. Upload the file to the upload URL, then complete the upload.',
    );
  }
}

/** Nothing is staged for an upload whose URL has expired: it must be repeated with a new URL. */
export class UploadExpiredError extends DomainError {
  readonly code = 'AVATAR.UPLOAD_EXPIRED';
  constructor() {
    super(
      'The upload expired or was removed and must be repeated: request a new upload URL and upload the file again.',
    );
  }
}

/** The staged file is not the size the upload was granted for (a partial or replaced upload); it was removed. */
export class UploadSizeMismatchError extends DomainError {
  readonly code = 'AVATAR.SIZE_MISMATCH';
  constructor(
    readonly declared: number,
    readonly stored: number,
  ) {
    super(
      `The upload was granted for ${declared} bytes but ${stored} were stored; it was removed. Request a new upload URL and upload the whole file.`,
    );
  }
}

/**
 * A backing service (database, object store) did not answer or refused for lack of capacity.
 * Adapters throw it with the original error as `cause`; it is the client's cue to retry later.
 */
export class DependencyUnavailableError extends DomainError {
  readonly code = 'DEPENDENCY.UNAVAILABLE';
  readonly retryAfterSeconds: number;
  constructor(
    readonly dependency: string,
    options?: ErrorOptions & { retryAfterSeconds?: number },
  ) {
    super(`The ${dependency} service is unavailable; try again shortly.`, options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 1;
  }
}

/** An `Idempotency-Key` that is empty, too long or holds characters other than printable ASCII. */
export class InvalidIdempotencyKeyError extends DomainError {
  readonly code = 'IDEMPOTENCY.INVALID_KEY';
  constructor(reason: string) {
    super(`The Idempotency-Key header is not valid: ${reason}`);
  }
}

/** An `Idempotency-Key` sent again with a request other than the one it was first used for. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY.KEY_REUSED';
  constructor() {
    super('This Idempotency-Key was already used with a different request; use a new key for a new request.');
  }
}
