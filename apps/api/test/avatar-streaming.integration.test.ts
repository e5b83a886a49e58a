// Uploads through the API stream to S3 (issue 15, finding 5), on the emulators: a body of unknown
// length larger than one multipart part, a multipart form, a body refused by its first bytes, and
// an over-limit stream cut off, each leaving only what it should. Memory under a burst is measured by `pnpm bench` (upload-burst).
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes } from './api-harness.js';
import { bucketOf, startApiUnderTest, type EmulatorApi } from './emulator-harness.js';
import { binaryBody, formBody, newUser, userPath } from './typed-client.js';

const MiB = 1024 * 1024;
const maxBytes = 12 * MiB;
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

/** A PUT whose body has no Content-Length: the bytes sent as a stream, so chunked, as it is produced. */
const putChunked = (userId: string, bytes: Uint8Array) =>
  api.client.PUT('/users/{id}/avatar', {
    ...userPath(userId),
    ...binaryBody(bytes, 'image/png'),
    bodySerializer: (body: Blob) => body.stream(),
    duplex: 'half',
  });

describe('streamed avatar uploads', () => {
  it('stores a chunked body larger than one multipart part, served as its verified type, with no staged copy left', async () => {
    const user = await newUser(api.client);
    const image = pngBytes(11 * MiB);
    const { data, response } = await putChunked(user.id, image);
    expect(response.status).toBe(200);
    expect(data!.avatar).toMatchObject({ contentType: 'image/png', size: 11 * MiB });
    const [key = ''] = await bucket.keysUnder(`avatars/${user.id}/`);
    const stored = await bucket.s3.send(new HeadObjectCommand({ Bucket: api.local.avatarsBucket, Key: key }));
    expect(stored).toMatchObject({
      ContentLength: 11 * MiB,
      ContentType: 'image/png',
      ContentDisposition: 'inline; filename="avatar.png"',
    });
    expect(await bucket.keysUnder(`uploads/${user.id}/`)).toEqual([]);
  });

  it('stores a multipart file as it streams', async () => {
    const user = await newUser(api.client);
    const { data, response } = await api.client.POST(
      '/upload',
      formBody({ user_id: user.id, file: new File([pngBytes(6 * MiB)], 'me.png') }),
    );
    expect(response.status).toBe(200);
    expect(data!.avatar).toMatchObject({ size: 6 * MiB });
    expect(await bucket.keysUnder(`uploads/${user.id}/`)).toEqual([]);
  });

  it.each([
    ['a chunked body', 'chunked'],
    ['a body of declared length', 'declared'],
    ['a multipart file', 'multipart'],
  ])('answers 415 for %s that is not an image, at its first bytes, writing nothing', async (_, form) => {
    const user = await newUser(api.client);
    const notAnImage = new Uint8Array(6 * MiB).fill(0x3c);
    const { response } =
      form === 'multipart'
        ? await api.client.POST('/upload', formBody({ user_id: user.id, file: new File([notAnImage], 'me.png') }))
        : form === 'chunked'
          ? await putChunked(user.id, notAnImage)
          : await api.client.PUT('/users/{id}/avatar', {
              ...userPath(user.id),
              ...binaryBody(notAnImage, 'image/png'),
            });
    expect(response.status).toBe(415);
    expect(await bucket.keysUnder(`avatars/${user.id}/`)).toEqual([]);
    // The connection still serves the next request (or was closed cleanly): the upload goes through.
    expect((await putChunked(user.id, pngBytes(1024))).response.status).toBe(200);
  });

  it('answers 413 for a chunked body past the limit and keeps nothing of it', async () => {
    const user = await newUser(api.client);
    const { response } = await putChunked(user.id, pngBytes(maxBytes + 1));
    expect(response.status).toBe(413);
    expect(await bucket.keysUnder(`avatars/${user.id}/`)).toEqual([]);
    expect(await bucket.keysUnder(`uploads/${user.id}/`)).toEqual([]);
  });
});
