import { UserNotFoundError, UserVersionMismatchError } from '../errors.js';
import type { Avatar, User } from '../user.js';
import type { LeftoverObject, UsersContext } from './context.js';
import { discardObject, discardObjects } from './discard-object.js';
import { withLeftovers } from './left-for-sweeper.js';

export interface AvatarChange {
  readonly user: User;
  /** Objects no record refers to any more that could not be removed: the caller logs each. */
  readonly leftovers: readonly LeftoverObject[];
}

/**
 * Points the user's record at a stored object, then removes the object it replaced. When the store
 * refuses the update (the user is gone, or holds another version than expected), the new object is
 * removed again. When the
 * outcome is unknown — a time-out, a lost connection or any other failure, after which the update
 * may still commit — the new object is kept: the record may point at it, and if not, the sweeper
 * removes it once it is unreferenced and older than its grace period. The error then names it
 * (`leftoversOf`), so the caller logs that it was left for the sweeper.
 * `alsoDiscard`: objects to remove once the record points at the new one (a staged upload), in
 * the same request as the replaced object.
 */
export async function attachAvatar(
  ctx: Pick<UsersContext, 'users' | 'avatars'>,
  userId: string,
  avatar: Avatar,
  alsoDiscard: readonly string[] = [],
): Promise<AvatarChange> {
  let change;
  try {
    change = await ctx.users.replaceAvatar(userId, avatar);
  } catch (error) {
    const refused = error instanceof UserNotFoundError || error instanceof UserVersionMismatchError;
    if (!refused) throw withLeftovers(error, [{ key: avatar.key, error }]);
    const leftover = await discardObject(ctx.avatars, avatar.key);
    throw withLeftovers(error, leftover ? [leftover] : []);
  }
  const replacedKey = change.replaced?.key;
  const unwanted = [...(replacedKey && replacedKey !== avatar.key ? [replacedKey] : []), ...alsoDiscard];
  return { user: change.user, leftovers: await discardObjects(ctx.avatars, unwanted) };
}

/**
 * Writes the avatar's bytes under its key, then attaches it. A write that failed may still have
 * stored the object (a lost answer): the error names it for the sweeper, like an unknown update.
 */
export async function storeAndAttach(
  ctx: Pick<UsersContext, 'users' | 'avatars'>,
  userId: string,
  avatar: Avatar,
  bytes: Uint8Array,
  alsoDiscard: readonly string[] = [],
): Promise<AvatarChange> {
  try {
    await ctx.avatars.put(avatar.key, bytes, avatar.contentType);
  } catch (error) {
    throw withLeftovers(error, [{ key: avatar.key, error }]);
  }
  return attachAvatar(ctx, userId, avatar, alsoDiscard);
}
