import type { UsersContext } from './context.js';
import type { UserListing } from './list-users.js';

/**
 * The user with this email, as a listing page of zero or one user and no next page: the email is
 * compared lower-cased, as create stores it.
 */
export async function findUserByEmail(ctx: Pick<UsersContext, 'users'>, email: string): Promise<UserListing> {
  const user = await ctx.users.findByEmail(email.toLowerCase());
  return { users: user ? [user] : [], nextCursor: null };
}
