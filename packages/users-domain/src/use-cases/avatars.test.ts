import { describe, expect, it } from 'vitest';
import { gif, hostileImages, png, streamOf, testContext } from '../../testing/index.js';
import {
  AvatarNotFoundError,
  AvatarTooLargeError,
  DependencyUnavailableError,
  ImageTooLargeError,
  InvalidUploadTokenError,
  UnsupportedAvatarTypeError,
  UploadExpiredError,
  UploadNotReceivedError,
  UploadSizeMismatchError,
  UserNotFoundError,
  UserVersionMismatchError,
} from '../errors.js';
import { avatarKey, avatarKeyPrefix, stagedUploadKey } from '../user.js';
import { completeAvatarUpload } from './complete-avatar-upload.js';
import { createUser } from './create-user.js';
import { getAvatarUrl } from './get-avatar-url.js';
import { leftoversOf } from './left-for-sweeper.js';
import { requestAvatarUpload } from './request-avatar-upload.js';
import { uploadAvatar } from './upload-avatar.js';

async function withUser(overrides: Parameters<typeof testContext>[0] = {}) {
  const env = testContext(overrides);
  const user = await createUser(env.ctx, { name: 'Ada', email: 'ada@example.com' });
  return { ...env, user };
}

const html = new TextEncoder().encode('<!DOCTYPE html><html><script>alert(1)</script></html>');

