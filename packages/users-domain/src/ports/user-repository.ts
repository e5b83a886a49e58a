import type { Avatar, User, UserPosition } from '../user.js';

export interface UserPage {
  readonly users: readonly User[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: UserPosition;
}

/**
 * Where users are kept. Implementations throw `DependencyUnavailableError` when the store cannot
 * answer, and never leave a user without its email reservation or the other way round.
 */
export interface UserRepository {
  /**
   * Stores a new user and reserves its email atomically; emails are compared as given (the
   * use-cases lower-case them). A user whose id is already stored is refused. @throws EmailTakenError
   */
  create(user: User): Promise<void>;
  findById(id: string): Promise<User | undefined>;
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
   */
  delete(id: string): Promise<User | undefined>;
  /**
   * Attaches an avatar (or detaches with null); returns the updated user and the avatar it replaced,
   * read atomically, so two concurrent uploads each learn which object they superseded. @throws UserNotFoundError
   */
  replaceAvatar(id: string, avatar: Avatar | null): Promise<{ user: User; replaced: Avatar | null }>;
  /**
   * Sets the avatar to null only if it still is the object under `key`: false when the user is
   * gone or points elsewhere by now, so a repair never undoes a newer upload.
   */
  detachAvatar(id: string, key: string): Promise<boolean>;
}
