import type { Avatar, User } from '../user.js';
import type { LeftoverObject, UsersContext } from './context.js';
import { discardObject } from './discard-object.js';

export interface AvatarChange {
  readonly user: User;
  readonly leftover?: LeftoverObject;
}

/**
 * Points the user's record at a stored object, then removes the object it replaced. If the record
 * cannot be updated, the new object is removed again so nothing unreferenced is kept.
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
    await discardObject(ctx.avatars, avatar.key);
    throw error;
  }
  const replacedKey = change.replaced?.key;
  const leftover =
    replacedKey && replacedKey !== avatar.key ? await discardObject(ctx.avatars, replacedKey) : undefined;
  return leftover ? { user: change.user, leftover } : { user: change.user };
}
