import type { User } from '../user.js';
import type { NewUser } from '../user-schemas.js';
import type { UsersContext } from './context.js';

/** How long an `Idempotency-Key` is remembered: a retry within this time gets the original answer. */
export const idempotencyKeyLifetimeSeconds = 24 * 60 * 60;

/** The client's `Idempotency-Key` and whose it is (a digest of the caller's credential). */
export interface IdempotencyKey {
  readonly scope: string;
  readonly key: string;
}

/**
 * Registers a user. With an idempotency key, a retry of the same request returns the user the
 * first one created, whether or not its answer reached the client.
 * @throws EmailTakenError when the email is in use, whatever its case.
 * @throws IdempotencyKeyReusedError when the key was used for another request within its lifetime.
 */
export async function createUser(
  ctx: Pick<UsersContext, 'users' | 'now' | 'newId'>,
  input: NewUser,
  idempotency?: IdempotencyKey,
): Promise<User> {
  const now = ctx.now();
  const user: User = {
    id: ctx.newId(),
    name: input.name,
    email: input.email.toLowerCase(),
    createdAt: now.toISOString(),
    avatar: null,
    version: 1,
  };
  return ctx.users.create(
    user,
    idempotency && {
      ...idempotency,
      // The request as validated: the same user asked for again, however its JSON was spelled.
      fingerprint: JSON.stringify({ name: user.name, email: user.email }),
      expiresAt: new Date(now.getTime() + idempotencyKeyLifetimeSeconds * 1000),
    },
  );
}
