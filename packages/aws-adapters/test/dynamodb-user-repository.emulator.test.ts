import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError, EmailTakenError, UserNotFoundError, type User } from '@platform/users-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbUserRepository } from '../src/index.js';
import { aUser, startEmulators } from './local-emulators.js';

let env: Awaited<ReturnType<typeof startEmulators>>;
let users: DynamoDbUserRepository;
let dataDir: string;
/** How many items each Query evaluated, as DynamoDB reports it. */
const scannedPerQuery: number[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'adapters-dynamodb-'));
  env = await startEmulators({ dataDir });
  env.dynamoDb.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const scanned = (result.output as { ScannedCount?: number }).ScannedCount;
      if (scanned !== undefined) scannedPerQuery.push(scanned);
      return result;
    },
    { step: 'initialize', name: 'countScanned' },
  );
  users = new DynamoDbUserRepository(env.dynamoDb, env.local.usersTable);
});
afterAll(async () => {
  await env?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function allItems() {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await env.dynamoDb.send(
      new ScanCommand({ TableName: env.local.usersTable, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe('DynamoDbUserRepository', () => {
  it('stores a user and finds it by id', async () => {
    const user = aUser();
    await users.create(user);
    expect(await users.findById(user.id)).toEqual(user);
    expect(await users.findById(crypto.randomUUID())).toBeUndefined();
  });

  it('lets exactly one of 50 concurrent creates with one email succeed, by a conditional transaction', async () => {
    const email = aUser().email;
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => users.create({ ...aUser(), email })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect(result.reason).toBeInstanceOf(EmailTakenError);
    }
  });

  it('deletes a user with its email reservation, so the email is free again', async () => {
    const user = aUser();
    await users.create(user);
    expect(await users.delete(user.id)).toEqual(user);
    expect(await users.delete(user.id)).toBeUndefined();
    await expect(users.create({ ...aUser(), email: user.email })).resolves.toBeUndefined();
  });

  it('replaces the avatar atomically and returns the one it replaced', async () => {
    const user = aUser();
    await users.create(user);
    const first = { key: `avatars/${user.id}/1`, contentType: 'image/png' as const, size: 10, updatedAt: 't1' };
    const second = { ...first, key: `avatars/${user.id}/2` };
    expect(await users.replaceAvatar(user.id, first)).toEqual({ user: { ...user, avatar: first }, replaced: null });
    expect(await users.replaceAvatar(user.id, second)).toEqual({ user: { ...user, avatar: second }, replaced: first });
    expect((await users.findById(user.id))?.avatar).toEqual(second);
    await expect(users.replaceAvatar(crypto.randomUUID(), first)).rejects.toThrow(UserNotFoundError);
  });

  it('finds many users at once, skipping ids that do not exist', async () => {
    const created = Array.from({ length: 130 }, () => aUser());
    for (let i = 0; i < created.length; i += 25)
      await Promise.all(created.slice(i, i + 25).map((u) => users.create(u)));
    const missing = crypto.randomUUID();
    const found = await users.findByIds([...created.map((u) => u.id), missing]);
    expect(found.size).toBe(130);
    expect(found.get(created[129]!.id)).toEqual(created[129]);
    expect(found.has(missing)).toBe(false);
  });

  it('detaches an avatar only while the record still points to that object', async () => {
    const user = aUser();
    await users.create(user);
    const avatar = { key: `avatars/${user.id}/1`, contentType: 'image/png' as const, size: 1, updatedAt: 't' };
    await users.replaceAvatar(user.id, avatar);
    expect(await users.detachAvatar(user.id, `avatars/${user.id}/other`)).toBe(false);
    expect((await users.findById(user.id))?.avatar).toEqual(avatar);
    expect(await users.detachAvatar(user.id, avatar.key)).toBe(true);
    expect((await users.findById(user.id))?.avatar).toBeNull();
    expect(await users.detachAvatar(user.id, avatar.key)).toBe(false);
    expect(await users.detachAvatar(crypto.randomUUID(), avatar.key)).toBe(false);
  });

  it('pages through thousands of users newest first, each once, reading only a page per request', async () => {
    const base = Date.parse('2030-01-01T00:00:00.000Z');
    const created: User[] = Array.from({ length: 2_500 }, (_, i) => aUser(new Date(base + i * 1000).toISOString()));
    for (let i = 0; i < created.length; i += 50)
      await Promise.all(created.slice(i, i + 50).map((u) => users.create(u)));

    scannedPerQuery.length = 0;
    const seen: string[] = [];
    let after;
    do {
      const page = await users.list({ limit: 100, ...(after && { after }) });
      seen.push(...page.users.map((u) => u.id));
      after = page.next;
    } while (after && seen.length < 2_500);
    expect(seen.slice(0, 2_500)).toEqual(created.map((u) => u.id).reverse());
    expect(Math.max(...scannedPerQuery)).toBeLessThanOrEqual(101);
  }, 120_000);

  it('never stores a user without its email reservation, or the reverse', async () => {
    const items = await allItems();
    const userIds = items.filter((i) => String(i.pk).startsWith('USER#')).map((i) => i.id);
    const reservedFor = items.filter((i) => String(i.pk).startsWith('EMAIL#')).map((i) => i.userId);
    expect(reservedFor.sort()).toEqual(userIds.sort());
  });

  it('reports DynamoDB going away as DependencyUnavailableError, then works again', async () => {
    const user = aUser();
    await env.local.stopService('dynamodb');
    try {
      await expect(users.findById(user.id)).rejects.toThrow(DependencyUnavailableError);
      await expect(users.create(user)).rejects.toThrow(DependencyUnavailableError);
      await expect(users.list({ limit: 5 })).rejects.toThrow(DependencyUnavailableError);
    } finally {
      await env.local.startService('dynamodb');
    }
    expect(await users.findById(user.id)).toBeUndefined();
    await users.create(user);
    expect(await users.findById(user.id)).toEqual(user);
  });
});
