// Changing a user after it was created: a merge patch of name and email, the email lookup, and the
// avatar's removal — each under the client's If-Match (expected versions), over the in-memory ports.
import { describe, expect, it } from 'vitest';
import { anAvatar, testContext } from '../../testing/index.js';
import { EmailTakenError, EmptyUserPatchError, UserNotFoundError, UserVersionMismatchError } from '../errors.js';
import { createUser } from './create-user.js';
import { deleteUser } from './delete-user.js';
import { findUserByEmail } from './find-user-by-email.js';
import { removeAvatar } from './remove-avatar.js';
import { updateUser } from './update-user.js';

async function withUser() {
  const env = testContext();
  const user = await createUser(env.ctx, { name: 'Ada', email: 'ada@example.com' });
  return { ...env, user };
}

describe('updateUser', () => {
  it('changes the name and the email (lower-cased), one version higher', async () => {
    const { ctx, user } = await withUser();
    const updated = await updateUser(ctx, user.id, { name: 'Ada King', email: 'Countess@Example.com' });
    expect(updated).toEqual({ ...user, name: 'Ada King', email: 'countess@example.com', version: 2 });
    await expect(createUser(ctx, { name: 'Other', email: 'ada@example.com' })).resolves.toBeDefined();
  });

  it('refuses an empty patch with EmptyUserPatchError, changing nothing', async () => {
    const { ctx, users, user } = await withUser();
    await expect(updateUser(ctx, user.id, {})).rejects.toThrow(EmptyUserPatchError);
    expect(users.byId.get(user.id)).toEqual(user);
  });

  it("refuses an email that is another user's in another case with EmailTakenError, changing nothing", async () => {
    const { ctx, users, user } = await withUser();
    const other = await createUser(ctx, { name: 'Grace', email: 'grace@example.com' });
    await expect(updateUser(ctx, user.id, { email: 'GRACE@example.com' })).rejects.toThrow(EmailTakenError);
    expect([users.byId.get(user.id), users.byId.get(other.id)]).toEqual([user, other]);
  });

  it('answers a patch that changes nothing with the user as it is, its version unchanged', async () => {
    const { ctx, user } = await withUser();
    expect(await updateUser(ctx, user.id, { email: 'ADA@example.com', name: 'Ada' })).toEqual(user);
  });

  it('writes only when the version is expected', async () => {
    const { ctx, users, user } = await withUser();
    await expect(updateUser(ctx, user.id, { name: 'Late' }, [user.version + 1])).rejects.toThrow(
      UserVersionMismatchError,
    );
    expect(users.byId.get(user.id)).toEqual(user);
    expect(await updateUser(ctx, user.id, { name: 'On time' }, [user.version])).toMatchObject({ version: 2 });
  });

  it('reports a user that does not exist', async () => {
    const { ctx } = testContext();
    await expect(updateUser(ctx, 'missing', { name: 'x' })).rejects.toThrow(UserNotFoundError);
  });
});

describe('findUserByEmail', () => {
  it('answers a page of the one user with that email, in any case, and an empty page otherwise', async () => {
    const { ctx, user } = await withUser();
    expect(await findUserByEmail(ctx, 'ADA@example.com')).toEqual({ users: [user], nextCursor: null });
    expect(await findUserByEmail(ctx, 'nobody@example.com')).toEqual({ users: [], nextCursor: null });
  });
});

describe('removeAvatar', () => {
  it('detaches the avatar, one version higher, then removes its object', async () => {
    const { ctx, users, avatars, user } = await withUser();
    const avatar = anAvatar(user.id);
    avatars.objects.set(avatar.key, new Uint8Array(1));
    await users.replaceAvatar(user.id, avatar);
    expect(await removeAvatar(ctx, user.id)).toEqual({ user: { ...user, version: 3 }, leftovers: [] });
    expect(avatars.objects.has(avatar.key)).toBe(false);
  });

  it('still detaches when the store refuses, naming the object left for the sweeper', async () => {
    const { ctx, users, avatars, user } = await withUser();
    const avatar = anAvatar(user.id);
    await users.replaceAvatar(user.id, avatar);
    avatars.failDeletes = true;
    const { user: detached, leftovers } = await removeAvatar(ctx, user.id);
    expect(detached.avatar).toBeNull();
    expect(users.byId.get(user.id)?.avatar).toBeNull();
    expect(leftovers.map((left) => left.key)).toEqual([avatar.key]);
  });

  it('leaves a user without an avatar as it is, writing nothing', async () => {
    const { ctx, users, user } = await withUser();
    expect(await removeAvatar(ctx, user.id)).toEqual({ user, leftovers: [] });
    expect(users.byId.get(user.id)).toEqual(user);
  });

  it('changes nothing when the version is not expected, with or without an avatar', async () => {
    const { ctx, users, user } = await withUser();
    await expect(removeAvatar(ctx, user.id, [user.version + 1])).rejects.toThrow(UserVersionMismatchError);
    const { user: withAvatar } = await users.replaceAvatar(user.id, anAvatar(user.id));
    await expect(removeAvatar(ctx, user.id, [user.version])).rejects.toThrow(UserVersionMismatchError);
    expect(users.byId.get(user.id)).toEqual(withAvatar);
  });

  it('reports a user that does not exist', async () => {
    const { ctx } = testContext();
    await expect(removeAvatar(ctx, 'missing')).rejects.toThrow(UserNotFoundError);
  });
});

describe('deleteUser expecting a version', () => {
  it('removes nothing when the version is not expected', async () => {
    const { ctx, users, user } = await withUser();
    await expect(deleteUser(ctx, user.id, [user.version + 1])).rejects.toThrow(UserVersionMismatchError);
    expect(users.byId.get(user.id)).toEqual(user);
    expect(await deleteUser(ctx, user.id, [user.version])).toEqual({ leftovers: [] });
    expect(users.byId.size).toBe(0);
  });
});
