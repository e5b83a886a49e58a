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
  /** Stores a new user and reserves its email atomically. @throws EmailTakenError */
  create(user: User): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  /** The users among these ids that exist, read consistently, by id. */
  findByIds(ids: readonly string[]): Promise<ReadonlyMap<string, User>>;
  /** A page of users, newest first. Costs what the page costs, whatever the number of users. */
  list(page: { limit: number; after?: UserPosition }): Promise<UserPage>;
  /** Removes the user and frees its email atomically; the removed user, or undefined if there was none. */
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
