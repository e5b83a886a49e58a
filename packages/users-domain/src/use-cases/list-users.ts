import type { User } from '../user.js';
import type { UsersContext } from './context.js';

export interface UserListing {
  readonly users: readonly User[];
  readonly nextCursor: string | null;
}

/** One page of users, newest first. @throws InvalidCursorError for a cursor this service did not issue. */
export async function listUsers(
  ctx: Pick<UsersContext, 'users' | 'cursors'>,
  query: { limit: number; cursor?: string | undefined },
): Promise<UserListing> {
  const after = query.cursor === undefined ? undefined : ctx.cursors.decode(query.cursor);
  const page = await ctx.users.list({ limit: query.limit, ...(after && { after }) });
  return { users: page.users, nextCursor: page.next ? ctx.cursors.encode(page.next) : null };
}
