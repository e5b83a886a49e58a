import { describe, expect, it } from 'vitest';
import { png, testContext } from '../../testing/index.js';
import {
  AvatarNotFoundError,
  AvatarTooLargeError,
  DependencyUnavailableError,
  InvalidUploadTokenError,
  UnsupportedAvatarTypeError,
  UploadNotReceivedError,
  UserNotFoundError,
} from '../errors.js';
import { avatarKeyPrefix } from '../user.js';
import { completeAvatarUpload } from './complete-avatar-upload.js';
import { createUser } from './create-user.js';
import { getAvatarUrl } from './get-avatar-url.js';
import { requestAvatarUpload } from './request-avatar-upload.js';
import { uploadAvatar } from './upload-avatar.js';

async function withUser() {
  const env = testContext();
  const user = await createUser(env.ctx, { name: 'Ada', email: 'ada@example.com' });
  return { ...env, user };
}

const html = new TextEncoder().encode('<!DOCTYPE html><html><script>alert(1)</script></html>');

describe('uploadAvatar', () => {
  it('stores the image under a key that names the user and attaches it', async () => {
    const { ctx, user, avatars } = await withUser();
    const { user: updated } = await uploadAvatar(ctx, { userId: user.id, body: png(100) });
    expect(updated.avatar).toMatchObject({ contentType: 'image/png', size: 100 });
    expect(updated.avatar?.key.startsWith(avatarKeyPrefix(user.id))).toBe(true);
    expect([...avatars.objects.keys()]).toEqual([updated.avatar?.key]);
  });

  it('removes the object it replaced', async () => {
    const { ctx, user, avatars } = await withUser();
    await uploadAvatar(ctx, { userId: user.id, body: png() });
    const { user: updated } = await uploadAvatar(ctx, { userId: user.id, body: png(200) });
    expect([...avatars.objects.keys()]).toEqual([updated.avatar?.key]);
  });

  it.each([
    ['an HTML file', html, UnsupportedAvatarTypeError],
    ['an empty file', new Uint8Array(), UnsupportedAvatarTypeError],
    ['a file over the limit', png(1025), AvatarTooLargeError],
  ])('refuses %s and stores nothing', async (_, body, error) => {
    const { ctx, user, avatars, users } = await withUser();
    await expect(uploadAvatar(ctx, { userId: user.id, body })).rejects.toThrow(error);
    expect(avatars.objects.size).toBe(0);
    expect(users.byId.get(user.id)?.avatar).toBeNull();
  });

  it('stores nothing for a user that does not exist', async () => {
    const { ctx, avatars } = testContext();
    await expect(uploadAvatar(ctx, { userId: 'missing', body: png() })).rejects.toThrow(UserNotFoundError);
    expect(avatars.objects.size).toBe(0);
  });

  it('removes the new object again when the user is deleted before the record is updated', async () => {
    const { ctx, user, users, avatars } = await withUser();
    users.replaceAvatar = async (id) => {
      throw new UserNotFoundError(id);
    };
    await expect(uploadAvatar(ctx, { userId: user.id, body: png() })).rejects.toThrow(UserNotFoundError);
    expect(avatars.objects.size).toBe(0);
  });

  it('keeps the new object when the update may still commit (a time-out): the record may point at it', async () => {
    const { ctx, user, users, avatars } = await withUser();
    const timedOut = new DependencyUnavailableError('DynamoDB', { cause: new Error('TimeoutError') });
    users.replaceAvatar = async () => {
      throw timedOut;
    };
    await expect(uploadAvatar(ctx, { userId: user.id, body: png() })).rejects.toBe(timedOut);
    expect(avatars.objects.size).toBe(1);
  });
});

describe('direct upload', () => {
  it('grants a URL bound to size and type, then attaches what was uploaded', async () => {
    const { ctx, user, avatars } = await withUser();
    const grant = await requestAvatarUpload(ctx, { userId: user.id, contentType: 'image/png', size: 64 });
    expect(grant.upload.url).toContain('size=64');
    const key = ctx.uploadTokens.decode(grant.uploadToken).key;
    avatars.objects.set(key, png(64));

    const { user: updated } = await completeAvatarUpload(ctx, { userId: user.id, uploadToken: grant.uploadToken });
    expect(updated.avatar).toMatchObject({ key, contentType: 'image/png', size: 64 });
    await expect(completeAvatarUpload(ctx, { userId: user.id, uploadToken: grant.uploadToken })).resolves.toEqual({
      user: updated,
    });
  });

  it('refuses to grant more than the limit', async () => {
    const { ctx, user } = await withUser();
    await expect(requestAvatarUpload(ctx, { userId: user.id, contentType: 'image/png', size: 1025 })).rejects.toThrow(
      AvatarTooLargeError,
    );
  });

  it('refuses to grant an upload of a type it does not accept', async () => {
    const { ctx, user } = await withUser();
    await expect(requestAvatarUpload(ctx, { userId: user.id, contentType: 'text/html', size: 10 })).rejects.toThrow(
      UnsupportedAvatarTypeError,
    );
  });

  it('says when nothing was uploaded yet', async () => {
    const { ctx, user } = await withUser();
    const grant = await requestAvatarUpload(ctx, { userId: user.id, contentType: 'image/png', size: 64 });
    await expect(completeAvatarUpload(ctx, { userId: user.id, uploadToken: grant.uploadToken })).rejects.toThrow(
      UploadNotReceivedError,
    );
  });

  it.each([
    ['not an image', html, UnsupportedAvatarTypeError],
    ['larger than the limit', png(2048), AvatarTooLargeError],
  ])('deletes an upload that is %s', async (_, body, error) => {
    const { ctx, user, avatars, users } = await withUser();
    const grant = await requestAvatarUpload(ctx, { userId: user.id, contentType: 'image/png', size: 64 });
    avatars.objects.set(ctx.uploadTokens.decode(grant.uploadToken).key, body);
    await expect(completeAvatarUpload(ctx, { userId: user.id, uploadToken: grant.uploadToken })).rejects.toThrow(error);
    expect(avatars.objects.size).toBe(0);
    expect(users.byId.get(user.id)?.avatar).toBeNull();
  });

  it("refuses another user's token and an expired one", async () => {
    const { ctx, user, clock } = await withUser();
    const other = await createUser(ctx, { name: 'Bob', email: 'bob@example.com' });
    const grant = await requestAvatarUpload(ctx, { userId: user.id, contentType: 'image/png', size: 64 });
    await expect(completeAvatarUpload(ctx, { userId: other.id, uploadToken: grant.uploadToken })).rejects.toThrow(
      InvalidUploadTokenError,
    );
    clock.now = new Date(clock.now.getTime() + 26 * 60 * 1000);
    await expect(completeAvatarUpload(ctx, { userId: user.id, uploadToken: grant.uploadToken })).rejects.toThrow(
      /expired/,
    );
  });
});

describe('getAvatarUrl', () => {
  it('gives a short-lived URL to the current avatar', async () => {
    const { ctx, user } = await withUser();
    const { user: updated } = await uploadAvatar(ctx, { userId: user.id, body: png() });
    expect(await getAvatarUrl(ctx, user.id)).toBe(`memory://${updated.avatar?.key}?expires=300`);
  });

  it('reports a user without an avatar', async () => {
    const { ctx, user } = await withUser();
    await expect(getAvatarUrl(ctx, user.id)).rejects.toThrow(AvatarNotFoundError);
  });
});
