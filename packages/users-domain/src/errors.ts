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

export class InvalidUploadTokenError extends DomainError {
  readonly code = 'AVATAR.INVALID_UPLOAD_TOKEN';
  constructor(reason: string) {
    super(`The upload token is not valid: ${reason}`);
  }
}

export class UploadNotReceivedError extends DomainError {
  readonly code = 'AVATAR.UPLOAD_NOT_RECEIVED';
  constructor() {
    super('Nothing was uploaded to the upload URL yet; upload the file, then complete the upload.');
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
