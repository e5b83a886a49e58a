import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { DependencyUnavailableError } from '@platform/users-domain';
import { describeAvatarStoreContract } from '@platform/users-domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3AvatarStore, streamPartBytes } from '../src/index.js';
import { useEmulators, type TestEmulators } from './local-emulators.js';

let env: TestEmulators;
let avatars: S3AvatarStore;
let bucket: string;
beforeAll(async () => {
  env = await useEmulators();
  bucket = await env.newAvatarsBucket();
  avatars = new S3AvatarStore(env.s3, bucket);
});

const headers = (k: string) => env.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: k }));
afterAll(() => env?.stop());

describeAvatarStoreContract('S3AvatarStore', async () => ({
  store: new S3AvatarStore(env.s3, await env.newAvatarsBucket()),
}));

const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => i % 256);
const key = () => `avatars/${crypto.randomUUID()}/${crypto.randomUUID()}`;

describe('S3AvatarStore', () => {
  it('presigns an upload that accepts exactly the declared size and type', async () => {
    const k = key();
    const upload = await avatars.presignUpload(k, { contentType: 'image/png', size: 500 }, 600);
    const put = (body: Uint8Array, contentType: string) =>
      fetch(upload.url, { method: upload.method, headers: { 'content-type': contentType }, body });

    expect((await put(bytes(501), 'image/png')).status).toBe(403);
    expect((await put(bytes(500), 'image/jpeg')).status).toBe(403);
    expect(await avatars.read(k, 1000)).toBeUndefined();
    expect((await put(bytes(500), 'image/png')).status).toBe(200);
    expect(await avatars.read(k, 1000)).toEqual({ size: 500, bytes: bytes(500) });
  });

  it('presigns a download that serves the object as its verified type, inline, under a fixed name', async () => {
    const k = key();
    await avatars.put(k, bytes(300), 'image/webp');
    const response = await fetch(await avatars.presignDownload(k, 60, 'image/webp'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="avatar.webp"');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes(300));
  });

  it.each([
    ['of declared length', 20 as number | undefined],
    ['of unknown length', undefined],
  ])('stores an avatar with its type and disposition, whether put or streamed (%s)', async (_, declared) => {
    const [put, streamed] = [key(), key()];
    await avatars.put(put, bytes(10), 'image/jpeg');
    await avatars.putStream(
      streamed,
      (async function* () {
        yield bytes(20);
      })(),
      'image/gif',
      declared,
    );
    expect(await headers(put)).toMatchObject({
      ContentType: 'image/jpeg',
      ContentDisposition: 'inline; filename="avatar.jpg"',
    });
    expect(await headers(streamed)).toMatchObject({
      ContentLength: 20,
      ContentType: 'image/gif',
      ContentDisposition: 'inline; filename="avatar.gif"',
    });
  });

  it('streams a body of unknown length larger than one part as a multipart upload, and aborts one that fails', async () => {
    const size = streamPartBytes * 2 + 1234;
    const k = key();
    async function* large() {
      for (let at = 0; at < size; at += 256 * 1024) yield bytes(Math.min(256 * 1024, size - at));
    }
    await avatars.putStream(k, large(), 'image/png');
    expect(await headers(k)).toMatchObject({ ContentType: 'image/png' });
    const stored = await avatars.read(k, size);
    expect(stored?.size).toBe(size);

    const failed = key();
    async function* cutAfterOnePart() {
      for (let at = 0; at < streamPartBytes + 1; at += 256 * 1024) yield bytes(256 * 1024);
      throw new Error('the client went away');
    }
    await expect(avatars.putStream(failed, cutAfterOnePart(), 'image/png')).rejects.toThrow();
    expect(await avatars.exists(failed)).toBe(false);
  });

  it('answers its readiness ping', async () => {
    await expect(avatars.ping()).resolves.toBeUndefined();
  });

  it('reports S3 going away as DependencyUnavailableError, then works again', async () => {
    const stored = key();
    await avatars.put(stored, bytes(10), 'image/png');
    await env.local.stopService('s3');
    try {
      await expect(avatars.put(key(), bytes(10), 'image/png')).rejects.toThrow(DependencyUnavailableError);
      await expect(avatars.read(stored, 1000)).rejects.toThrow(DependencyUnavailableError);
      await expect(avatars.exists(stored)).rejects.toThrow(DependencyUnavailableError);
      await expect(avatars.list({ prefix: 'avatars/', pageSize: 10 })).rejects.toThrow(DependencyUnavailableError);
      await expect(avatars.delete(stored)).rejects.toThrow(DependencyUnavailableError);
      await expect(avatars.deleteMany([stored])).rejects.toThrow(DependencyUnavailableError);
      await expect(avatars.ping()).rejects.toThrow(DependencyUnavailableError);
    } finally {
      await env.local.startService('s3');
    }
    await expect(avatars.ping()).resolves.toBeUndefined();
    expect(await avatars.exists(stored)).toBe(true);
  });
});
