// Uploads through the API stream to S3 (issue 15, finding 5), on the emulators: a body of unknown
// length larger than one multipart part, a multipart form, and an over-limit stream cut off, each
// leaving only what it should. Memory under a burst is measured by `pnpm bench` (upload-burst).
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { streamOf } from '@platform/users-domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, json, pngBytes } from './api-harness.js';
import { startApiUnderTest, type EmulatorApi } from './emulator-harness.js';

const MiB = 1024 * 1024;
const maxBytes = 12 * MiB;
let api: EmulatorApi;
let s3: S3Client;

beforeAll(async () => {
  api = await startApiUnderTest({ env: { AVATAR_MAX_BYTES: String(maxBytes) } });
  s3 = new S3Client({
    region: api.local.region,
    endpoint: api.local.s3Endpoint,
    forcePathStyle: true,
    credentials: api.local.credentials,
  });
});
afterAll(async () => {
  s3?.destroy();
  await api?.stop();
});

async function newUser() {
  return (await (await api.call('/users', json(aUser()))).json()) as { id: string };
}

async function keysUnder(prefix: string) {
  const listing = await s3.send(new ListObjectsV2Command({ Bucket: api.local.avatarsBucket, Prefix: prefix }));
  return (listing.Contents ?? []).map((o) => o.Key ?? '');
}

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
    const user = await newUser();
    const image = pngBytes(11 * MiB);
    const response = await putChunked(user.id, image);
    expect(response.status).toBe(200);
    expect((await response.json()).avatar).toMatchObject({ contentType: 'image/png', size: 11 * MiB });
    const [key = ''] = await keysUnder(`avatars/${user.id}/`);
    const stored = await s3.send(new HeadObjectCommand({ Bucket: api.local.avatarsBucket, Key: key }));
    expect(stored).toMatchObject({
      ContentLength: 11 * MiB,
      ContentType: 'image/png',
      ContentDisposition: 'inline; filename="avatar.png"',
    });
    expect(await keysUnder(`uploads/${user.id}/`)).toEqual([]);
  });

  it('stores a multipart file as it streams', async () => {
    const user = await newUser();
    const form = new FormData();
    form.set('user_id', user.id);
    form.set('file', new Blob([pngBytes(6 * MiB)]), 'me.png');
    const response = await api.call('/upload', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect((await response.json()).avatar).toMatchObject({ size: 6 * MiB });
    expect(await keysUnder(`uploads/${user.id}/`)).toEqual([]);
  });

  it('answers 413 for a chunked body past the limit and keeps nothing of it', async () => {
    const user = await newUser();
    const response = await putChunked(user.id, pngBytes(maxBytes + 1));
    expect(response.status).toBe(413);
    expect(await keysUnder(`avatars/${user.id}/`)).toEqual([]);
    expect(await keysUnder(`uploads/${user.id}/`)).toEqual([]);
  });
});
