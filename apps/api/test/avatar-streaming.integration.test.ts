// Uploads through the API stream to S3 (issue 15, finding 5), on the emulators: a body of unknown
// length larger than one multipart part, a multipart form, and an over-limit stream cut off, each
// leaving only what it should. Memory under a burst is measured by `pnpm bench` (upload-burst).
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { streamOf } from '@platform/users-domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdUser, pngBytes } from './api-harness.js';
import { bucketOf, startApiUnderTest, type EmulatorApi } from './emulator-harness.js';

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

/** A PUT whose body has no Content-Length: sent chunked, as it is produced. */
const putChunked = (userId: string, bytes: Uint8Array) =>
  api.call(`/users/${userId}/avatar`, {
    method: 'PUT',
    headers: { 'content-type': 'image/png' },
    body: ReadableStream.from(streamOf(bytes)),
    duplex: 'half',
  } as RequestInit);

describe('streamed avatar uploads', () => {
  it('stores a chunked body larger than one multipart part, served as its verified type, with no staged copy left', async () => {
    const user = await createdUser(api);
    const image = pngBytes(11 * MiB);
    const response = await putChunked(user.id, image);
    expect(response.status).toBe(200);
    expect((await response.json()).avatar).toMatchObject({ contentType: 'image/png', size: 11 * MiB });
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
    const user = await createdUser(api);
    const form = new FormData();
    form.set('user_id', user.id);
    form.set('file', new Blob([pngBytes(6 * MiB)]), 'me.png');
    const response = await api.call('/upload', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect((await response.json()).avatar).toMatchObject({ size: 6 * MiB });
    expect(await bucket.keysUnder(`uploads/${user.id}/`)).toEqual([]);
  });

  it('answers 413 for a chunked body past the limit and keeps nothing of it', async () => {
    const user = await createdUser(api);
    const response = await putChunked(user.id, pngBytes(maxBytes + 1));
    expect(response.status).toBe(413);
    expect(await bucket.keysUnder(`avatars/${user.id}/`)).toEqual([]);
    expect(await bucket.keysUnder(`uploads/${user.id}/`)).toEqual([]);
  });
});
