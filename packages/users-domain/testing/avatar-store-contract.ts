// What the use-cases rely on from an AvatarStore, as tests any implementation must pass: the
// in-memory fake here (src/ports/in-memory-ports.contract.test.ts) and S3AvatarStore on the S3
// emulator (packages/aws-adapters). What only a real store can show — that a presigned URL
// accepts exactly the granted upload, that an outage becomes DependencyUnavailableError — is
// tested with the adapter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  avatarKey,
  avatarKeyPrefix,
  stagedUploadKey,
  stagedUploadKeyPrefix,
  type AvatarStore,
  type ListedObject,
} from '../src/index.js';
import { png } from './builders.js';

/** A store for one test, and what to do when the test is over. */
export interface StoreUnderTest {
  readonly store: AvatarStore;
  readonly cleanUp?: () => Promise<void>;
}

/** Bytes 0, 1, 2, … so that any slice shows where it came from. */
const counting = (size: number) => Uint8Array.from({ length: size }, (_, i) => i % 256);

/** Every object under the prefix, page by page. */
async function allPages(store: AvatarStore, prefix: string, pageSize: number) {
  const pages = [];
  let after: string | undefined;
  do {
    const page = await store.list({ prefix, pageSize, ...(after && { after }) });
    pages.push(page);
    after = page.next;
  } while (after && pages.length < 1_000);
  return pages;
}

/**
 * Declares the AvatarStore contract. `makeStore` is called before each test and must return an
 * empty store of the implementation under test.
 */
