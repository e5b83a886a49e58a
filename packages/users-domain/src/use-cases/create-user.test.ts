import { describe, expect, it } from 'vitest';
import { testContext } from '../../testing/index.js';
import { EmailTakenError, IdempotencyKeyReusedError } from '../errors.js';
import { createUser, idempotencyKeyLifetimeSeconds } from './create-user.js';

const ada = { name: 'Ada', email: 'ada@example.com' };
const caller = { scope: 'caller-digest', key: 'key-1' };

describe('createUser with an idempotency key', () => {
  it('answers a retry of the same request with the user the first one created, and stores one user', async () => {
    const { ctx, users, clock } = testContext();
    const first = await createUser(ctx, ada, caller);
    clock.now = new Date(clock.now.getTime() + 60_000);
    expect(await createUser(ctx, ada, caller)).toEqual(first);
    expect([...users.byId.values()]).toEqual([first]);
  });

  it('counts the same user asked for again as the same request, however the email was cased', async () => {
    const { ctx } = testContext();
    const first = await createUser(ctx, ada, caller);
    expect(await createUser(ctx, { ...ada, email: 'ADA@example.com' }, caller)).toEqual(first);
  });

  it('refuses the key with a different body with IdempotencyKeyReusedError', async () => {
    const { ctx, users } = testContext();
    await createUser(ctx, ada, caller);
    await expect(createUser(ctx, { ...ada, name: 'Ada L.' }, caller)).rejects.toThrow(IdempotencyKeyReusedError);
    await expect(createUser(ctx, { name: 'Bob', email: 'bob@example.com' }, caller)).rejects.toThrow(
      IdempotencyKeyReusedError,
    );
    expect(users.byId.size).toBe(1);
  });

  it('without a key, or with the key of another caller, a second create of the email gets EmailTakenError', async () => {
    const { ctx } = testContext();
    await createUser(ctx, ada, caller);
    await expect(createUser(ctx, ada)).rejects.toThrow(EmailTakenError);
    await expect(createUser(ctx, ada, { ...caller, scope: 'another-caller' })).rejects.toThrow(EmailTakenError);
  });

  it(`forgets a key ${idempotencyKeyLifetimeSeconds / 3600} hours after its first use`, async () => {
    const { ctx, clock } = testContext();
    const start = clock.now.getTime();
    await createUser(ctx, ada, caller);
    clock.now = new Date(start + idempotencyKeyLifetimeSeconds * 1000 - 1000);
    await expect(createUser(ctx, { name: 'Bob', email: 'bob@example.com' }, caller)).rejects.toThrow(
      IdempotencyKeyReusedError,
    );
    clock.now = new Date(start + idempotencyKeyLifetimeSeconds * 1000);
    const bob = await createUser(ctx, { name: 'Bob', email: 'bob@example.com' }, caller);
    expect(bob).toMatchObject({ name: 'Bob', createdAt: clock.now.toISOString() });
  });
});
