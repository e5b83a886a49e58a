import { UserNotFoundError } from '../errors.js';
import type { AvatarStore } from '../ports/avatar-store.js';
import { avatarKeyPrefix, stagedUploadKeyPrefix, type ExpectedVersions } from '../user.js';
import type { LeftoverObject, UsersContext } from './context.js';
import { discardObject } from './discard-object.js';

/** Keys listed, and removed, per request. */
const pageSize = 1000;

/**
 * Removes every object under a prefix no record can refer to any more. What cannot be listed or
 * removed comes back as leftovers (a prefix stands for the objects it could not list).
 */
async function discardPrefix(avatars: AvatarStore, prefix: string): Promise<LeftoverObject[]> {
  const leftovers: LeftoverObject[] = [];
  let after: string | undefined;
  try {
    do {
      const page = await avatars.list({ prefix, pageSize, ...(after && { after }) });
      after = page.next;
      const keys = page.objects.map((object) => object.key);
      try {
        const { failed } = await avatars.deleteMany(keys);
        leftovers.push(...failed.map((key) => ({ key, error: new Error('the store did not remove it') })));
      } catch (error) {
        leftovers.push(...keys.map((key) => ({ key, error })));
      }
    } while (after);
  } catch (error) {
    leftovers.push({ key: prefix, error });
  }
  return leftovers;
}

/**
 * Removes the user, frees its email, then removes its avatar object and every other object under
 * its prefixes: an upload that raced the delete, one whose record update had an unknown outcome,
 * staged uploads. The records go first: an object left behind is harmless and swept later, while a
 * record pointing to nothing is not. An upload still running after this finds the user gone and
 * removes its own object (or names it as left for the sweeper when it cannot tell).
 * `leftovers` are the objects that could not be removed. With `expected` (the client's If-Match),
 * nothing is removed unless the user's version is one of them.
 * @throws UserNotFoundError, UserVersionMismatchError
 */
export async function deleteUser(
  ctx: Pick<UsersContext, 'users' | 'avatars'>,
  id: string,
  expected?: ExpectedVersions,
): Promise<{ leftovers: readonly LeftoverObject[] }> {
  const removed = await ctx.users.delete(id, expected);
  if (!removed) throw new UserNotFoundError(id);
  const current = removed.avatar ? await discardObject(ctx.avatars, removed.avatar.key) : undefined;
  const rest = await Promise.all([
    discardPrefix(ctx.avatars, avatarKeyPrefix(id)),
    discardPrefix(ctx.avatars, stagedUploadKeyPrefix(id)),
  ]);
  return { leftovers: [...(current ? [current] : []), ...rest.flat().filter((left) => left.key !== current?.key)] };
}
