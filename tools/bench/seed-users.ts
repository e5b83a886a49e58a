import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { UserListingIndex, createDynamoDbClient } from '@platform/aws-adapters';
import type { EmbeddedAws } from '@platform/users-emulators';

/** Creates `count` users with POST /users, `concurrency` at a time; resolves with their ids. */
export async function seedThroughApi(options: {
  url: string;
  apiKey: string;
  count: number;
  concurrency: number;
  emailPrefix: string;
}): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.count) {
      const n = next++;
      const response = await fetch(`${options.url}/users`, {
        method: 'POST',
        headers: { 'x-api-key': options.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench User ${n}`, email: `${options.emailPrefix}-${n}@example.com` }),
      });
      const body = (await response.json()) as { id?: string };
      if (response.status !== 201 || !body.id)
        throw new Error(`POST /users answered ${response.status}: ${JSON.stringify(body)}`);
      ids.push(body.id);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return ids;
}

const itemsPerBatch = 25; // DynamoDB's BatchWriteItem limit

/**
 * Writes users straight into the table, in the layout of `DynamoDbUserRepository` (a `USER#<id>`
 * item on the listing index, spread over `listingShards` index partitions as the API spreads them,
 * and an `EMAIL#<email>` reservation), with BatchWriteItem, `concurrency` requests at a time. Their creation times are before `olderThan`, one millisecond apart. Much
 * faster than the API (no transactions); `checkSeededUser` proves the API reads what it wrote.
 */
export async function seedDirectly(
  aws: EmbeddedAws,
  options: {
    count: number;
    concurrency: number;
    emailPrefix: string;
    olderThan: Date;
    listingShards: number;
    /** The avatar each user gets (its key), or none when absent. */
    avatarKeyOf?: (id: string) => string;
  },
): Promise<{ sampleId: string; sampleEmail: string }> {
  const client = createDynamoDbClient({
    region: aws.region,
    endpoint: aws.dynamoDbEndpoint,
    credentials: aws.credentials,
    maxAttempts: 5,
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: 60_000,
  });
  const start = options.olderThan.getTime() - options.count - 1;
  const listing = new UserListingIndex(options.listingShards);
  // Each user is two items: the user on the listing index, and the reservation of its email.
  const userItems = function* (): Generator<{ item: Record<string, unknown>; user?: { id: string; email: string } }> {
    for (let n = 0; n < options.count; n++) {
      const id = randomUUID();
      const email = `${options.emailPrefix}-${n}@example.com`;
      const createdAt = new Date(start + n).toISOString();
      const item = {
        pk: `USER#${id}`,
        ...listing.keysOf({ id, createdAt }),
        id,
        name: `Bench User ${n}`,
        email,
        createdAt,
        avatar: options.avatarKeyOf
          ? { key: options.avatarKeyOf(id), contentType: 'image/png', size: 1, updatedAt: createdAt }
          : null,
      };
      yield { item, user: { id, email } };
      yield { item: { pk: `EMAIL#${email}`, userId: id } };
    }
  };
  const items = userItems();
  let sample: { sampleId: string; sampleEmail: string } | undefined;
  const worker = async () => {
    for (;;) {
      const batch: Record<string, unknown>[] = [];
      for (let i = 0; i < itemsPerBatch; i++) {
        const next = items.next();
        if (next.done) break;
        batch.push(next.value.item);
        if (next.value.user) sample ??= { sampleId: next.value.user.id, sampleEmail: next.value.user.email };
      }
      if (batch.length === 0) return;
      let unprocessed: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; unprocessed && unprocessed.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 20 * 2 ** attempt)));
        const output: BatchWriteCommandOutput = await client.send(
          new BatchWriteCommand({ RequestItems: { [aws.usersTable]: unprocessed } }),
        );
        unprocessed = output.UnprocessedItems?.[aws.usersTable];
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    client.destroy();
  }
  if (!sample) throw new Error('seeded no user');
  return sample;
}

/**
 * Guards against the bench's copy of the table layout drifting from the adapter's: the API must
 * find a user written directly, and refuse its email as taken.
 */
export async function checkSeededUser(options: {
  url: string;
  apiKey: string;
  id: string;
  email: string;
}): Promise<void> {
  const headers = { 'x-api-key': options.apiKey, 'content-type': 'application/json' };
  const found = await fetch(`${options.url}/users/${options.id}`, { headers });
  const user = (await found.json()) as { email?: string };
  if (found.status !== 200 || user.email !== options.email) {
    throw new Error(
      `a user written directly is not what the API reads (GET answered ${found.status}): has the table layout changed?`,
    );
  }
  const taken = await fetch(`${options.url}/users`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'Taken', email: options.email }),
  });
  await taken.body?.cancel();
  if (taken.status !== 409)
    throw new Error(
      `the email reservation written directly is not honoured (POST answered ${taken.status}): has the table layout changed?`,
    );
}
