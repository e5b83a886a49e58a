// Starts a real DynamoDB Local process (java) on a random port, with a data directory, and restarts
// it. One JVM serves every test: what DynamoDB Local does with items does not depend on where it
// keeps them, and the default in-memory mode is what parent-death.emulator.test.ts's fixture starts
// (and what every shared-emulator test run uses).
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
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EmulatorStartError, startDynamoDbLocal, type RunningEmulator } from '../src/index.js';

function clientFor(emulator: RunningEmulator): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: emulator.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

describe('DynamoDB Local', () => {
  let tempDir: string;
  let dataDir: string;
  let emulator: RunningEmulator;
  let client: DynamoDBClient;

  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'local-aws-test-'));
    dataDir = join(tempDir, 'dynamodb'); // does not exist yet: the start creates it
    emulator = await startDynamoDbLocal({ dataDir });
    client = clientFor(emulator);
    await client.send(
      new CreateTableCommand({
        TableName: 'users',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
    await rm(tempDir, { recursive: true, force: true });
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

  // Last: it stops the emulator the tests above use and starts another in its place.
  test('keeps tables and items across a restart on the same port', async () => {
    await client.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: 'kept' } } }));
    const { endpoint, port } = emulator;
    await emulator.stop();
    await emulator.stop(); // idempotent

    emulator = await startDynamoDbLocal({ dataDir, port });
    client.destroy();
    client = clientFor(emulator);
    expect(emulator.endpoint).toBe(endpoint);
    const { Item } = await client.send(new GetItemCommand({ TableName: 'users', Key: { id: { S: 'kept' } } }));
    expect(Item).toEqual({ id: { S: 'kept' } });
  });
});
