import { UserNotFoundError, UserVersionMismatchError } from '../errors.js';
import type { ExpectedVersions } from '../user.js';
import type { AvatarChange } from './attach-avatar.js';
import type { UsersContext } from './context.js';
import { discardObject } from './discard-object.js';

/**
 * Removes the user's avatar: the record stops pointing at it (one atomic, conditional update), then
 * the object is removed — or, when the store fails, left for the sweeper (`leftovers`). A user
 * without an avatar is left as it is, nothing written: removing is idempotent.
 * With `expected` (the client's If-Match), nothing changes unless the user's version is one of them.
 * @throws UserNotFoundError, UserVersionMismatchError
 */
export async function removeAvatar(
  ctx: Pick<UsersContext, 'users' | 'avatars'>,
  id: string,
  expected?: ExpectedVersions,
): Promise<AvatarChange> {
  const user = await ctx.users.findById(id);
  if (!user) throw new UserNotFoundError(id);
  if (!user.avatar) {
    if (expected && !expected.includes(user.version)) throw new UserVersionMismatchError(id);
    return { user, leftovers: [] };
  }
  // The condition on the version is the repository's, in the same write as the change.
  const { user: updated, replaced } = await ctx.users.replaceAvatar(id, null, expected);
  const leftover = replaced ? await discardObject(ctx.avatars, replaced.key) : undefined;
  return { user: updated, leftovers: leftover ? [leftover] : [] };
}