export function describeAvatarStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>) {
  describe(`${name} keeps the AvatarStore contract`, () => {
    let store: AvatarStore;
    let cleanUp: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      ({ store, cleanUp } = await makeStore());
    });
    afterEach(async () => {
      await cleanUp?.();
    });

    describe('put, read and exists', () => {
      it('reads back an object’s size and every byte when it is within the limit', async () => {
        const key = avatarKey('ada', 'one');
        await store.put(key, counting(1000), 'image/png');
        expect(await store.read(key, 1000)).toEqual({ size: 1000, bytes: counting(1000) });
        expect(await store.exists(key)).toBe(true);
      });

      it('reports an object over the limit by its size alone, without its bytes', async () => {
        const key = avatarKey('ada', 'large');
        await store.put(key, counting(1001), 'image/png');
        expect(await store.read(key, 1000)).toEqual({ size: 1001 });
      });

      it('reads an empty object as size 0 with no bytes', async () => {
        const key = avatarKey('ada', 'empty');
        await store.put(key, new Uint8Array(), 'image/png');
        expect(await store.read(key, 1000)).toEqual({ size: 0, bytes: new Uint8Array() });
        expect(await store.exists(key)).toBe(true);
      });

      it('reports a missing object as undefined, and as not existing', async () => {
        await store.put(avatarKey('ada', 'other'), png(), 'image/png');
        expect(await store.read(avatarKey('ada', 'missing'), 1000)).toBeUndefined();
        expect(await store.exists(avatarKey('ada', 'missing'))).toBe(false);
      });

      it('replaces the object stored under the same key', async () => {
        const key = avatarKey('ada', 'again');
        await store.put(key, png(100), 'image/png');
        await store.put(key, counting(30), 'image/webp');
        expect(await store.read(key, 1000)).toEqual({ size: 30, bytes: counting(30) });
      });

      it('keeps staged uploads and avatars apart: one prefix never lists the other', async () => {
        const staged = stagedUploadKey('ada', 'upload-1');
        const avatar = avatarKey('ada', 'upload-1');
        await Promise.all([store.put(staged, png(), 'image/png'), store.put(avatar, counting(3), 'image/png')]);
        const listed = async (prefix: string) => (await store.list({ prefix, pageSize: 10 })).objects.map((o) => o.key);
        expect(await listed(stagedUploadKeyPrefix('ada'))).toEqual([staged]);
        expect(await listed(avatarKeyPrefix('ada'))).toEqual([avatar]);
      });
    });

    describe('putStream', () => {
      async function* chunks(bytes: Uint8Array, size: number) {
        for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
      }

      it.each([
        ['of declared length', 3000 as number | undefined],
        ['of unknown length', undefined],
      ])('stores a stream %s as it arrives', async (_, declared) => {
        const key = avatarKey('ada', 'streamed');
        await store.putStream(key, chunks(counting(3000), 1000), 'image/png', declared);
        expect(await store.read(key, 5000)).toEqual({ size: 3000, bytes: counting(3000) });
      });

      // Of a stream of declared length cut short, S3 keeps nothing, but the S3 emulator keeps what it
      // received, and after the request failed: only the failure itself is part of the contract.
      it.each([
        ['of declared length', 3000 as number | undefined],
        ['of unknown length', undefined],
      ])('fails with the stream itself, for a stream %s', async (_, declared) => {
        const key = avatarKey('ada', 'cut');
        const wentAway = new Error('the client went away');
        async function* cut() {
          yield counting(1000);
          throw wentAway;
        }
        await expect(store.putStream(key, cut(), 'image/png', declared)).rejects.toBe(wentAway);
        if (declared === undefined) expect(await store.exists(key)).toBe(false);
      });
    });

    describe('delete', () => {
      it('removes the object and nothing else', async () => {
        const [gone, kept] = [avatarKey('ada', 'gone'), avatarKey('ada', 'kept')];
        await Promise.all([store.put(gone, png(), 'image/png'), store.put(kept, png(), 'image/png')]);
        await store.delete(gone);
        expect(await store.exists(gone)).toBe(false);
        expect(await store.exists(kept)).toBe(true);
      });

      it('is no error for an object that does not exist', async () => {
        await expect(store.delete(avatarKey('ada', 'never-stored'))).resolves.toBeUndefined();
      });
    });

    describe('deleteMany', () => {
      it('removes the objects, including keys that never existed, and reports no failures', async () => {
        const keys = Array.from({ length: 5 }, (_, i) => avatarKey('ada', `${i}`));
        const kept = avatarKey('bob', 'kept');
        await Promise.all([...keys, kept].map((key) => store.put(key, png(), 'image/png')));
        expect(await store.deleteMany([...keys, avatarKey('ada', 'never-stored')])).toEqual({ failed: [] });
        for (const key of keys) expect(await store.exists(key)).toBe(false);
        expect(await store.exists(kept)).toBe(true);
      });

      it('accepts no keys', async () => {
        expect(await store.deleteMany([])).toEqual({ failed: [] });
      });
    });

    describe('list', () => {
      it('lists the objects under a prefix in key order, page by page, each once, without a next page at the end', async () => {
        const prefix = avatarKeyPrefix('ada');
        const keys = Array.from({ length: 7 }, (_, i) => avatarKey('ada', `object-${i}`));
        // Under other prefixes that start like this one: not listed.
        const others = [avatarKey('ada2', 'x'), 'avatars/ada', avatarKey('bob', 'y')];
        const before = Date.now();
        await Promise.all([...keys.toReversed(), ...others].map((key) => store.put(key, counting(3), 'image/png')));
        const after = Date.now();

        const pages = await allPages(store, prefix, 3);
        expect(pages.map((page) => page.objects.length)).toEqual([3, 3, 1]);
        expect(pages.at(-1)).not.toHaveProperty('next');
        const listed: ListedObject[] = pages.flatMap((page) => page.objects);
        expect(listed.map((object) => object.key)).toEqual(keys);
        for (const object of listed) {
          expect(object.size).toBe(3);
          // Stores report the time of the write, S3 in whole seconds.
          expect(object.lastModified.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
          expect(object.lastModified.getTime()).toBeLessThanOrEqual(after + 1000);
        }
      });

      it('ends without a next page when the last page is full', async () => {
        const keys = Array.from({ length: 4 }, (_, i) => avatarKey('ada', `${i}`));
        await Promise.all(keys.map((key) => store.put(key, png(), 'image/png')));
        const pages = await allPages(store, avatarKeyPrefix('ada'), 2);
        expect(pages.map((page) => page.objects.map((object) => object.key))).toEqual([
          keys.slice(0, 2),
          keys.slice(2),
        ]);
        expect(pages.at(-1)).not.toHaveProperty('next');
      });

      it('lists nothing, without a next page, under a prefix with no objects', async () => {
        await store.put(avatarKey('bob', 'one'), png(), 'image/png');
        expect(await store.list({ prefix: avatarKeyPrefix('ada'), pageSize: 10 })).toEqual({ objects: [] });
      });
    });

    describe('presignUpload', () => {
      it('names the method, the headers the upload must carry and when the grant expires', async () => {
        const before = Date.now();
        const upload = await store.presignUpload(
          avatarKey('ada', 'direct'),
          { contentType: 'image/webp', size: 500 },
          600,
        );
        const after = Date.now();
        expect(upload).toMatchObject({
          method: 'PUT',
          url: expect.any(String),
          headers: { 'content-type': 'image/webp', 'content-length': '500' },
        });
        const expiresAt = Date.parse(upload.expiresAt);
        expect(expiresAt).toBeGreaterThanOrEqual(before + 600_000);
        expect(expiresAt).toBeLessThanOrEqual(after + 600_000);
      });
    });
  });
}
