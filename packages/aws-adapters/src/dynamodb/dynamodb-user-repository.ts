import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
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
  UserVersionMismatchError,
  type Avatar,
  type ExpectedVersions,
  type IdempotentCreate,
  type User,
  type UserChanges,
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
  userCondition,
  versionCondition,
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
        return fromUserItem(earlier.user as unknown as Record<string, unknown>);
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

  async findByEmail(email: string): Promise<User | undefined> {
    const { Item } = await this.call(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { pk: emailKey(email) }, ConsistentRead: true }),
      ),
    );
    const userId: unknown = Item?.userId;
    if (typeof userId !== 'string') return undefined;
    // The email may have moved between the two reads: only its holder answers.
    const user = await this.findById(userId);
    return user?.email === email ? user : undefined;
  }

  async update(id: string, changes: UserChanges, expected?: ExpectedVersions): Promise<User> {
    // A new name alone moves no reservation, so it needs no read: one conditional write says
    // whether the user exists, holds an expected version and has another name. Only when it is
    // refused does the path below read the user, to tell which (or to find a no-op).
    if (changes.email === undefined && changes.name !== undefined) {
      const renamed = await this.rename(id, changes.name, expected);
      if (renamed) return renamed;
    }
    // The write is conditioned on the version read, so a change in between (another update, an
    // avatar, a delete) cancels it and the user is read again: an If-Match is checked against
    // the version the write replaces, atomically.
    for (let attempt = 1; attempt <= transactionAttempts; attempt++) {
      const before = await this.findById(id);
      if (!before) throw new UserNotFoundError(id);
      if (expected && !expected.includes(before.version)) throw new UserVersionMismatchError(id);
      const user: User = { ...before, ...changes, version: before.version + 1 };
      if (user.name === before.name && user.email === before.email) return before;
      const condition = versionCondition([before.version]);
      const items: TransactItems = [
        {
          Update: {
            TableName: this.tableName,
            Key: { pk: userKey(id) },
            UpdateExpression: 'SET #name = :name, email = :email, #version = :next',
            ConditionExpression: condition.expression,
            ExpressionAttributeNames: { ...condition.names, '#name': 'name' },
            ExpressionAttributeValues: {
              ...condition.values,
              ':name': user.name,
              ':email': user.email,
              ':next': user.version,
            },
          },
        },
      ];
      if (user.email !== before.email) {
        items.push(
          {
            Delete: {
              TableName: this.tableName,
              Key: { pk: emailKey(before.email) },
              ConditionExpression: 'attribute_not_exists(pk) OR userId = :id',
              ExpressionAttributeValues: { ':id': id },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: emailKey(user.email), userId: id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        );
      }
      const reasons = await this.transact(items);
      if (!reasons) return user;
      if (reasons[0] === 'ConditionalCheckFailed') continue;
      if (reasons[2] === 'ConditionalCheckFailed') throw new EmailTakenError(user.email);
      throw new Error(`Updating user ${id} was cancelled: ${reasons.join(', ')}`);
    }
    throw new DependencyUnavailableError('DynamoDB', { retryAfterSeconds: 1 });
  }

  /** The user with its new name, in one conditional UpdateItem; undefined when the write was refused. */
  private async rename(id: string, name: string, expected?: ExpectedVersions): Promise<User | undefined> {
    const condition = userCondition(expected);
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: userKey(id) },
          UpdateExpression: 'SET #name = :name, #version = if_not_exists(#version, :zero) + :one',
          ConditionExpression: `${condition.expression} AND #name <> :name`,
          ExpressionAttributeNames: { ...condition.names, '#name': 'name', '#version': 'version' },
          ExpressionAttributeValues: { ...condition.values, ':name': name, ':zero': 0, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return fromUserItem(Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw translateAwsError(error, 'DynamoDB');
    }
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

  async delete(id: string, expected?: ExpectedVersions): Promise<User | undefined> {
    // The user is removed only while its avatar and version are still the ones read, so the caller
    // learns which object to clean up; when a write came in between, the user is read again.
    for (let attempt = 1; attempt <= transactionAttempts; attempt++) {
      const user = await this.findById(id);
      if (!user) return undefined;
      if (expected && !expected.includes(user.version)) throw new UserVersionMismatchError(id);
      const version = versionCondition([user.version]);
      const reasons = await this.transact([
        {
          Delete: {
            TableName: this.tableName,
            Key: { pk: userKey(id) },
            ConditionExpression: `${version.expression} AND ${
              user.avatar ? 'avatar = :avatar' : '(attribute_not_exists(avatar) OR avatar = :avatar)'
            }`,
            ExpressionAttributeNames: version.names,
            ExpressionAttributeValues: { ...version.values, ':avatar': user.avatar },
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

  async replaceAvatar(
    id: string,
    avatar: Avatar | null,
    expected?: ExpectedVersions,
  ): Promise<{ user: User; replaced: Avatar | null }> {
    const condition = expected && versionCondition(expected);
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: userKey(id) },
          UpdateExpression: 'SET avatar = :avatar, #version = if_not_exists(#version, :zero) + :one',
          ConditionExpression: condition?.expression ?? 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ...condition?.values, ':avatar': avatar, ':zero': 0, ':one': 1 },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const before = fromUserItem(Attributes ?? {});
      return { user: { ...before, avatar, version: before.version + 1 }, replaced: before.avatar };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw translateAwsError(error, 'DynamoDB');
      // Refused: either there is no such user, or its version is not the one expected.
      if (expected && (await this.findById(id))) throw new UserVersionMismatchError(id);
      throw new UserNotFoundError(id);
    }
  }

  async clearAvatar(id: string, expected?: ExpectedVersions): Promise<{ user: User; removed: Avatar | null }> {
    // One conditional write says whether the user exists, holds an expected version and has an
    // avatar; only when it is refused is the user read, to tell which.
    const condition = userCondition(expected);
    for (let attempt = 1; attempt <= transactionAttempts; attempt++) {
      try {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: userKey(id) },
            UpdateExpression: 'SET avatar = :none, #version = if_not_exists(#version, :zero) + :one',
            ConditionExpression: `${condition.expression} AND attribute_type(avatar, :map)`,
            ExpressionAttributeNames: { ...condition.names, '#version': 'version' },
            ExpressionAttributeValues: { ...condition.values, ':none': null, ':map': 'M', ':zero': 0, ':one': 1 },
            ReturnValues: 'ALL_OLD',
          }),
        );
        const before = fromUserItem(Attributes ?? {});
        return { user: { ...before, avatar: null, version: before.version + 1 }, removed: before.avatar };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw translateAwsError(error, 'DynamoDB');
      }
      const user = await this.findById(id);
      if (!user) throw new UserNotFoundError(id);
      if (expected && !expected.includes(user.version)) throw new UserVersionMismatchError(id);
      if (!user.avatar) return { user, removed: null };
      // An avatar was attached between the refused write and the read: write again.
    }
    throw new DependencyUnavailableError('DynamoDB', { retryAfterSeconds: 1 });
  }

  async detachAvatar(id: string, key: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: userKey(id) },
          UpdateExpression: 'SET avatar = :none, #version = if_not_exists(#version, :zero) + :one',
          ConditionExpression: 'avatar.#key = :key',
          ExpressionAttributeNames: { '#key': 'key', '#version': 'version' },
          ExpressionAttributeValues: { ':none': null, ':key': key, ':zero': 0, ':one': 1 },
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
