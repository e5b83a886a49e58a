import { createHash } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UserPage, UserPosition } from '@platform/users-domain';
import { fromUserItem } from './user-items.js';
import { usersByCreatedAtIndex } from './users-table.js';

/** How many listing partitions a table may be configured with (see docs/scaling.md). */
export const maxListingShards = 64;
/**
 * The default: one partition, the layout before sharding, so a page is one query. It takes about
 * 1,000 user-item writes a second; a deployment expecting more sets a larger count (the charts'
 * `aws.usersListingShards`; docs/scaling.md has the arithmetic).
 */
export const defaultListingShards = 1;

/**
 * The index partition key of listing shard `shard`. Shard 0 keeps `USERS`, the one partition
 * before sharding, so a table written with one shard needs nothing migrated when shards are added.
 */
export const listingPartition = (shard: number) => (shard === 0 ? 'USERS' : `USERS#${shard}`);

/** The shard a user's listing entry goes to: a stable function of its id, spread evenly by SHA-256. */
export function listingShardOf(id: string, shards: number): number {
  if (shards === 1) return 0;
  return createHash('sha256').update(id).digest().readUInt32BE(0) % shards;
}

/** The index sort key: ISO timestamps have one width, so its order is (createdAt, id). */
const listingSortKey = (position: UserPosition) => `${position.createdAt}#${position.id}`;

/**
 * The listing index's keys on a user item, and pages read from it. Users are spread over
 * `shards` index partitions (write sharding: each partition key takes at most 1,000 writes a
 * second); a page queries every shard in parallel and merges them newest first. The count may
 * grow but must never shrink: users in a dropped shard would vanish from the listing.
 */
export class UserListingIndex {
  constructor(readonly shards = 1) {
    if (!Number.isInteger(shards) || shards < 1 || shards > maxListingShards) {
      throw new RangeError(`listing shards must be a whole number from 1 to ${maxListingShards}, not ${shards}`);
    }
  }

  /** The index attributes a user item carries; they depend only on the id and createdAt, which never change. */
  keysOf(user: UserPosition) {
    return { gsi1pk: listingPartition(listingShardOf(user.id, this.shards)), gsi1sk: listingSortKey(user) };
  }

  /**
   * A page of users, newest first; `send` runs a command and translates AWS errors. Reads at
   * most `shards × (limit + 1)` items: the first `limit + 1` users after `after` are among the
   * first `limit + 1` of their own shard, so that many from each shard are enough.
   */
  async page(
    send: <T>(operation: () => Promise<T>) => Promise<T>,
    client: DynamoDBDocumentClient,
    tableName: string,
    { limit, after }: { limit: number; after?: UserPosition },
  ): Promise<UserPage> {
    const shardPages = await Promise.all(
      Array.from({ length: this.shards }, (_, shard) =>
        send(() =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: usersByCreatedAtIndex,
              KeyConditionExpression: after ? 'gsi1pk = :partition AND gsi1sk < :after' : 'gsi1pk = :partition',
              ExpressionAttributeValues: {
                ':partition': listingPartition(shard),
                ...(after && { ':after': listingSortKey(after) }),
              },
              ScanIndexForward: false,
              // One item more than asked tells whether another page exists, so the last page has no cursor.
              Limit: limit + 1,
            }),
          ),
        ),
      ),
    );
    const items = shardPages.flatMap(({ Items = [] }) => Items);
    // Each shard's items are newest first already; one shard needs no sort (and keeps DynamoDB's order).
    if (this.shards > 1) items.sort((a, b) => (String(a.gsi1sk) < String(b.gsi1sk) ? 1 : -1));
    const users = items.slice(0, limit).map(fromUserItem);
    const last = users.at(-1);
    return items.length > limit && last ? { users, next: { createdAt: last.createdAt, id: last.id } } : { users };
  }
}
