import type { Avatar, ExpectedVersions, User, UserChanges, UserPosition } from '../user.js';

export interface UserPage {
  readonly users: readonly User[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: UserPosition;
}

/**
 * A create that a client may safely send again: the client's `Idempotency-Key`, scoped to the caller,
 * recorded atomically with the user. A retry finds the record and gets the user created the first
 * time, even when the first attempt's answer was lost (a time-out after DynamoDB committed).
 */
export interface IdempotentCreate {
  /** Who asked: a digest of the caller's credential, never the credential. Keys of other callers never match. */
  readonly scope: string;
  /** The client's key, as sent. */
  readonly key: string;
  /** The request in a canonical form: a retry must carry the same one. */
  readonly fingerprint: string;
  /** When the record may be forgotten; from then on the key counts as never used. */
  readonly expiresAt: Date;
}

/**
 * Where users are kept. Implementations throw `DependencyUnavailableError` when the store cannot
 * answer, and never leave a user without its email reservation or the other way round.
 */
export interface UserRepository {
  /**
   * Stores a new user and reserves its email atomically; emails are compared as given (the
   * use-cases lower-case them). A user whose id is already stored is refused. Returns the user stored.
   *
   * With `idempotency`, the key is recorded in the same atomic write. When the caller's key is
   * recorded already and has not expired (at `user.createdAt`), nothing is written: the same
   * fingerprint returns the user that create stored, as it was stored; another fingerprint throws
   * IdempotencyKeyReusedError. @throws EmailTakenError
   */
  create(user: User, idempotency?: IdempotentCreate): Promise<User>;
  findById(id: string): Promise<User | undefined>;
  /**
   * The user holding this email (compared as given: the use-cases lower-case it), found through its
   * reservation and read consistently; undefined when none does, or when the reservation names a
   * user that does not hold the email (any more).
   */
  findByEmail(email: string): Promise<User | undefined>;
  /**
   * Changes the user's name and/or email, with its version one higher, and returns it. A new email
   * moves the reservation in the same atomic write: the user, the old reservation's release and the
   * new one's claim commit together or not at all. Changes that leave the user as it is write
   * nothing and return it unchanged (after the `expected` check).
   * @throws UserNotFoundError, EmailTakenError, UserVersionMismatchError (the version is not one of `expected`)
   */
  update(id: string, changes: UserChanges, expected?: ExpectedVersions): Promise<User>;
  /** The users among these ids that exist, read consistently, by id; an id asked for twice counts once. */
  findByIds(ids: readonly string[]): Promise<ReadonlyMap<string, User>>;
  /**
   * A page of users, newest first (by `createdAt`, then by id, greater first). `after` may name a
   * user deleted since. Costs what the page costs, whatever the number of users.
   */
  list(page: { limit: number; after?: UserPosition }): Promise<UserPage>;
  /**
   * Removes the user and frees its email atomically; the removed user as it was when removed (its
   * avatar too, even if one was attached a moment before), or undefined if there was none.
   * @throws UserVersionMismatchError when the user's version is not one of `expected`; nothing is removed
   */
  delete(id: string, expected?: ExpectedVersions): Promise<User | undefined>;
  /**
   * Attaches an avatar (or detaches with null), one version higher; returns the updated user and the
   * avatar it replaced, read atomically, so two concurrent uploads each learn which object they
   * superseded. @throws UserNotFoundError, UserVersionMismatchError (the version is not one of `expected`)
   */
  replaceAvatar(
    id: string,
    avatar: Avatar | null,
    expected?: ExpectedVersions,
  ): Promise<{ user: User; replaced: Avatar | null }>;
  /**
   * Sets the avatar to none, one version higher, if the user has one — in one conditional write,
   * with the version check in it — and returns the user and the avatar removed. A user without an
   * avatar is returned as it is, nothing written, with `removed` null (after the `expected` check).
   * @throws UserNotFoundError, UserVersionMismatchError (the version is not one of `expected`)
   */
  clearAvatar(id: string, expected?: ExpectedVersions): Promise<{ user: User; removed: Avatar | null }>;
  /**
   * Sets the avatar to null (one version higher) only if it still is the object under `key`: false
   * when the user is gone or points elsewhere by now, so a repair never undoes a newer upload.
   */
  detachAvatar(id: string, key: string): Promise<boolean>;
}
