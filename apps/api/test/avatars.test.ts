// The avatar routes' HTTP contract in-process (app.request over the in-memory ports): direct
// uploads go to a staging key and /complete moves only verified bytes to the avatar; every object
// left for the sweeper is logged with its key. What needs S3's semantics (the presigned URL itself,
// a replay of it) is in avatars.integration.test.ts.
import { DependencyUnavailableError, stagedUploadKey, type UsersContext } from '@platform/users-domain';
import { gif, type InMemoryAvatarStore } from '@platform/users-domain/testing';
import { describe, expect, it } from 'vitest';
import { apiInMemory, aUser, expectProblem, json, pngBytes, pngSignature } from './api-harness.js';

/** The API over in-memory ports, with its store and a clock the test moves. */
function avatarApi() {
  let ctx!: UsersContext;
  const clock = { offsetMs: 0 };
  const api = apiInMemory({
    wrapContext: (inner) => {
      ctx = { ...inner, now: () => new Date(Date.now() + clock.offsetMs) };
      return ctx;
    },
  });
  return { api, clock, store: () => ctx.avatars as InMemoryAvatarStore, ctx: () => ctx };
}

async function directUpload(env: ReturnType<typeof avatarApi>, declared: { contentType: string; size: number }) {
  const user = await (await env.api.call('/users', json(aUser()))).json();
  const response = await env.api.call(`/users/${user.id}/avatar/upload-url`, json(declared));
  expect(response.status).toBe(201);
  const grant = await response.json();
  const { uploadId } = env.ctx().uploadTokens.decode(grant.uploadToken);
  const staging = stagedUploadKey(user.id, uploadId);
  return {
    user,
    grant,
    staging,
    /** What a client's PUT to the presigned URL does: writes the staging object. */
    put: (bytes: Uint8Array) => env.store().put(staging, bytes),
    complete: () => env.api.call(`/users/${user.id}/avatar/complete`, json({ uploadToken: grant.uploadToken })),
  };
}

describe('direct upload', () => {
  it('hands out a URL to the staging place, and attaches the verified bytes on /complete', async () => {
    const env = avatarApi();
    const image = pngBytes(300);
    const upload = await directUpload(env, { contentType: 'image/png', size: image.byteLength });
    expect(upload.grant.uploadUrl).toContain(upload.staging);
    await upload.put(image);
    const response = await upload.complete();
    expect(response.status).toBe(200);
    expect((await response.json()).avatar).toMatchObject({ contentType: 'image/png', size: 300 });
    const stored = [...env.store().objects.entries()];
    expect(stored.map(([key]) => key)).toEqual([expect.stringMatching(/^avatars\//)]);
    expect(stored[0]![1]).toEqual(image);
    // Completing again is harmless.
    expect((await upload.complete()).status).toBe(200);
  });

  it('answers 422 for a stored file that is not the declared size, and removes it', async () => {
    const env = avatarApi();
    const upload = await directUpload(env, { contentType: 'image/png', size: 300 });
    await upload.put(pngBytes(120));
    const problem = await expectProblem(await upload.complete(), 422);
    expect(problem.code).toBe('AVATAR.SIZE_MISMATCH');
    expect(env.store().objects.size).toBe(0);
  });

  it('answers 415 for a file of another type than declared', async () => {
    const env = avatarApi();
    const upload = await directUpload(env, { contentType: 'image/png', size: gif().byteLength });
    await upload.put(gif());
    expect((await expectProblem(await upload.complete(), 415)).detail).toContain('declared as image/png');
  });

  it('answers 409 before anything was uploaded, and 410 once the URL expired: the upload must be repeated', async () => {
    const env = avatarApi();
    const upload = await directUpload(env, { contentType: 'image/png', size: 64 });
    expect((await expectProblem(await upload.complete(), 409)).code).toBe('AVATAR.UPLOAD_NOT_RECEIVED');
    env.clock.offsetMs = 11 * 60 * 1000;
    const problem = await expectProblem(await upload.complete(), 410);
    expect(problem).toMatchObject({ code: 'AVATAR.UPLOAD_EXPIRED', detail: expect.stringContaining('repeated') });
  });

  it('logs the avatar object it kept, with its key, when the record update has an unknown outcome', async () => {
    const env = avatarApi();
    const upload = await directUpload(env, { contentType: 'image/png', size: 64 });
    await upload.put(pngBytes(64));
    env.ctx().users.replaceAvatar = async () => {
      throw new DependencyUnavailableError('DynamoDB', { cause: new Error('TimeoutError') });
    };
    await expectProblem(await upload.complete(), 503);
    const kept = [...env.store().objects.keys()].find((key) => key.startsWith('avatars/'));
    expect(kept).toBeDefined();
    expect(env.api.logs).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'avatar object left for the sweeper', key: kept }),
    );
  });
});

