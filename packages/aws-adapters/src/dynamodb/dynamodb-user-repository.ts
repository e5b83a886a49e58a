import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  DependencyUnavailableError,
  EmailTakenError,
  IdempotencyKeyReusedError,
  UserNotFoundError,
  type Avatar,
  type IdempotentCreate,
  type User,
  type UserPage,
  type UserPosition,
  type UserRepository,
} from '@platform/users-domain';
import { translateAwsError } from '../aws-errors.js';
import {
  emailKey,
  epochSeconds,
  expiryAttribute,
  fromUserItem,
  idempotencyItemKey,
  toIdempotencyItem,
  toUserItem,
  userKey,
  type IdempotencyItem,
} from './user-items.js';
import { UserListingIndex } from './user-listing.js';

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

const transactionAttempts = 8;
/** Keys per BatchGetItem request, DynamoDB's limit. */
const batchGetLimit = 100;

/**
 * Users in one DynamoDB table. Email uniqueness is enforced by DynamoDB itself: the user item and
 * its `EMAIL#` reservation are written in one conditional transaction, never read-then-write.
 */
export class DynamoDbUserRepository implements UserRepository {
  private readonly listing: UserListingIndex;

  /** `listingShards`: how many index partitions the listing is spread over (see UserListingIndex). */
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    { listingShards = 1 }: { listingShards?: number } = {},
  ) {
    this.listing = new UserListingIndex(listingShards);
  }

  async create(user: User, idempotency?: IdempotentCreate): Promise<User> {
    const now = epochSeconds(user.createdAt);
    const items: TransactItems = [
      {
        Put: {
          TableName: this.tableName,
          Item: toUserItem(user, this.listing.keysOf(user)),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { pk: emailKey(user.email), userId: user.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (idempotency) {
      // An expired record that TTL has not deleted yet counts as absent, so it is overwritten.
      items.push({
        Put: {
          TableName: this.tableName,
          Item: toIdempotencyItem(idempotency, user),
          ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt <= :now',
          ExpressionAttributeNames: { '#expiresAt': expiryAttribute },
          ExpressionAttributeValues: { ':now': now },
        },
      });
    }
    for (let attempt = 1; attempt <= transactionAttempts; attempt++) {
      const reasons = await this.transact(items);
      if (!reasons) return user;
      if (idempotency && reasons[2] === 'ConditionalCheckFailed') {
        const earlier = await this.findIdempotencyRecord(idempotency, now);
        // Refused for a record that has expired or gone since: write again.
        if (!earlier) continue;
        if (earlier.fingerprint !== idempotency.fingerprint) throw new IdempotencyKeyReusedError();
        return earlier.user;
      }
      if (reasons[1] === 'ConditionalCheckFailed') throw new EmailTakenError(user.email);
      throw new Error(`Creating user ${user.id} was cancelled: ${reasons.join(', ')}`);
    }
    throw new DependencyUnavailableError('DynamoDB', { retryAfterSeconds: 1 });
  }

  /** The caller's record of this key, read consistently, unless it has expired by `now` (epoch seconds). */
  private async findIdempotencyRecord(idempotency: IdempotentCreate, now: number) {
    const { Item } = await this.call(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: idempotencyItemKey(idempotency) },
          ConsistentRead: true,
        }),
      ),
    );
    const record = Item as IdempotencyItem | undefined;
    return record && record[expiryAttribute] > now ? record : undefined;
  }

  async findById(id: string): Promise<User | undefined> {
    const { Item } = await this.call(() =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: userKey(id) }, ConsistentRead: true })),
    );
    return Item && fromUserItem(Item);
  }

  async findByIds(ids: readonly string[]): Promise<ReadonlyMap<string, User>> {
    const found = new Map<string, User>();
    // BatchGetItem refuses a request that names a key twice.
    const distinct = [...new Set(ids)];
    for (let i = 0; i < distinct.length; i += batchGetLimit) {
      let keys: Record<string, unknown>[] | undefined = distinct
        .slice(i, i + batchGetLimit)
        .map((id) => ({ pk: userKey(id) }));
      // DynamoDB may leave keys unprocessed under load; ask again for those until none is left.
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
        const request = { [this.tableName]: { Keys: keys, ConsistentRead: true } };
        const output: BatchGetCommandOutput = await this.call(() =>
          this.client.send(new BatchGetCommand({ RequestItems: request })),
        );
        const { Responses, UnprocessedKeys } = output;
        for (const item of Responses?.[this.tableName] ?? []) {
          const user = fromUserItem(item);
          found.set(user.id, user);
        }
        keys = UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  list(page: { limit: number; after?: UserPosition }): Promise<UserPage> {
    return this.listing.page((operation) => this.call(operation), this.client, this.tableName, page);
  }

  async delete(id: string): Promise<User | undefined> {
    // The user is removed only while its avatar is still the one read, so the caller learns which
    // object to clean up; when an upload replaced it in between, the user is read again.
    for (let attempt = 1; attempt <= transactionAttempts; attempt++) {
      const user = await this.findById(id);
      if (!user) return undefined;
      const reasons = await this.transact([
        {
          Delete: {
            TableName: this.tableName,
            Key: { pk: userKey(id) },
            ConditionExpression: user.avatar
              ? 'avatar = :avatar'
              : 'attribute_exists(pk) AND (attribute_not_exists(avatar) OR avatar = :avatar)',
            ExpressionAttributeValues: { ':avatar': user.avatar },
          },
        },
        {
          Delete: {
            TableName: this.tableName,
            Key: { pk: emailKey(user.email) },
            ConditionExpression: 'attribute_not_exists(pk) OR userId = :id',
            ExpressionAttributeValues: { ':id': id },
          },
        },
      ]);
      if (!reasons) return user;
      if (reasons[0] !== 'ConditionalCheckFailed') {
        throw new Error(`Deleting user ${id} was cancelled: ${reasons.join(', ')}`);
      }
    }
    throw new DependencyUnavailableError('DynamoDB', { retryAfterSeconds: 1 });
  }

  async replaceAvatar(id: string, avatar: Avatar | null): Promise<{ user: User; replaced: Avatar | null }> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: userKey(id) },
          UpdateExpression: 'SET avatar = :avatar',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':avatar': avatar },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const before = fromUserItem(Attributes ?? {});
      return { user: { ...before, avatar }, replaced: before.avatar };
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') throw new UserNotFoundError(id);
      throw translateAwsError(error, 'DynamoDB');
    }
  }

  async detachAvatar(id: string, key: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: userKey(id) },
          UpdateExpression: 'SET avatar = :none',
          ConditionExpression: 'avatar.#key = :key',
          ExpressionAttributeNames: { '#key': 'key' },
          ExpressionAttributeValues: { ':none': null, ':key': key },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw translateAwsError(error, 'DynamoDB');
    }
  }

  /** Answers when the table can be reached, for readiness. */
  async ping(): Promise<void> {
    await this.call(() =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: userKey('readiness-probe') } })),
    );
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw translateAwsError(error, 'DynamoDB');
    }
  }

  /**
   * Runs a write transaction. Returns undefined when it committed, or the per-item cancellation
   * codes when a condition failed. Transactions that collide with another one in flight are tried
   * again with jittered back-off, so concurrent creates settle on exactly one winner.
   */
  private async transact(items: TransactItems) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return undefined;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw translateAwsError(error, 'DynamoDB');
        const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
        if (!codes.includes('TransactionConflict')) return codes;
        if (attempt === transactionAttempts) {
          throw new DependencyUnavailableError('DynamoDB', { cause: error, retryAfterSeconds: 1 });
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
      }
    }
  }
}
