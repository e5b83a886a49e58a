import { UserNotFoundError } from '../errors.js';
import type { LeftoverObject, UsersContext } from './context.js';
import { discardObject } from './discard-object.js';

/**
 * Removes the user, frees its email, then removes its avatar object. The records go first: an
 * object left behind is harmless and swept later, while a record pointing to nothing is not.
 * @throws UserNotFoundError
 */
export async function deleteUser(
  ctx: Pick<UsersContext, 'users' | 'avatars'>,
  id: string,
): Promise<{ leftover?: LeftoverObject }> {
  const removed = await ctx.users.delete(id);
  if (!removed) throw new UserNotFoundError(id);
  const leftover = removed.avatar ? await discardObject(ctx.avatars, removed.avatar.key) : undefined;
  return leftover ? { leftover } : {};
}