describe('DELETE /users/{id} when the store refuses to remove objects', () => {
  it('deletes the user and logs every object it left, each with its key', async () => {
    const env = avatarApi();
    const upload = await directUpload(env, { contentType: 'image/png', size: 64 });
    await upload.put(pngBytes(64));
    expect((await upload.complete()).status).toBe(200);
    const stray = `avatars/${upload.user.id}/stray`;
    await env.store().put(stray, pngSignature);
    env.store().failDeletes = true;

    expect((await env.api.call(`/users/${upload.user.id}`, { method: 'DELETE' })).status).toBe(204);
    const logged = env.api.logs
      .filter((line) => line.msg === 'avatar object left for the sweeper')
      .map((line) => line.key);
    expect(logged).toEqual(expect.arrayContaining([...env.store().objects.keys()]));
    expect(logged).toContain(stray);
  });
});

describe('upload slots', () => {
  /** Holds every streamed write until `release()`; `entered` resolves once `count` are held. */
  function holdStreams(store: InMemoryAvatarStore, count: number) {
    let held = 0;
    let enter!: () => void;
    let release!: () => void;
    const entered = new Promise<void>((resolve) => (enter = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    store.holdStreams = async () => {
      held += 1;
      if (held === count) enter();
      await released;
    };
    return { entered, release };
  }

  it('answers 503 with Retry-After and a stable code while every slot is taken, and takes uploads again once one is free', async () => {
    let store!: InMemoryAvatarStore;
    const capture = apiInMemory({
      env: { UPLOAD_CONCURRENCY: '2' },
      wrapContext: (ctx) => {
        store = ctx.avatars as InMemoryAvatarStore;
        return ctx;
      },
    });
    const owner = await (await capture.call('/users', json(aUser()))).json();
    const upload = () =>
      capture.call(`/users/${owner.id}/avatar`, {
        method: 'PUT',
        headers: { 'content-type': 'image/png' },
        body: pngBytes(300),
      });
    const gate = holdStreams(store, 2);
    const first = [upload(), upload()];
    await gate.entered;

    const refused = await upload();
    const problem = await expectProblem(refused, 503);
    expect(problem.code).toBe('AVATAR.UPLOADS_BUSY');
    expect(refused.headers.get('retry-after')).toBe('1');

    gate.release();
    expect((await Promise.all(first)).map((response) => response.status)).toEqual([200, 200]);
    expect((await upload()).status).toBe(200);
  });
});

describe('multipart upload', () => {
  it('needs user_id before the file, since the file streams as it arrives', async () => {
    const api = apiInMemory();
    const user = await (await api.call('/users', json(aUser()))).json();
    const form = new FormData();
    form.set('file', new Blob([pngBytes(300)]), 'me.png');
    form.set('user_id', user.id);
    const problem = await expectProblem(await api.call('/upload', { method: 'POST', body: form }), 400);
    expect(problem.errors).toEqual([{ field: 'form.user_id', message: 'must come before the file' }]);
  });

  it('answers 400 for a multipart body without a boundary or cut short', async () => {
    const api = apiInMemory();
    const noBoundary = await api.call('/upload', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'x',
    });
    expect((await expectProblem(noBoundary, 400)).detail).toMatch(/malformed/);
    const cut = await api.call('/upload', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      body: '--b\r\nContent-Disposition: form-data; name="user_id"\r\n\r\nx',
    });
    expect(cut.status).toBe(400);
  });
});
