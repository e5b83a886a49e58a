// The sharded listing against DynamoDB Local: the pages a client walks are the same with 8 shards
// as with 1, users written before the shards grew are still listed, and a page reads at most
// limit + 1 items from each shard. src/dynamodb/user-listing.test.ts runs the same properties by
// the hundred against a stand-in; these runs prove the stand-in right on the real query engine.
import type { User, UserPosition, UserRepository } from '@platform/users-domain';
import { aUser, describeUserRepositoryContract } from '@platform/users-domain/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbUserRepository } from '../src/index.js';
import { recordScannedCounts, useEmulators, type TestEmulators } from './local-emulators.js';

let env: TestEmulators;
beforeAll(async () => {
  env = await useEmulators();
});
afterAll(() => env?.stop());

describeUserRepositoryContract('DynamoDbUserRepository with 8 listing shards', async () => ({
  repository: new DynamoDbUserRepository(env.dynamoDb, await env.newUsersTable(), { listingShards: 8 }),
}));

/** The ids on each page of a full walk of the listing, and whether each page has a cursor. */
async function walk(users: UserRepository, limit: number) {
  const pages: { ids: string[]; next: boolean }[] = [];
  let after: UserPosition | undefined;
  do {
    const page = await users.list({ limit, ...(after && { after }) });
    pages.push({ ids: page.users.map((user) => user.id), next: page.next !== undefined });
    after = page.next;
  } while (after && pages.length < 1_000);
  return pages;
}

const base = Date.parse('2030-01-01T00:00:00.000Z');
const newestFirst = (users: readonly User[]) =>
  [...users]
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
    .map((user) => user.id);

describe('the sharded listing on DynamoDB', () => {
  it('walks the same pages with 8 shards as with 1, for random users and limits', async () => {
    // Few seconds apart, so that many users share a createdAt and the id decides their order.
    const usersArbitrary = fc.array(
      fc.nat(15).map((second) => aUser({ createdAt: new Date(base + second * 1000).toISOString() })),
      { minLength: 1, maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(usersArbitrary, async (created) => {
        const one = new DynamoDbUserRepository(env.dynamoDb, await env.newUsersTable());
        const eight = new DynamoDbUserRepository(env.dynamoDb, await env.newUsersTable(), { listingShards: 8 });
        await Promise.all(created.flatMap((user) => [one.create(user), eight.create(user)]));
        for (const limit of [1, 3, 7, created.length, created.length + 1]) {
          const pages = await walk(one, limit);
          expect(await walk(eight, limit)).toEqual(pages);
          expect(pages.flatMap((page) => page.ids)).toEqual(newestFirst(created));
          expect(pages.at(-1)?.next).toBe(false);
        }
      }),
      { numRuns: 4 },
    );
  });

  it('still lists the users written with 1 shard after growing to 8, in order', async () => {
    const table = await env.newUsersTable();
    const before = Array.from({ length: 15 }, (_, i) => aUser({ createdAt: new Date(base + i * 1000).toISOString() }));
    const after = Array.from({ length: 15 }, (_, i) =>
      aUser({ createdAt: new Date(base + 500 + i * 1000).toISOString() }),
    );
    const one = new DynamoDbUserRepository(env.dynamoDb, table);
    await Promise.all(before.map((user) => one.create(user)));
    const eight = new DynamoDbUserRepository(env.dynamoDb, table, { listingShards: 8 });
    await Promise.all(after.map((user) => eight.create(user)));
    const pages = await walk(eight, 4);
    expect(pages.flatMap((page) => page.ids)).toEqual(newestFirst([...before, ...after]));
    expect(pages).toHaveLength(Math.ceil(30 / 4));
  });

  it('reads at most limit + 1 items from each shard for a page, with each shard queried once', async () => {
    const client = env.newDynamoDbClient();
    const scannedPerQuery = recordScannedCounts(client);
    const [count, limit, shards] = [120, 5, 8];
    const users = new DynamoDbUserRepository(client, await env.newUsersTable(), { listingShards: shards });
    const created = Array.from({ length: count }, (_, i) =>
      aUser({ createdAt: new Date(base + i * 1000).toISOString() }),
    );
    try {
      for (let i = 0; i < count; i += 40) await Promise.all(created.slice(i, i + 40).map((u) => users.create(u)));
      const pages = await walk(users, limit);
      expect(pages.flatMap((page) => page.ids)).toEqual(newestFirst(created));
      expect(scannedPerQuery).toHaveLength((count / limit) * shards);
      expect(Math.max(...scannedPerQuery)).toBeLessThanOrEqual(limit + 1);
    } finally {
      client.destroy();
    }
  });
});
