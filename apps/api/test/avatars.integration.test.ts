import { request } from 'node:http';
import { connect } from 'node:net';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gif, hostileImages } from '@platform/users-domain/testing';
import { apiKey, json, pngBytes, pngSignature } from './api-harness.js';
import { bucketOf, startApiUnderTest, type EmulatorApi } from './emulator-harness.js';
import { binaryBody, formBody, newUser, userPath } from './typed-client.js';

const maxBytes = 64 * 1024;
let api: EmulatorApi;
let bucket: ReturnType<typeof bucketOf>;

beforeAll(async () => {
  api = await startApiUnderTest({ env: { AVATAR_MAX_BYTES: String(maxBytes) } });
  bucket = bucketOf(api.local);
});
afterAll(async () => {
  bucket?.destroy();
  await api?.stop();
});

/** The user's avatar objects: what can be served. */
const objectKeys = (userId: string) => bucket.keysUnder(`avatars/${userId}/`);
/** The user's staged direct uploads: what presigned URLs write. */
const stagedKeys = (userId: string) => bucket.keysUnder(`uploads/${userId}/`);

const putAvatar = (userId: string, body: Uint8Array, contentType = 'application/octet-stream') =>
  api.client.PUT('/users/{id}/avatar', { ...userPath(userId), ...binaryBody(body, contentType) });
/** GET /users/{id}/avatar without following the redirect: the 302 itself. */
const avatarRedirect = (userId: string) =>
  api.client.GET('/users/{id}/avatar', { ...userPath(userId), redirect: 'manual' });
const getUser = async (userId: string) => (await api.client.GET('/users/{id}', userPath(userId))).data;
const createdUser = () => newUser(api.client);

const html = new TextEncoder().encode('<!DOCTYPE html><html><body>not an image</body></html>');

describe('PUT /users/{id}/avatar', () => {
  it('stores the image, attaches it, and serves it back through a redirect', async () => {
    const user = await createdUser();
    const image = pngBytes(5000);
    const { data, response } = await putAvatar(user.id, image, 'image/jpeg');
    expect(response.status).toBe(200);
    expect(data!.avatar).toMatchObject({ contentType: 'image/png', size: 5000 });
    expect(await objectKeys(user.id)).toHaveLength(1);

    const redirect = (await avatarRedirect(user.id)).response;
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location).toContain('X-Amz-Expires=300');
    const download = await fetch(location);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(image);
  });

  it('replaces the avatar and removes the old object', async () => {
    const user = await createdUser();
    await putAvatar(user.id, pngBytes(100));
    await putAvatar(user.id, pngBytes(200));
    expect(await objectKeys(user.id)).toHaveLength(1);
  });

  it.each([
    ['an HTML page, whatever it claims', html, 'image/png', 415],
    ['an empty body', new Uint8Array(), 'image/png', 415],
    ['a PNG over the limit', pngBytes(maxBytes + 1), 'image/png', 413],
  ])('refuses %s and stores nothing', async (_, body, type, status) => {
    const user = await createdUser();
    const { response } = await putAvatar(user.id, body, type);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await objectKeys(user.id)).toEqual([]);
  });

  it('serves the avatar as its verified type, inline, under a fixed name, through a redirect marked nosniff', async () => {
    const user = await createdUser();
    expect((await putAvatar(user.id, gif(), 'text/html')).response.status).toBe(200);
    const [key] = await objectKeys(user.id);
    const stored = await bucket.s3.send(new HeadObjectCommand({ Bucket: api.local.avatarsBucket, Key: key }));
    expect(stored).toMatchObject({ ContentType: 'image/gif', ContentDisposition: 'inline; filename="avatar.gif"' });
    const redirect = (await avatarRedirect(user.id)).response;
    expect(redirect.headers.get('x-content-type-options')).toBe('nosniff');
    const download = await fetch(redirect.headers.get('location') ?? '');
    expect(download.headers.get('content-type')).toBe('image/gif');
    expect(download.headers.get('content-disposition')).toBe('inline; filename="avatar.gif"');
  });

  it('accepts a GIF that is whole and parses even with script in a comment, and serves it only as image/gif', async () => {
    // A polyglot that is a real GIF is an image: browsers never run a response typed image/* as
    // script (Fetch's "bad MIME type for scripts"), and it is only ever served as image/gif.
    const comment = Buffer.from('*/=alert(document.domain)//', 'latin1');
    const polyglot = Buffer.concat([
      gif().subarray(0, -1),
      Buffer.from([0x21, 0xfe, comment.length]),
      comment,
      Buffer.from([0, 0x3b]),
    ]);
    const user = await createdUser();
    const { data, response } = await putAvatar(user.id, polyglot, 'application/javascript');
    expect(response.status).toBe(200);
    expect(data!.avatar!.contentType).toBe('image/gif');
  });

  it('answers 404 for a user that does not exist, storing nothing', async () => {
    const { response } = await putAvatar('0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d', pngBytes());
    expect(response.status).toBe(404);
  });

  it('refuses a 1 GiB streamed body with 413 without reading it all', async () => {
    const user = await createdUser();
    const rssBefore = process.memoryUsage().rss;
    // node:http, not the typed client: the body is written under back-pressure, and the request is
    // dropped the moment the answer arrives, which fetch cannot do with a body still being sent.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${api.url}/users/${user.id}/avatar`, {
        method: 'PUT',
        headers: { 'x-api-key': apiKey, 'content-type': 'image/png', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (error) =>
        error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error),
      );
      const chunk = Buffer.alloc(1024 * 1024, 1);
      chunk.set(pngSignature);
      let sent = 0;
      const pump = () => {
        while (sent < 1024 && !req.destroyed) {
          sent += 1;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    expect(await objectKeys(user.id)).toEqual([]);
  });
});

