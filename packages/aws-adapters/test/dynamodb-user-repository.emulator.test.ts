import { DescribeTimeToLiveCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  DependencyUnavailableError,
  EmailTakenError,
  UserVersionMismatchError,
  type User,
} from '@platform/users-domain';
import { aUser, anAvatar, describeUserRepositoryContract } from '@platform/users-domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbUserRepository, usersTableTimeToLive } from '../src/index.js';
import { recordScannedCounts, useEmulators, type TestEmulators } from './local-emulators.js';

let env: TestEmulators;
beforeAll(async () => {
  env = await useEmulators();
});
afterAll(() => env?.stop());

describeUserRepositoryContract('DynamoDbUserRepository', async () => ({
  repository: new DynamoDbUserRepository(env.dynamoDb, await env.newUsersTable()),
}));

/** Every item in the table, user items and email reservations alike. */
async function allItems(table: string) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await env.dynamoDb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe('DynamoDbUserRepository', () => {
  it('pages newest first, each user once, reading at most a page and one item per request', async () => {
    // ScannedCount is what DynamoDB read (and bills) for a Query. The property is that it stays at
    // limit + 1 while the table holds many times that: it holds at any size, so 200 users in pages
    // of 5 (40 requests) show it as well as thousands would, in a fraction of the time.
    const [count, limit] = [200, 5];
    const client = env.newDynamoDbClient();
    const scannedPerQuery = recordScannedCounts(client);
    const users = new DynamoDbUserRepository(client, await env.newUsersTable());
    const base = Date.parse('2030-01-01T00:00:00.000Z');
    const created: User[] = Array.from({ length: count }, (_, i) =>
      aUser({ createdAt: new Date(base + i * 1000).toISOString() }),
    );
    const seen: string[] = [];
    try {
      for (let i = 0; i < count; i += 50) await Promise.all(created.slice(i, i + 50).map((u) => users.create(u)));
      let after;
      do {
        const page = await users.list({ limit, ...(after && { after }) });
        seen.push(...page.users.map((u) => u.id));
        after = page.next;
      } while (after && seen.length < count);
    } finally {
      client.destroy();
    }
    expect(seen).toEqual(created.map((u) => u.id).reverse());
    expect(scannedPerQuery).toHaveLength(count / limit);
    expect(Math.max(...scannedPerQuery)).toBeLessThanOrEqual(limit + 1);
  });

  it('never stores a user without its email reservation, or the reverse', async () => {
    const table = await env.newUsersTable();
    const users = new DynamoDbUserRepository(env.dynamoDb, table);
    // What could leave one item without the other: creates racing for one email, deletes racing
    // for one user, a delete racing an avatar upload, and a delete racing a create of the email it
    // frees. (A create during an outage writes nothing: see the outage test.)
    const email = aUser().email;
    await Promise.allSettled(Array.from({ length: 10 }, () => users.create(aUser({ email }))));
    const kept = aUser();
    await users.create(kept);
    const removed = aUser();
    await users.create(removed);
    await Promise.all([users.delete(removed.id), users.delete(removed.id), users.delete(removed.id)]);
    const uploading = aUser();
    await users.create(uploading);
    await Promise.allSettled([users.delete(uploading.id), users.replaceAvatar(uploading.id, anAvatar(uploading.id))]);
    const freed = aUser();
    await users.create(freed);
    await Promise.allSettled([users.delete(freed.id), users.create(aUser({ email: freed.email }))]);

    const items = await allItems(table);
    const userItems = items.filter((item) => String(item.pk).startsWith('USER#'));
    const reservations = items.filter((item) => String(item.pk).startsWith('EMAIL#'));
    expect(reservations.map((item) => [item.pk, item.userId]).sort()).toEqual(
      userItems.map((item) => [`EMAIL#${item.email}`, item.id]).sort(),
    );
    expect(userItems.map((item) => item.id)).toContain(kept.id);
  });

  it('moves email reservations atomically: after patches racing creates for the same emails, every reservation names its user', async () => {
    const table = await env.newUsersTable();
    const users = new DynamoDbUserRepository(env.dynamoDb, table);
    const outcomes: string[] = [];
    for (let round = 0; round < 8; round++) {
      const user = aUser();
      await users.create(user);
      const wanted = aUser();
      // The patch moves the email while a create claims it, and a second patch claims it too.
      const other = aUser();
      await users.create(other);
      const results = await Promise.allSettled([
        users.update(user.id, { email: wanted.email }),
        users.create(wanted),
        users.update(other.id, { email: wanted.email }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results)
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(EmailTakenError);
      outcomes.push(results.map((result) => result.status[0]).join(''));
    }
    const items = await allItems(table);
    const userItems = items.filter((item) => String(item.pk).startsWith('USER#'));
    const reservations = items.filter((item) => String(item.pk).startsWith('EMAIL#'));
    // No orphaned reservation (the loser's old email kept, the winner's old email freed), none missing.
    expect(reservations.map((item) => [item.pk, item.userId]).sort()).toEqual(
      userItems.map((item) => [`EMAIL#${item.email}`, item.id]).sort(),
    );
    expect(outcomes).toHaveLength(8);
  });

  it('reads a user stored before versions existed as version 0, and writes it on as 1', async () => {
    const table = await env.newUsersTable();
    const users = new DynamoDbUserRepository(env.dynamoDb, table);
    const { version: _, ...legacy } = aUser();
    await env.dynamoDb.send(new PutCommand({ TableName: table, Item: { pk: `USER#${legacy.id}`, ...legacy } }));
    await env.dynamoDb.send(
      new PutCommand({ TableName: table, Item: { pk: `EMAIL#${legacy.email}`, userId: legacy.id } }),
    );
    expect(await users.findById(legacy.id)).toEqual({ ...legacy, version: 0 });
    expect(await users.findByEmail(legacy.email)).toEqual({ ...legacy, version: 0 });
    await expect(users.update(legacy.id, { name: 'Later' }, [1])).rejects.toThrow(UserVersionMismatchError);
    expect(await users.update(legacy.id, { name: 'Later' }, [0])).toEqual({ ...legacy, name: 'Later', version: 1 });
    await expect(users.delete(legacy.id, [0])).rejects.toThrow(UserVersionMismatchError);
    const legacyAvatar = aUser();
    const { version: __, ...old } = legacyAvatar;
    await env.dynamoDb.send(new PutCommand({ TableName: table, Item: { pk: `USER#${old.id}`, ...old } }));
    const avatar = anAvatar(old.id);
    expect((await users.replaceAvatar(old.id, avatar, [0])).user).toEqual({ ...old, avatar, version: 1 });
  });

  it('finds nothing by an email whose reservation names a user that is missing or holds another email', async () => {
    const table = await env.newUsersTable();
    const users = new DynamoDbUserRepository(env.dynamoDb, table);
    const [orphan, moved] = [aUser(), aUser()];
    await users.create(moved);
    // Neither can come from the repository's transactions: written directly, as damage would leave them.
    await env.dynamoDb.send(
      new PutCommand({ TableName: table, Item: { pk: `EMAIL#${orphan.email}`, userId: orphan.id } }),
    );
    const stale = aUser().email;
    await env.dynamoDb.send(new PutCommand({ TableName: table, Item: { pk: `EMAIL#${stale}`, userId: moved.id } }));
    expect(await users.findByEmail(orphan.email)).toBeUndefined();
    expect(await users.findByEmail(stale)).toBeUndefined();
    expect(await users.findByEmail(moved.email)).toEqual(moved);
  });

  it('records an idempotency key in one item with its expiry in epoch seconds, which the TTL setting names', async () => {
    const table = await env.newUsersTable();
    await env.dynamoDb.send(
      new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: usersTableTimeToLive }),
    );
    const { TimeToLiveDescription } = await env.dynamoDb.send(new DescribeTimeToLiveCommand({ TableName: table }));
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });

    const users = new DynamoDbUserRepository(env.dynamoDb, table);
    const user = aUser();
    const expiresAt = new Date('2031-01-01T00:00:00.750Z');
    await users.create(user, { scope: 'c0ffee', key: 'key#1', fingerprint: '{"request":1}', expiresAt });
    const records = (await allItems(table)).filter((item) => String(item.pk).startsWith('IDEMPOTENCY#'));
    expect(records).toEqual([
      { pk: 'IDEMPOTENCY#c0ffee#key#1', expiresAt: 1924992000, fingerprint: '{"request":1}', user },
    ]);
  });

  it('reports DynamoDB going away as DependencyUnavailableError, then works again', async () => {
    const users = new DynamoDbUserRepository(env.dynamoDb, await env.newUsersTable());
    const existing = aUser();
    await users.create(existing);
    const user = aUser();
    await env.local.stopService('dynamodb');
    try {
      await expect(users.findById(existing.id)).rejects.toThrow(DependencyUnavailableError);
      await expect(users.create(user)).rejects.toThrow(DependencyUnavailableError);
      await expect(users.list({ limit: 5 })).rejects.toThrow(DependencyUnavailableError);
      await expect(users.findByIds([existing.id])).rejects.toThrow(DependencyUnavailableError);
      await expect(users.delete(existing.id)).rejects.toThrow(DependencyUnavailableError);
      await expect(users.replaceAvatar(existing.id, null)).rejects.toThrow(DependencyUnavailableError);
      await expect(users.detachAvatar(existing.id, 'avatars/x/y')).rejects.toThrow(DependencyUnavailableError);
      await expect(users.update(existing.id, { name: 'x' })).rejects.toThrow(DependencyUnavailableError);
      await expect(users.findByEmail(existing.email)).rejects.toThrow(DependencyUnavailableError);
    } finally {
      await env.local.startService('dynamodb');
    }
    expect(await users.findById(user.id)).toBeUndefined();
    await users.create(user);
    expect(await users.findById(user.id)).toEqual(user);
    await expect(users.create(aUser({ email: existing.email }))).rejects.toThrow(EmailTakenError);
  });
});
