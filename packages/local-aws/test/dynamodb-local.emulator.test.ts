// Starts real DynamoDB Local processes (java) on random ports.
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EmulatorStartError, startDynamoDbLocal, type RunningEmulator } from '../src/index.js';

function clientFor(emulator: RunningEmulator): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: emulator.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

async function createUsersTable(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: 'users',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

describe('DynamoDB Local in memory', () => {
  let emulator: RunningEmulator;
  let client: DynamoDBClient;

  beforeAll(async () => {
    emulator = await startDynamoDbLocal();
    client = clientFor(emulator);
    await createUsersTable(client);
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  test('listens on a random loopback endpoint', () => {
    expect(emulator.endpoint).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.port).toBeGreaterThan(0);
  });

  test('puts and gets an item', async () => {
    await client.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'u1' }, name: { S: 'Ada' } } }));
    const { Item } = await client.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'u1' } } }));
    expect(Item).toEqual({ id: { S: 'u1' }, name: { S: 'Ada' } });
  });

  test('cancels a TransactWriteItems whose condition fails, with per-item reasons', async () => {
    await client.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'taken' } } }));
    const transaction = new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: 'users', Item: { id: { S: 'fresh' } }, ConditionExpression: 'attribute_not_exists(id)' } },
        { Put: { TableName: 'users', Item: { id: { S: 'taken' } }, ConditionExpression: 'attribute_not_exists(id)' } },
      ],
    });

    const error = await client.send(transaction).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(TransactionCanceledException);
    const reasons = (error as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code);
    expect(reasons).toEqual(['None', 'ConditionalCheckFailed']);
    const { Item } = await client.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'fresh' } } }));
    expect(Item).toBeUndefined();
  });

  test('rejects clearly when the port is taken', async () => {
    const error = await startDynamoDbLocal({ port: emulator.port }).then(
      async (unexpected) => unexpected.stop(),
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(EmulatorStartError);
    expect((error as Error).message).toBe(
      `DynamoDB Local cannot listen on port ${emulator.port}: it is already in use`,
    );
  });
});

describe('DynamoDB Local with a data directory', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'local-aws-test-')), 'dynamodb');
  });
  afterAll(async () => {
    await rm(dirname(dataDir), { recursive: true, force: true });
  });

  test('keeps tables and items across a restart on the same port', async () => {
    const first = await startDynamoDbLocal({ dataDir });
    const before = clientFor(first);
    await createUsersTable(before);
    await before.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'kept' } } }));
    before.destroy();
    await first.stop();
    await first.stop(); // idempotent

    const second = await startDynamoDbLocal({ dataDir, port: first.port });
    const after = clientFor(second);
    try {
      expect(second.endpoint).toBe(first.endpoint);
      const { Item } = await after.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'kept' } } }));
      expect(Item).toEqual({ id: { S: 'kept' } });
    } finally {
      after.destroy();
      await second.stop();
    }
  });
});
