import { UserNotFoundError } from '../errors.js';
import type { User } from '../user.js';
import type { UsersContext } from './context.js';

/** @throws UserNotFoundError */
export async function getUser(ctx: Pick<UsersContext, 'users'>, id: string): Promise<User> {
  const user = await ctx.users.findById(id);
  if (!user) throw new UserNotFoundError(id);
  return user;
}
