import { DependencyUnavailableError } from '@platform/users-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3AvatarStore } from '../src/index.js';
import { startEmulators } from './local-emulators.js';

let env: Awaited<ReturnType<typeof startEmulators>>;
let avatars: S3AvatarStore;

beforeAll(async () => {
  env = await startEmulators();
  avatars = new S3AvatarStore(env.s3, env.local.avatarsBucket);
});
afterAll(() => env?.stop());

const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => i % 256);
const key = () => `avatars/${crypto.randomUUID()}/${crypto.randomUUID()}`;

describe('S3AvatarStore', () => {
  it('stores an object and reports its size and first bytes', async () => {
    const k = key();
    await avatars.put(k, bytes(1000), 'image/png');
    const stored = await avatars.inspect(k, 12);
    expect(stored?.size).toBe(1000);
    expect(stored?.head).toEqual(bytes(12));
  });

  it('reports a missing object as undefined, and deleting it is no error', async () => {
    const k = key();
    expect(await avatars.inspect(k, 12)).toBeUndefined();
    await expect(avatars.delete(k)).resolves.toBeUndefined();
  });

  it('deletes an object', async () => {
    const k = key();
    await avatars.put(k, bytes(10), 'image/gif');
    await avatars.delete(k);
    expect(await avatars.inspect(k, 12)).toBeUndefined();
  });

  it('presigns an upload that accepts exactly the declared size and type', async () => {
    const k = key();
    const upload = await avatars.presignUpload(k, { contentType: 'image/png', size: 500 }, 600);
    expect(upload.method).toBe('PUT');
    const put = (body: Uint8Array, contentType: string) =>
      fetch(upload.url, { method: 'PUT', headers: { 'content-type': contentType }, body });

    expect((await put(bytes(501), 'image/png')).status).toBe(403);
    expect((await put(bytes(500), 'image/jpeg')).status).toBe(403);
    expect(await avatars.inspect(k, 12)).toBeUndefined();
    expect((await put(bytes(500), 'image/png')).status).toBe(200);
    expect((await avatars.inspect(k, 12))?.size).toBe(500);
  });

  it('presigns a download that serves the object', async () => {
    const k = key();
    await avatars.put(k, bytes(300), 'image/webp');
    const response = await fetch(await avatars.presignDownload(k, 60));
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes(300));
  });

  it('tells whether an object exists', async () => {
    const k = key();
    expect(await avatars.exists(k)).toBe(false);
    await avatars.put(k, bytes(5), 'image/png');
    expect(await avatars.exists(k)).toBe(true);
  });

  it('lists objects under a prefix page by page, and deletes many in one request', async () => {
    const prefix = `avatars/${crypto.randomUUID()}/`;
    const keys = Array.from({ length: 7 }, (_, i) => `${prefix}${i}`);
    await Promise.all(keys.map((k) => avatars.put(k, bytes(3), 'image/png')));

    const listed: string[] = [];
    let after: string | undefined;
    do {
      const page = await avatars.list({ prefix, pageSize: 3, ...(after && { after }) });
      expect(page.objects.length).toBeLessThanOrEqual(3);
      for (const object of page.objects) {
        expect(object.size).toBe(3);
        expect(Date.now() - object.lastModified.getTime()).toBeLessThan(60_000);
      }
      listed.push(...page.objects.map((o) => o.key));
      after = page.next;
    } while (after);
    expect(listed.sort()).toEqual(keys.sort());

    expect(await avatars.deleteMany([...keys, `${prefix}never-existed`])).toEqual({ failed: [] });
    expect((await avatars.list({ prefix, pageSize: 10 })).objects).toEqual([]);
  });

  it('answers its readiness ping', async () => {
    await expect(avatars.ping()).resolves.toBeUndefined();
  });

  it('reports S3 going away as DependencyUnavailableError', async () => {
    await env.local.stopService('s3');
    try {
      await expect(avatars.put(key(), bytes(10), 'image/png')).rejects.toThrow(DependencyUnavailableError);
      await expect(avatars.inspect(key(), 12)).rejects.toThrow(DependencyUnavailableError);
      await expect(avatars.ping()).rejects.toThrow(DependencyUnavailableError);
    } finally {
      await env.local.startService('s3');
    }
    await expect(avatars.ping()).resolves.toBeUndefined();
  });
});
