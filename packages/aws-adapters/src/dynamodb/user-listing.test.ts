import type { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { User, UserPage, UserPosition } from '@platform/users-domain';
import { aUser } from '@platform/users-domain/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toUserItem, type UserItem } from './user-items.js';
import { UserListingIndex, listingPartition, listingShardOf, maxListingShards } from './user-listing.js';

/**
 * A stand-in for DynamoDB's Query on the `byCreatedAt` index, at the protocol level: it reads the
 * command's key condition (`gsi1pk = :partition`, optionally `AND gsi1sk < :after`), orders by the
 * sort key as `ScanIndexForward: false` does and stops at `Limit`. The same properties are proven
 * against DynamoDB Local in test/user-listing.emulator.test.ts; this one runs them by the hundred.
 */
function indexStandIn(items: readonly UserItem[]) {
  const queries: QueryCommand['input'][] = [];
  const client = {
    async send(command: QueryCommand) {
      const input = command.input;
      queries.push(input);
      const values = input.ExpressionAttributeValues ?? {};
      expect(input.KeyConditionExpression).toMatch(/^gsi1pk = :partition( AND gsi1sk < :after)?$/);
      expect(input.ScanIndexForward).toBe(false);
      const matching = items
        .filter((item) => item.gsi1pk === values[':partition'])
        .filter((item) => values[':after'] === undefined || item.gsi1sk < String(values[':after']))
        .sort((a, b) => (a.gsi1sk < b.gsi1sk ? 1 : -1));
      return { Items: matching.slice(0, input.Limit) };
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, queries };
}

const direct = <T>(operation: () => Promise<T>) => operation();

/** Every page of the listing from the start, as the API's clients walk it. */
async function walk(index: UserListingIndex, users: readonly User[], limit: number) {
  const { client, queries } = indexStandIn(users.map((user) => toUserItem(user, index.keysOf(user))));
  const pages: UserPage[] = [];
  let after: UserPosition | undefined;
  do {
    const page = await index.page(direct, client, 'users', { limit, ...(after && { after }) });
    pages.push(page);
    after = page.next;
  } while (after && pages.length <= users.length + 1);
  return { pages, queries };
}

const base = Date.parse('2030-01-01T00:00:00.000Z');
/** Users over a few seconds, so that many share a createdAt and the id decides their order. */
const usersArbitrary = fc.array(
  fc.nat(20).map((second) => aUser({ createdAt: new Date(base + second * 1000).toISOString() })),
  { maxLength: 40 },
);

describe('UserListingIndex', () => {
  it('keeps the partition key of the layout before sharding for shard 0, and numbers the others', () => {
    expect([0, 1, 7].map(listingPartition)).toEqual(['USERS', 'USERS#1', 'USERS#7']);
    const user = aUser();
    expect(new UserListingIndex(1).keysOf(user)).toEqual({
      gsi1pk: 'USERS',
      gsi1sk: `${user.createdAt}#${user.id}`,
    });
  });

  it('puts a user in the same shard every time, and spreads users evenly over the shards', () => {
    const ids = Array.from({ length: 8_000 }, () => aUser().id);
    const perShard = Array.from({ length: 8 }, () => 0);
    for (const id of ids) {
      const shard = listingShardOf(id, 8);
      expect(listingShardOf(id, 8)).toBe(shard);
      perShard[shard]!++;
    }
    // 1,000 expected per shard; a fair hash stays within ±15% (about 5 standard deviations).
    for (const count of perShard) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1_150);
    }
    expect(new Set(ids.map((id) => new UserListingIndex(8).keysOf(aUser({ id })).gsi1pk)).size).toBe(8);
  });

  it.each([0, maxListingShards + 1, 2.5])('refuses %s shards', (shards) => {
    expect(() => new UserListingIndex(shards)).toThrow(RangeError);
  });

  it('walks the same pages with 8 shards as with 1: same users, same order, same boundaries, no cursor on the last', async () => {
    await fc.assert(
      fc.asyncProperty(usersArbitrary, fc.integer({ min: 1, max: 7 }), async (users, limit) => {
        const one = await walk(new UserListingIndex(1), users, limit);
        const eight = await walk(new UserListingIndex(8), users, limit);
        expect(eight.pages).toEqual(one.pages);
        const expected = [...users].sort((a, b) =>
          a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
        );
        expect(one.pages.flatMap((page) => page.users.map((user) => user.id))).toEqual(expected.map((user) => user.id));
        expect(one.pages.at(-1)).not.toHaveProperty('next');
      }),
      { numRuns: 200 },
    );
  });

  it('asks each shard for one page and one item, and never more', async () => {
    const users = Array.from({ length: 30 }, () => aUser());
    const { queries } = await walk(new UserListingIndex(8), users, 5);
    expect(queries.length % 8).toBe(0);
    expect(new Set(queries.map((query) => query.ExpressionAttributeValues?.[':partition'])).size).toBe(8);
    for (const query of queries) expect(query.Limit).toBe(6);
  });

  it('still lists users written with 1 shard after growing to 8', async () => {
    const before = Array.from({ length: 12 }, (_, i) => aUser({ createdAt: new Date(base + i * 1000).toISOString() }));
    const after = Array.from({ length: 12 }, (_, i) =>
      aUser({ createdAt: new Date(base + 500 + i * 1000).toISOString() }),
    );
    const [one, eight] = [new UserListingIndex(1), new UserListingIndex(8)];
    const items = [
      ...before.map((user) => toUserItem(user, one.keysOf(user))),
      ...after.map((user) => toUserItem(user, eight.keysOf(user))),
    ];
    const { client } = indexStandIn(items);
    const listed: User[] = [];
    let next: UserPosition | undefined;
    do {
      const page = await eight.page(direct, client, 'users', { limit: 5, ...(next && { after: next }) });
      listed.push(...page.users);
      next = page.next;
    } while (next);
    expect(listed.map((user) => user.id).sort()).toEqual([...before, ...after].map((user) => user.id).sort());
    expect(listed.map((user) => user.createdAt)).toEqual(
      listed
        .map((user) => user.createdAt)
        .sort()
        .reverse(),
    );
  });
});
