// The emulated bucket and users table as the tests see them: objects and records written in bulk,
// and the state read back with a plain S3 client (not through the adapter under test).
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { connectUsersData } from '@platform/aws-adapters';
import { avatarKey, type User } from '@platform/users-domain';
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
  return { id, name: 'u', email: `${id}@example.com`, createdAt: new Date().toISOString(), avatar: null };
}

/** Keys no user record references: objects of users deleted since, or of uploads not completed yet. */
export const unreferencedKeys = (count: number, objectId: string) =>
  Array.from({ length: count }, () => avatarKey(crypto.randomUUID(), objectId));

export function avatarWorld(local: EmbeddedAws) {
  const s3 = new S3Client({
    region: local.region,
    endpoint: local.s3Endpoint,
    forcePathStyle: true,
    credentials: local.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const data = connectUsersData(embeddedAwsConfig(local), { credentials: local.credentials });

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
        updatedAt: 't',
      });
    });
  }

  return {
    putObjects,
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
