import type { User } from '../user.js';
import type { NewUser } from '../user-schemas.js';
import type { UsersContext } from './context.js';

/** Registers a user. @throws EmailTakenError when the email is in use, whatever its case. */
export async function createUser(ctx: Pick<UsersContext, 'users' | 'now' | 'newId'>, input: NewUser): Promise<User> {
  const user: User = {
    id: ctx.newId(),
    name: input.name,
    email: input.email.toLowerCase(),
    createdAt: ctx.now().toISOString(),
    avatar: null,
  };
  await ctx.users.create(user);
  return user;
}
