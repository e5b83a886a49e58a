import { EmptyUserPatchError } from '../errors.js';
import type { ExpectedVersions, User, UserChanges } from '../user.js';
import type { UsersContext } from './context.js';

/**
 * Changes a user's name, email or both (a merge patch, already validated). A new email moves its
 * reservation atomically with the change; a patch that leaves the user as it is writes nothing.
 * With `expected` (the client's If-Match), nothing is written unless the user's version is one of them.
 * @throws EmptyUserPatchError, UserNotFoundError, EmailTakenError (whatever its case), UserVersionMismatchError
 */
export async function updateUser(
  ctx: Pick<UsersContext, 'users'>,
  id: string,
  patch: UserChanges,
  expected?: ExpectedVersions,
): Promise<User> {
  if (patch.name === undefined && patch.email === undefined) throw new EmptyUserPatchError();
  const changes: UserChanges = {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.email !== undefined && { email: patch.email.toLowerCase() }),
  };
  return ctx.users.update(id, changes, expected);
}
