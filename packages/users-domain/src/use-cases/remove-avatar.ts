import type { ExpectedVersions } from '../user.js';
import type { AvatarChange } from './attach-avatar.js';
import type { UsersContext } from './context.js';
import { discardObject } from './discard-object.js';

/**
 * Removes the user's avatar: the record stops pointing at it (one conditional write, which reads
 * nothing unless it is refused), then the object is removed — or, when the store fails, left for
 * the sweeper (`leftovers`). A user without an avatar is left as it is, nothing written: removing
 * is idempotent. With `expected` (the client's If-Match), nothing changes unless the user's
 * version is one of them.
 * @throws UserNotFoundError, UserVersionMismatchError
 */
export async function removeAvatar(
  ctx: Pick<UsersContext, 'users' | 'avatars'>,
  id: string,
  expected?: ExpectedVersions,
): Promise<AvatarChange> {
  const { user, removed } = await ctx.users.clearAvatar(id, expected);
  const leftover = removed ? await discardObject(ctx.avatars, removed.key) : undefined;
  return { user, leftovers: leftover ? [leftover] : [] };
}
