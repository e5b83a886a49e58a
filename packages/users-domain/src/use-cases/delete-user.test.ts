// A delete racing an upload (finding 7 of issue 15): each interleaving is forced with latches in
// the in-memory ports, so every run takes the same path. Whatever the order, nothing may stay in
// the store unless the error that left it names it (the API logs it as left for the sweeper).
import { describe, expect, it } from 'vitest';
import { png, streamOf, testContext } from '../../testing/index.js';
import { DependencyUnavailableError, UserNotFoundError } from '../errors.js';
import type { AvatarStore } from '../ports/avatar-store.js';
import type { UserRepository } from '../ports/user-repository.js';
import { avatarKey, stagedUploadKey } from '../user.js';
import { completeAvatarUpload } from './complete-avatar-upload.js';
import { createUser } from './create-user.js';
import { deleteUser } from './delete-user.js';
import { leftoversOf } from './left-for-sweeper.js';
import { requestAvatarUpload } from './request-avatar-upload.js';
import { uploadAvatar } from './upload-avatar.js';

/** A gate a port call waits at: `reached` resolves when the call arrives, `open()` lets it go on. */
function latch() {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  return { reached, open, pass: () => (arrived(), opened) };
}

async function withUser() {
  const env = testContext();
  const user = await createUser(env.ctx, { name: 'Ada', email: 'ada@example.com' });
  return { ...env, user };
}

type Env = Awaited<ReturnType<typeof withUser>>;

/** Holds the first call of `method` on the port at a latch, then runs it (or `instead`). */
function holdFirst<P extends object, M extends keyof P>(port: P, method: M, instead?: P[M]) {
  const gate = latch();
  const original = (port[method] as (...args: unknown[]) => Promise<unknown>).bind(port);
  let first = true;
  port[method] = (async (...args: unknown[]) => {
    if (!first) return original(...args);
    first = false;
    await gate.pass();
    return ((instead as ((...a: unknown[]) => Promise<unknown>) | undefined) ?? original)(...args);
  }) as P[M];
  return gate;
}

const timedOut = () => new DependencyUnavailableError('DynamoDB', { cause: new Error('TimeoutError') });

async function outcome(work: Promise<unknown>) {
  try {
    await work;
    return { error: undefined };
  } catch (error) {
    return { error };
  }
}

/** Every object left in the store is named by the error that left it. */
function expectNothingUntraced(env: Env, error: unknown) {
  const named = leftoversOf(error).map((left) => left.key);
  for (const key of env.avatars.objects.keys()) expect(named).toContain(key);
}

describe('deleteUser', () => {
  it('removes every object under the user’s prefixes: an avatar no record names, staged uploads', async () => {
    const env = await withUser();
    const strays = [avatarKey(env.user.id, 'unattached'), stagedUploadKey(env.user.id, 'staged')];
    const someoneElse = avatarKey('another-user', 'kept');
    for (const key of [...strays, someoneElse]) await env.avatars.put(key, png());
    expect(await deleteUser(env.ctx, env.user.id)).toEqual({ leftovers: [] });
    expect([...env.avatars.objects.keys()]).toEqual([someoneElse]);
  });

  it('names each object it could not remove', async () => {
    const env = await withUser();
    const stray = avatarKey(env.user.id, 'unattached');
    await env.avatars.put(stray, png());
    env.avatars.failDeletes = true;
    const { leftovers } = await deleteUser(env.ctx, env.user.id);
    expect(leftovers.map((left) => left.key)).toEqual([stray]);
  });
});

describe('a delete racing an upload through the API', () => {
  it.each([
    ['the record update is refused (the user is gone)', undefined],
    ['the record update has an unknown outcome', timedOut],
  ])('deleted after the object was written: %s — nothing stays untraced', async (_, failure) => {
    const env = await withUser();
    const repository: UserRepository = env.users;
    const gate = holdFirst(
      repository,
      'replaceAvatar',
      failure &&
        (async () => {
          throw failure();
        }),
    );
    const upload = outcome(uploadAvatar(env.ctx, { userId: env.user.id, body: streamOf(png()) }));
    await gate.reached;
    await deleteUser(env.ctx, env.user.id);
    gate.open();
    const { error } = await upload;
    expect(error).toBeInstanceOf(failure ? DependencyUnavailableError : UserNotFoundError);
    expect(env.avatars.objects.size).toBe(0);
  });

  it.each([
    ['the record update is refused (the user is gone)', 'putStream', undefined],
    ['the record update has an unknown outcome', 'putStream', timedOut],
  ] as const)(
    'deleted before the object was written: %s, held at %s — nothing stays untraced',
    async (_, held, failure) => {
      const env = await withUser();
      const store: AvatarStore = env.avatars;
      const gate = holdFirst(store, held);
      if (failure)
        env.users.replaceAvatar = async () => {
          throw failure();
        };
      const upload = outcome(uploadAvatar(env.ctx, { userId: env.user.id, body: streamOf(png()) }));
      await gate.reached;
      await deleteUser(env.ctx, env.user.id);
      gate.open();
      const { error } = await upload;
      expect(error).toBeDefined();
      expect(error).toBeInstanceOf(failure ? DependencyUnavailableError : UserNotFoundError);
      expectNothingUntraced(env, error);
      // The delete listed the avatar prefix before the object came: the refused update removes it.
      if (!failure) expect(env.avatars.objects.size).toBe(0);
    },
  );

  it('deleted while /complete writes the avatar: neither the avatar nor the staged upload stays', async () => {
    const env = await withUser();
    const grant = await requestAvatarUpload(env.ctx, { userId: env.user.id, contentType: 'image/png', size: 64 });
    const { uploadId } = env.ctx.uploadTokens.decode(grant.uploadToken);
    await env.avatars.put(stagedUploadKey(env.user.id, uploadId), png(64));
    const gate = holdFirst(env.users as UserRepository, 'replaceAvatar');
    const complete = outcome(completeAvatarUpload(env.ctx, { userId: env.user.id, uploadToken: grant.uploadToken }));
    await gate.reached;
    await deleteUser(env.ctx, env.user.id);
    gate.open();
    expect((await complete).error).toBeInstanceOf(UserNotFoundError);
    expect(env.avatars.objects.size).toBe(0);
  });

  it('deleted before /complete, with the file uploaded after the delete: /complete removes the staged file', async () => {
    const env = await withUser();
    const grant = await requestAvatarUpload(env.ctx, { userId: env.user.id, contentType: 'image/png', size: 64 });
    const { uploadId } = env.ctx.uploadTokens.decode(grant.uploadToken);
    await deleteUser(env.ctx, env.user.id);
    await env.avatars.put(stagedUploadKey(env.user.id, uploadId), png(64));
    await expect(
      completeAvatarUpload(env.ctx, { userId: env.user.id, uploadToken: grant.uploadToken }),
    ).rejects.toThrow(UserNotFoundError);
    expect(env.avatars.objects.size).toBe(0);
  });
});