describe('uploadAvatar', () => {
  it('stores the image under a key that names the user and attaches it', async () => {
    const { ctx, user, avatars } = await withUser();
    const { user: updated } = await uploadAvatar(ctx, { userId: user.id, body: streamOf(png(100)) });
    expect(updated.avatar).toMatchObject({ contentType: 'image/png', size: 100 });
    expect(updated.avatar?.key.startsWith(avatarKeyPrefix(user.id))).toBe(true);
    expect([...avatars.objects.keys()]).toEqual([updated.avatar?.key]);
  });

  it('removes the object it replaced', async () => {
    const { ctx, user, avatars } = await withUser();
    await uploadAvatar(ctx, { userId: user.id, body: streamOf(png()) });
    const { user: updated } = await uploadAvatar(ctx, { userId: user.id, body: streamOf(png(200)) });
    expect([...avatars.objects.keys()]).toEqual([updated.avatar?.key]);
  });

  it.each([
    ['an HTML file', html, UnsupportedAvatarTypeError],
    ['an empty file', new Uint8Array(), UnsupportedAvatarTypeError],
    ['a file over the limit', png(1025), AvatarTooLargeError],
  ])('refuses %s and stores nothing', async (_, body, error) => {
    const { ctx, user, avatars, users } = await withUser();
    await expect(uploadAvatar(ctx, { userId: user.id, body: streamOf(body) })).rejects.toThrow(error);
    expect(avatars.objects.size).toBe(0);
    expect(users.byId.get(user.id)?.avatar).toBeNull();
  });

  it('streams the file straight to its avatar key, written as the type its first bytes tell', async () => {
    const { ctx, user, avatars } = await withUser();
    const writes: [string, string][] = [];
    const putStream = avatars.putStream.bind(avatars);
    avatars.putStream = async (key, body, contentType, size) => {
      writes.push([key, contentType]);
      return putStream(key, body, contentType, size);
    };
    const image = png(1000);
    const { user: updated } = await uploadAvatar(ctx, { userId: user.id, body: streamOf(image, 7), size: 1000 });
    const key = updated.avatar?.key ?? '';
    expect(writes).toEqual([[key, 'image/png']]);
    expect([...avatars.objects.keys()]).toEqual([key]);
    expect(Buffer.from(avatars.objects.get(key) ?? [])).toEqual(image);
    expect(avatars.contentTypes.get(key)).toBe('image/png');
  });

  it('refuses a file no image type starts like before writing anything, and lets go of the stream', async () => {
    const { ctx, user, avatars } = await withUser();
    avatars.putStream = async () => {
      throw new Error('nothing should be written');
    };
    let released = false;
    async function* body() {
      try {
        yield html.subarray(0, 5);
        yield html.subarray(5);
        yield png(64);
      } finally {
        released = true;
      }
    }
    await expect(uploadAvatar(ctx, { userId: user.id, body: body() })).rejects.toThrow(UnsupportedAvatarTypeError);
    expect(released).toBe(true);
  });

  it('removes a written file that the whole-file check refuses, and names it when the removal fails', async () => {
    const { ctx, user, avatars, users } = await withUser({ avatarMaxBytes: 1024 * 1024 });
    const cutShort = png(200).subarray(0, 150);
    await expect(uploadAvatar(ctx, { userId: user.id, body: streamOf(cutShort) })).rejects.toThrow(/not a whole/);
    expect(avatars.objects.size).toBe(0);

    avatars.failDeletes = true;
    const error = await uploadAvatar(ctx, { userId: user.id, body: streamOf(cutShort) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedAvatarTypeError);
    expect(leftoversOf(error).map((left) => left.key)).toEqual([...avatars.objects.keys()]);
    expect(avatars.objects.size).toBe(1);
    expect(users.byId.get(user.id)?.avatar).toBeNull();
  });

  it('stops reading a stream as soon as it passes the limit, and removes what was written', async () => {
    const { ctx, user, avatars } = await withUser();
    let chunksRead = 0;
    async function* endless() {
      for (;;) {
        chunksRead++;
        yield png(512);
      }
    }
    await expect(uploadAvatar(ctx, { userId: user.id, body: endless() })).rejects.toThrow(AvatarTooLargeError);
    expect(chunksRead).toBe(3);
    expect(avatars.objects.size).toBe(0);
  });

  it('passes on what the stream itself failed with (the client went away), removing what was written', async () => {
    const { ctx, user, avatars } = await withUser();
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    async function* cut() {
      yield png(64).subarray(0, 30);
      throw aborted;
    }
    await expect(uploadAvatar(ctx, { userId: user.id, body: cut() })).rejects.toBe(aborted);
    expect(avatars.objects.size).toBe(0);
  });

  it.each(Object.entries(hostileImages()))('refuses %s and keeps nothing', async (_, body) => {
    const { ctx, user, avatars, users } = await withUser({ avatarMaxBytes: 1024 * 1024 });
    await expect(uploadAvatar(ctx, { userId: user.id, body: streamOf(body) })).rejects.toThrow(
      /not a whole|cannot be read|not a PNG|pixels/,
    );
    expect(avatars.objects.size).toBe(0);
    expect(users.byId.get(user.id)?.avatar).toBeNull();
  });

  it('stores nothing for a user that does not exist', async () => {
    const { ctx, avatars } = testContext();
    await expect(uploadAvatar(ctx, { userId: 'missing', body: streamOf(png()) })).rejects.toThrow(UserNotFoundError);
    expect(avatars.objects.size).toBe(0);
  });

  it('does not read the user first: the conditional update of the record says whether it exists', async () => {
    const { ctx, user, users } = await withUser();
    users.findById = async () => {
      throw new Error('an upload should not read the user');
    };
    const { user: updated } = await uploadAvatar(ctx, { userId: user.id, body: streamOf(png()) });
    expect(updated.avatar).toMatchObject({ contentType: 'image/png' });
  });

  it('refuses a file that is not an image before it finds the user missing', async () => {
    const { ctx, avatars } = testContext();
    await expect(uploadAvatar(ctx, { userId: 'missing', body: streamOf(html) })).rejects.toThrow(
      UnsupportedAvatarTypeError,
    );
    expect(avatars.objects.size).toBe(0);
  });

  it('removes the replaced avatar with one delete, and names it when the store fails', async () => {
    const { ctx, user, avatars } = await withUser();
    const { user: first } = await uploadAvatar(ctx, { userId: user.id, body: streamOf(png()) });
    const removals: string[] = [];
    const remove = avatars.delete.bind(avatars);
    avatars.delete = async (key) => {
      removals.push(key);
      return remove(key);
    };
    const { user: second } = await uploadAvatar(ctx, { userId: user.id, body: streamOf(png(300)) });
    expect(removals).toEqual([first.avatar?.key]);
    expect([...avatars.objects.keys()]).toEqual([second.avatar?.key]);

    avatars.failDeletes = true;
    const { leftovers } = await uploadAvatar(ctx, { userId: user.id, body: streamOf(png(400)) });
    expect(leftovers.map((left) => left.key)).toEqual([second.avatar?.key]);
  });

  it('removes the new object again when the user is deleted before the record is updated', async () => {
    const { ctx, user, users, avatars } = await withUser();
    users.replaceAvatar = async (id) => {
      throw new UserNotFoundError(id);
    };
    await expect(uploadAvatar(ctx, { userId: user.id, body: streamOf(png()) })).rejects.toThrow(UserNotFoundError);
    expect(avatars.objects.size).toBe(0);
  });

  it('removes the new object again when the record update is refused for another version', async () => {
    const { ctx, user, users, avatars } = await withUser();
    users.replaceAvatar = async (id) => {
      throw new UserVersionMismatchError(id);
    };
    await expect(uploadAvatar(ctx, { userId: user.id, body: streamOf(png()) })).rejects.toThrow(
      UserVersionMismatchError,
    );
    expect(avatars.objects.size).toBe(0);
  });

  it('keeps the new object when the update may still commit (a time-out): the record may point at it', async () => {
    const { ctx, user, users, avatars } = await withUser();
    const timedOut = new DependencyUnavailableError('DynamoDB', { cause: new Error('TimeoutError') });
    users.replaceAvatar = async () => {
      throw timedOut;
    };
    await expect(uploadAvatar(ctx, { userId: user.id, body: streamOf(png()) })).rejects.toBe(timedOut);
    expect(avatars.objects.size).toBe(1);
    expect(leftoversOf(timedOut).map((left) => left.key)).toEqual([...avatars.objects.keys()]);
  });
});

describe('direct upload', () => {
  /** Grants an upload and PUTs `body` to its staging key, as a client with the presigned URL would. */
  async function grantAndStage(env: Awaited<ReturnType<typeof withUser>>, body: Uint8Array, size = body.byteLength) {
    const { ctx, user, avatars } = env;
    const grant = await requestAvatarUpload(ctx, { userId: user.id, contentType: 'image/png', size });
    const { uploadId } = ctx.uploadTokens.decode(grant.uploadToken);
    const staging = stagedUploadKey(user.id, uploadId);
    await avatars.put(staging, body);
    const complete = () => completeAvatarUpload(ctx, { userId: user.id, uploadToken: grant.uploadToken });
    return { grant, staging, final: avatarKey(user.id, uploadId), complete };
  }

  it('grants a URL to a staging key, bound to size and type, never to an avatar key', async () => {
    const { ctx, user } = await withUser();
    const grant = await requestAvatarUpload(ctx, { userId: user.id, contentType: 'image/png', size: 64 });
    const { uploadId, size, contentType } = ctx.uploadTokens.decode(grant.uploadToken);
    expect(grant.upload.url).toBe(`memory://${stagedUploadKey(user.id, uploadId)}?size=64&expires=600`);
    expect({ size, contentType }).toEqual({ size: 64, contentType: 'image/png' });
  });

  it('moves the verified bytes to the avatar key, attaches them, and removes the staged upload', async () => {
    const env = await withUser();
    const image = png(64);
    const { staging, final, complete } = await grantAndStage(env, image);
    const { user: updated, leftovers } = await complete();
    expect(updated.avatar).toMatchObject({ key: final, contentType: 'image/png', size: 64 });
    expect(leftovers).toEqual([]);
    expect([...env.avatars.objects.keys()]).toEqual([final]);
    expect(env.avatars.objects.get(final)).toEqual(image);
    expect(env.avatars.objects.has(staging)).toBe(false);
  });

  it('completes the same upload twice harmlessly', async () => {
    const env = await withUser();
    const { complete } = await grantAndStage(env, png(64));
    const first = await complete();
    await expect(complete()).resolves.toEqual(first);
    expect(env.avatars.objects.size).toBe(1);
  });

  it('keeps serving the verified bytes when the upload URL is replayed after completion', async () => {
    const env = await withUser();
    const image = png(64);
    const { staging, final, complete } = await grantAndStage(env, image);
    await complete();
    // A second PUT to the same URL, same size and type, with anything in it.
    const replayed = new Uint8Array(64).fill(0x3c);
    await env.avatars.put(staging, replayed);
    expect(env.avatars.objects.get(final)).toEqual(image);
    await expect(complete()).resolves.toMatchObject({ user: { avatar: { key: final } } });
    expect(env.avatars.objects.get(final)).toEqual(image);
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

  it('says when nothing was uploaded yet while the URL is valid, and that the upload must be repeated once it expired', async () => {
    const { ctx, user, clock } = await withUser();
    const grant = await requestAvatarUpload(ctx, { userId: user.id, contentType: 'image/png', size: 64 });
    const complete = () => completeAvatarUpload(ctx, { userId: user.id, uploadToken: grant.uploadToken });
    await expect(complete()).rejects.toThrow(UploadNotReceivedError);
    // The URL expired (10 minutes) but the token has not (25): the staged file is gone or never came.
    clock.now = new Date(clock.now.getTime() + 11 * 60 * 1000);
    await expect(complete()).rejects.toThrow(UploadExpiredError);
  });

  it.each([
    ['not an image', html, html.byteLength, UnsupportedAvatarTypeError],
    ['a GIF declared as PNG', gif(), gif().byteLength, UnsupportedAvatarTypeError],
    ['shorter than declared (a partial upload)', png(60), 64, UploadSizeMismatchError],
    ['longer than declared', png(80), 64, UploadSizeMismatchError],
    ['larger than the limit', png(2048), 64, AvatarTooLargeError],
  ])('removes a staged upload that is %s, attaching nothing', async (_, body, declared, error) => {
    const env = await withUser();
    const { complete } = await grantAndStage(env, body, declared);
    await expect(complete()).rejects.toThrow(error);
    expect(env.avatars.objects.size).toBe(0);
    expect(env.users.byId.get(env.user.id)?.avatar).toBeNull();
  });

  it.each(Object.entries(hostileImages()))('removes a staged upload that is %s, attaching nothing', async (_, body) => {
    const env = await withUser({ avatarMaxBytes: 1024 * 1024 });
    const { complete } = await grantAndStage(env, body);
    await expect(complete()).rejects.toThrow(/not a whole|cannot be read|not a PNG|pixels|declared as/);
    expect(env.avatars.objects.size).toBe(0);
    expect(env.users.byId.get(env.user.id)?.avatar).toBeNull();
  });

  it('refuses more pixels than the configured cap', async () => {
    const env = await withUser({ avatarMaxPixels: 99 });
    const { complete } = await grantAndStage(env, png(64, { width: 10, height: 10 }));
    await expect(complete()).rejects.toThrow(ImageTooLargeError);
    expect(env.avatars.objects.size).toBe(0);
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

  it('keeps the avatar object and names it for the sweeper when the record update has an unknown outcome', async () => {
    const env = await withUser();
    const { final, staging, complete } = await grantAndStage(env, png(64));
    const timedOut = new DependencyUnavailableError('DynamoDB', { cause: new Error('TimeoutError') });
    env.users.replaceAvatar = async () => {
      throw timedOut;
    };
    await expect(complete()).rejects.toBe(timedOut);
    expect(leftoversOf(timedOut).map((left) => left.key)).toEqual([final]);
    // Kept for a retry of /complete: it is the same upload, and writes the same final key.
    expect([...env.avatars.objects.keys()].sort()).toEqual([final, staging].sort());
  });
});

describe('getAvatarUrl', () => {
  it('gives a short-lived URL to the current avatar', async () => {
    const { ctx, user } = await withUser();
    const { user: updated } = await uploadAvatar(ctx, { userId: user.id, body: streamOf(png()) });
    expect(await getAvatarUrl(ctx, user.id)).toBe(
      `memory://${updated.avatar?.key}?expires=300&type=image%2Fpng&disposition=${encodeURIComponent('inline; filename="avatar.png"')}`,
    );
  });

  it('reports a user without an avatar', async () => {
    const { ctx, user } = await withUser();
    await expect(getAvatarUrl(ctx, user.id)).rejects.toThrow(AvatarNotFoundError);
  });
});
