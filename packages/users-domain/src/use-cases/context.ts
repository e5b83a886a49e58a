import type { CursorCodec } from '../pagination-cursor.js';
import type { AvatarStore } from '../ports/avatar-store.js';
import type { UserRepository } from '../ports/user-repository.js';
import type { UploadTokenCodec } from '../upload-token.js';

/** Everything the use-cases need from outside; each use-case takes only the part it uses. */
export interface UsersContext {
  readonly users: UserRepository;
  readonly avatars: AvatarStore;
  readonly cursors: CursorCodec;
  readonly uploadTokens: UploadTokenCodec;
  readonly now: () => Date;
  /** A new unique id (a lower-case UUID). */
  readonly newId: () => string;
  readonly avatarMaxBytes: number;
  /** The most pixels (width × height) an avatar may have. */
  readonly avatarMaxPixels: number;
}

/**
 * An avatar object that could not be removed after the records stopped referring to it. The
 * request still succeeded; the caller logs it and the avatar sweeper removes the object later.
 */
export interface LeftoverObject {
  readonly key: string;
  readonly error: unknown;
}