describe('POST /upload (multipart, original path)', () => {
  it('stores the file for the user named in the form', async () => {
    const user = await createdUser();
    const { data, response } = await api.client.POST(
      '/upload',
      formBody({ user_id: user.id, file: new File([pngBytes(300)], 'me.png') }),
    );
    expect(response.status).toBe(200);
    expect(data!.avatar).toMatchObject({ contentType: 'image/png', size: 300 });
  });

  it('lists the missing fields in a 400', async () => {
    // A form without its file, which the document forbids: sent untyped.
    const form = new FormData();
    form.set('user_id', 'not-a-uuid');
    const response = await api.call('/upload', { method: 'POST', body: form });
    expect(response.status).toBe(400);
    const fields = (await response.json()).errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['form.file', 'form.user_id']);
  });

  it('refuses a file over the limit with 413', async () => {
    const user = await createdUser();
    const { response } = await api.client.POST(
      '/upload',
      formBody({ user_id: user.id, file: new File([pngBytes(maxBytes + 1)], 'big.png') }),
    );
    expect(response.status).toBe(413);
    expect(await objectKeys(user.id)).toEqual([]);
  });

  it('refuses a body that is not multipart with 415', async () => {
    // JSON where the document says multipart/form-data: sent untyped.
    const response = await api.call('/upload', json({ user_id: 'x' }));
    expect(response.status).toBe(415);
  });

  it('refuses a file named .png that is HTML with 415', async () => {
    const user = await createdUser();
    const file = new File([html], 'evil.png', { type: 'image/png' });
    expect((await api.client.POST('/upload', formBody({ user_id: user.id, file }))).response.status).toBe(415);
  });
});

