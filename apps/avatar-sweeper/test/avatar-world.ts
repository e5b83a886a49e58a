// The emulated bucket and users table as the tests see them: objects and records written in bulk,
// and the state read back with a plain S3 client (not through the adapter under test).
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { connectUsersData } from '@platform/aws-adapters';
import { avatarKey, stagedUploadKey, type User } from '@platform/users-domain';
import { embeddedAwsConfig, type EmbeddedAws } from '@platform/users-emulators';

export interface StoredKey {
  readonly key: string;
  readonly lastModified: Date;
}

async function inBatches<T>(items: readonly T[], action: (item: T) => Promise<unknown>, size = 25) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(action));
}

function aUser(): User {
  const id = crypto.randomUUID();
  return { id, name: 'u', email: `${id}@example.com`, createdAt: new Date().toISOString(), avatar: null, version: 1 };
}

/** Keys no user record references: objects of users deleted since, or of uploads not completed yet. */
/**
 * The emulators' AWS settings with room for a busy machine: these tests are about what a sweep
 * decides, not how fast DynamoDB Local answers, and the development default (3 s, 2 attempts)
 * timed out seeding users when every core was busy.
 */
export const patientAwsConfig = (local: EmbeddedAws) => ({
  ...embeddedAwsConfig(local),
  requestTimeoutMs: 15_000,
  maxAttempts: 3,
});

export const unreferencedKeys = (count: number, objectId: string) =>
  Array.from({ length: count }, () => avatarKey(crypto.randomUUID(), objectId));

/** Staging keys of direct uploads, which no record ever references. */
export const stagedKeys = (count: number, uploadId: string) =>
  Array.from({ length: count }, () => stagedUploadKey(crypto.randomUUID(), uploadId));

const settledLongAgo = '2020-01-01T00:00:00.000Z';

/**
 * The emulated bucket and table. `dataDir` is where the emulators keep their data (the S3
 * emulator's objects are files there, dated by their mtime), so objects can be made older.
 */
export function avatarWorld(local: EmbeddedAws, dataDir: string) {
  const s3 = new S3Client({
    region: local.region,
    endpoint: local.s3Endpoint,
    forcePathStyle: true,
    credentials: local.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const data = connectUsersData(patientAwsConfig(local), { credentials: local.credentials });

  const putObjects = (keys: readonly string[]) =>
    inBatches(keys, (key) =>
      s3.send(new PutObjectCommand({ Bucket: local.avatarsBucket, Key: key, Body: 'x', ContentType: 'image/png' })),
    );

  /** Every object in the bucket, in the store's (key) order, with its LastModified as the store reports it. */
  async function objects(): Promise<StoredKey[]> {
    const found: StoredKey[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: local.avatarsBucket, ContinuationToken: token }));
      found.push(...(page.Contents ?? []).map((o) => ({ key: o.Key!, lastModified: o.LastModified! })));
      token = page.NextContinuationToken;
    } while (token);
    return found;
  }

  /** Creates these users, each record pointing to `avatarKey(id, objectId)`; writes no object. */
  async function usersPointingTo(users: readonly User[], objectId: string) {
    await inBatches(users, async (user) => {
      await data.users.create(user);
      await data.users.replaceAvatar(user.id, {
        key: avatarKey(user.id, objectId),
        contentType: 'image/png',
        size: 1,
        // Long settled: the sweeper leaves records changed within its grace period alone.
        updatedAt: settledLongAgo,
      });
    });
  }

  /**
   * Makes the objects under these keys `ageMs` old, as S3 will report them: the S3 emulator
   * dates an object by its file's mtime. No test waits for an object to age.
   */
  async function age(keys: readonly string[], ageMs: number) {
    const when = new Date(Date.now() - ageMs);
    await inBatches(keys, (key) => {
      const parts = key.split('/');
      const file = `${parts.pop()}._S3rver_object`;
      return utimes(join(dataDir, 's3', local.avatarsBucket, ...parts, file), when, when);
    });
  }

  return {
    putObjects,
    age,
    objects,
    /** Every key in the bucket, sorted like `Array.prototype.sort` sorts the expected ones. */
    keys: async () => (await objects()).map((object) => object.key).sort(),
    /** New users with an avatar: each record points to `avatarKey(id, objectId)`, stored. */
    async usersWithAvatars(count: number, objectId: string) {
      const users = Array.from({ length: count }, aUser);
      // Records and objects live in different emulators: written side by side.
      await Promise.all([
        usersPointingTo(users, objectId),
        putObjects(users.map((user) => avatarKey(user.id, objectId))),
      ]);
      return users;
    },
    /** New users whose records point to `avatarKey(id, objectId)`, never stored. */
    async usersPointingNowhere(count: number, objectId: string) {
      const users = Array.from({ length: count }, aUser);
      await usersPointingTo(users, objectId);
      return users;
    },
    /** The avatar key each of these users' records holds now (null for none). */
    async avatarsOf(users: readonly User[]) {
      const found = await data.users.findByIds(users.map((user) => user.id));
      return users.map((user) => found.get(user.id)?.avatar?.key ?? null);
    },
    close() {
      s3.destroy();
      data.close();
    },
  };
}

export type AvatarWorld = ReturnType<typeof avatarWorld>;
