import { describe, expect, it } from 'vitest';
import { testContext } from '../../testing/index.js';
import { EmailTakenError, InvalidCursorError, UserNotFoundError } from '../errors.js';
import { createUser } from './create-user.js';
import { deleteUser } from './delete-user.js';
import { getUser } from './get-user.js';
import { listUsers } from './list-users.js';

describe('createUser', () => {
  it('stores a user with a new id, the time of creation and no avatar', async () => {
    const { ctx, users } = testContext();
    const user = await createUser(ctx, { name: 'Ada', email: 'Ada@Example.com' });
    expect(user).toMatchObject({
      name: 'Ada',
      email: 'ada@example.com',
      createdAt: '2026-01-01T00:00:00.000Z',
      avatar: null,
    });
    expect(users.byId.get(user.id)).toEqual(user);
  });

  it('refuses a second user with the same email in another case', async () => {
    const { ctx } = testContext();
    await createUser(ctx, { name: 'Ada', email: 'ada@example.com' });
    await expect(createUser(ctx, { name: 'Imposter', email: 'ADA@example.com' })).rejects.toThrow(EmailTakenError);
  });
});

describe('getUser', () => {
  it('finds a stored user and reports a missing one', async () => {
    const { ctx } = testContext();
    const user = await createUser(ctx, { name: 'Ada', email: 'ada@example.com' });
    await expect(getUser(ctx, user.id)).resolves.toEqual(user);
    await expect(getUser(ctx, 'missing')).rejects.toThrow(UserNotFoundError);
  });
});

describe('listUsers', () => {
  it('walks every user exactly once, newest first, page by page', async () => {
    const { ctx, clock } = testContext();
    const created = [];
    for (let i = 0; i < 7; i++) {
      clock.now = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      created.push(await createUser(ctx, { name: `u${i}`, email: `u${i}@example.com` }));
    }
    const seen = [];
    let cursor: string | undefined;
    do {
      const page = await listUsers(ctx, { limit: 3, cursor });
      seen.push(...page.users.map((u) => u.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(created.map((u) => u.name).reverse());
  });

  it('returns a null cursor on the last page', async () => {
    const { ctx } = testContext();
    await createUser(ctx, { name: 'only', email: 'only@example.com' });
    expect(await listUsers(ctx, { limit: 20 })).toMatchObject({ nextCursor: null });
  });

  it('refuses a cursor it did not issue', async () => {
    const { ctx } = testContext();
    await expect(listUsers(ctx, { limit: 20, cursor: 'eyJjIjoiMjAyNiJ9.forged' })).rejects.toThrow(InvalidCursorError);
  });
});

describe('deleteUser', () => {
  it('removes the user, frees its email and removes its avatar object', async () => {
    const { ctx, users, avatars } = testContext();
    const user = await createUser(ctx, { name: 'Ada', email: 'ada@example.com' });
    avatars.objects.set('avatars/x/1', new Uint8Array(1));
    await users.replaceAvatar(user.id, { key: 'avatars/x/1', contentType: 'image/png', size: 1, updatedAt: 'now' });

    expect(await deleteUser(ctx, user.id)).toEqual({ leftovers: [] });
    expect(users.byId.size).toBe(0);
    expect(avatars.objects.size).toBe(0);
    await expect(createUser(ctx, { name: 'Ada again', email: 'ada@example.com' })).resolves.toBeDefined();
  });

  it('still deletes the user when the object store refuses, and names the object left behind', async () => {
    const { ctx, users, avatars } = testContext();
    const user = await createUser(ctx, { name: 'Ada', email: 'ada@example.com' });
    await users.replaceAvatar(user.id, { key: 'avatars/x/1', contentType: 'image/png', size: 1, updatedAt: 'now' });
    avatars.failDeletes = true;

    const result = await deleteUser(ctx, user.id);
    expect(result.leftovers.map((left) => left.key)).toContain('avatars/x/1');
    expect(users.byId.size).toBe(0);
  });

  it('reports a user that does not exist', async () => {
    const { ctx } = testContext();
    await expect(deleteUser(ctx, 'missing')).rejects.toThrow(UserNotFoundError);
  });
});