describe('direct upload to S3', () => {
  async function grant(userId: string, body: { contentType: 'image/png'; size: number }) {
    const { data, response } = await api.client.POST('/users/{id}/avatar/upload-url', { ...userPath(userId), body });
    expect(response.status).toBe(201);
    const upload = data!;
    // Path-style: /<bucket>/<key>.
    const stagingKey = decodeURIComponent(new URL(upload.uploadUrl).pathname).split('/').slice(2).join('/');
    return { ...upload, stagingKey };
  }
  const complete = async (userId: string, uploadToken: string) =>
    (await api.client.POST('/users/{id}/avatar/complete', { ...userPath(userId), body: { uploadToken } })).response;
  // The presigned URL is S3's, not the API's: plain fetch, as a browser would send it.
  const putTo = (url: string, body: Uint8Array, contentType = 'image/png') =>
    fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body });
  /** Sends the PUT's headers for `declared` bytes, then only `body`, then closes the connection. */
  async function putCutShort(url: string, declared: number, body: Uint8Array) {
    const target = new URL(url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(target.port), target.hostname, () => {
        socket.write(
          `PUT ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
            `Content-Type: image/png\r\nContent-Length: ${declared}\r\n\r\n`,
        );
        socket.end(body);
      });
      socket.on('error', reject);
      socket.on('close', () => resolve());
      // The server waits for the rest of the body; the client gives up.
      socket.setTimeout(300, () => socket.destroy());
    });
    // The emulator keeps what arrived once it sees the connection gone.
    await expect.poll(async () => (await stagedKeys(target.pathname.split('/')[3]!)).length).toBe(1);
  }
  /** Writes the staging object directly: what a store that checked nothing could hold. */
  const writeStaged = (key: string, body: Uint8Array) =>
    bucket.s3.send(
      new PutObjectCommand({ Bucket: api.local.avatarsBucket, Key: key, Body: body, ContentType: 'image/png' }),
    );
  async function servedAvatar(userId: string) {
    const location = (await avatarRedirect(userId)).response.headers.get('location');
    return new Uint8Array(await (await fetch(location ?? '')).arrayBuffer());
  }

  it('uploads with the presigned URL to a staging key, and moves the file to the avatar on completion', async () => {
    const user = await createdUser();
    const image = pngBytes(4096);
    const upload = await grant(user.id, { contentType: 'image/png', size: image.byteLength });
    expect(upload.stagingKey).toMatch(new RegExp(`^uploads/${user.id}/`));
    expect(new Date(upload.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);

    expect((await putTo(upload.uploadUrl, image)).status).toBe(200);
    expect(await objectKeys(user.id)).toEqual([]);
    const { data, response } = await api.client.POST('/users/{id}/avatar/complete', {
      ...userPath(user.id),
      body: { uploadToken: upload.uploadToken },
    });
    expect(response.status).toBe(200);
    expect(data!.avatar).toMatchObject({ contentType: 'image/png', size: 4096 });
    expect(await objectKeys(user.id)).toHaveLength(1);
    expect(await stagedKeys(user.id)).toEqual([]);
    expect(await servedAvatar(user.id)).toEqual(image);
  });

  it('keeps serving the verified bytes when the presigned URL is replayed after /complete', async () => {
    const user = await createdUser();
    const image = pngBytes(2048);
    const upload = await grant(user.id, { contentType: 'image/png', size: image.byteLength });
    await putTo(upload.uploadUrl, image);
    expect((await complete(user.id, upload.uploadToken)).status).toBe(200);

    // Same URL, same size and type, anything in it: S3 accepts it, into staging only.
    const replay = new Uint8Array(image.byteLength).fill(0x3c);
    expect((await putTo(upload.uploadUrl, replay)).status).toBe(200);
    expect(await servedAvatar(user.id)).toEqual(image);
    // Completing again changes nothing: the record already names this upload's avatar.
    expect((await complete(user.id, upload.uploadToken)).status).toBe(200);
    expect(await servedAvatar(user.id)).toEqual(image);
  });

  it('lets a PUT after the user was deleted touch only staging, which /complete then refuses and removes', async () => {
    const user = await createdUser();
    const upload = await grant(user.id, { contentType: 'image/png', size: 256 });
    expect((await api.client.DELETE('/users/{id}', userPath(user.id))).response.status).toBe(204);
    expect((await putTo(upload.uploadUrl, pngBytes(256))).status).toBe(200);
    expect(await objectKeys(user.id)).toEqual([]);
    expect(await stagedKeys(user.id)).toEqual([upload.stagingKey]);
    // /complete finds the user gone and removes the staged file (else the sweeper would, once old).
    expect((await complete(user.id, upload.uploadToken)).status).toBe(404);
    expect(await stagedKeys(user.id)).toEqual([]);
    expect(await objectKeys(user.id)).toEqual([]);
  });

  it('refuses a partial upload (the connection cut mid-body, which the emulator stores) with 422, removing it', async () => {
    const user = await createdUser();
    const upload = await grant(user.id, { contentType: 'image/png', size: 4096 });
    await putCutShort(upload.uploadUrl, 4096, pngBytes(1000));
    expect(await stagedKeys(user.id)).toEqual([upload.stagingKey]);
    expect((await complete(user.id, upload.uploadToken)).status).toBe(422);
    expect(await stagedKeys(user.id)).toEqual([]);
    expect(await objectKeys(user.id)).toEqual([]);
    expect((await getUser(user.id))!.avatar).toBeNull();
  });

  it('refuses a staged file over AVATAR_MAX_BYTES with 413 without reading it, removing it', async () => {
    const user = await createdUser();
    const upload = await grant(user.id, { contentType: 'image/png', size: 4096 });
    // The presigned URL refuses a longer body; what a store without that check could hold, written directly.
    await writeStaged(upload.stagingKey, pngBytes(maxBytes + 1));
    expect((await complete(user.id, upload.uploadToken)).status).toBe(413);
    expect(await stagedKeys(user.id)).toEqual([]);
    expect(await objectKeys(user.id)).toEqual([]);
  });

  it('binds the URL to the declared content type', async () => {
    const user = await createdUser();
    const upload = await grant(user.id, { contentType: 'image/png', size: 100 });
    expect((await putTo(upload.uploadUrl, pngBytes(100), 'text/html')).status).toBe(403);
  });

  it('deletes a direct upload that is not an image and refuses it with 415', async () => {
    const user = await createdUser();
    const upload = await grant(user.id, { contentType: 'image/png', size: html.byteLength });
    await putTo(upload.uploadUrl, html);
    expect(await stagedKeys(user.id)).toHaveLength(1);

    expect((await complete(user.id, upload.uploadToken)).status).toBe(415);
    expect(await stagedKeys(user.id)).toEqual([]);
    expect(await objectKeys(user.id)).toEqual([]);
    expect((await getUser(user.id))!.avatar).toBeNull();
  });

  it('answers 409 when completing before anything was uploaded', async () => {
    const user = await createdUser();
    const upload = await grant(user.id, { contentType: 'image/png', size: 100 });
    expect((await complete(user.id, upload.uploadToken)).status).toBe(409);
  });

  it('refuses a forged token, an unaccepted type and an oversized grant', async () => {
    const user = await createdUser();
    expect((await complete(user.id, 'forged.token')).status).toBe(400);
    // A content type outside the document's enum: sent untyped.
    expect(
      (await api.call(`/users/${user.id}/avatar/upload-url`, json({ contentType: 'text/html', size: 10 }))).status,
    ).toBe(415);
    const oversized = { contentType: 'image/png', size: maxBytes + 1 } as const;
    expect(
      (await api.client.POST('/users/{id}/avatar/upload-url', { ...userPath(user.id), body: oversized })).response
        .status,
    ).toBe(413);
  });
});

describe('GET /users/{id}/avatar and DELETE /users/{id}', () => {
  it('answers 404 when the user has no avatar', async () => {
    const user = await createdUser();
    expect((await avatarRedirect(user.id)).response.status).toBe(404);
  });

  it('removes the avatar object with the user', async () => {
    const user = await createdUser();
    await putAvatar(user.id, pngBytes());
    const [key] = await objectKeys(user.id);
    expect((await api.client.DELETE('/users/{id}', userPath(user.id))).response.status).toBe(204);
    await expect(
      bucket.s3.send(new HeadObjectCommand({ Bucket: api.local.avatarsBucket, Key: key })),
    ).rejects.toThrow();
  });
});

describe('hostile files (issue 15, finding 6)', () => {
  const multipart = (userId: string, file: Uint8Array) =>
    api.client.POST('/upload', formBody({ user_id: userId, file: new File([file], 'avatar.png') }));
  const direct = async (userId: string, file: Uint8Array) => {
    const { data: granted } = await api.client.POST('/users/{id}/avatar/upload-url', {
      ...userPath(userId),
      body: { contentType: 'image/png', size: file.byteLength },
    });
    const { uploadUrl, headers, uploadToken } = granted!;
    expect((await fetch(uploadUrl, { method: 'PUT', headers, body: file })).status).toBe(200);
    return api.client.POST('/users/{id}/avatar/complete', { ...userPath(userId), body: { uploadToken } });
  };

  it.each(Object.entries(hostileImages()))(
    'refuses %s on the raw, multipart and direct paths, keeping nothing',
    async (_, file) => {
      const user = await createdUser();
      for (const [path, upload] of [
        ['raw PUT', (id: string, body: Uint8Array) => putAvatar(id, body, 'image/png')],
        ['multipart', multipart],
        ['direct upload', direct],
      ] as const) {
        const { error, response } = await upload(user.id, file);
        expect([415, 422], `${path}: ${response.status}`).toContain(response.status);
        expect(error?.code, path).toMatch(/^AVATAR\.(UNSUPPORTED_TYPE|TOO_MANY_PIXELS)$/);
      }
      expect(await objectKeys(user.id)).toEqual([]);
      expect(await stagedKeys(user.id)).toEqual([]);
      expect((await getUser(user.id))!.avatar).toBeNull();
    },
  );
});
