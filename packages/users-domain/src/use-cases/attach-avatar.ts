import { UserNotFoundError } from '../errors.js';
import type { Avatar, User } from '../user.js';
import type { LeftoverObject, UsersContext } from './context.js';
import { discardObject } from './discard-object.js';

export interface AvatarChange {
  readonly user: User;
  readonly leftover?: LeftoverObject;
}

/**
 * Points the user's record at a stored object, then removes the object it replaced. When the store
 * says the record cannot be updated (the user is gone), the new object is removed again. When the
 * outcome is unknown — a time-out or a lost connection, after which the update may still commit —
 * the new object is kept: the record may point at it, and if not, the sweeper removes it once it is
 * unreferenced and older than its grace period.
 */
export async function attachAvatar(
  ctx: Pick<UsersContext, 'users' | 'avatars'>,
  userId: string,
  avatar: Avatar,
): Promise<AvatarChange> {
  let change;
  try {
    change = await ctx.users.replaceAvatar(userId, avatar);
  } catch (error) {
    if (error instanceof UserNotFoundError) await discardObject(ctx.avatars, avatar.key);
    throw error;
  }
  const replacedKey = change.replaced?.key;
  const leftover =
    replacedKey && replacedKey !== avatar.key ? await discardObject(ctx.avatars, replacedKey) : undefined;
  return leftover ? { user: change.user, leftover } : { user: change.user };
}
