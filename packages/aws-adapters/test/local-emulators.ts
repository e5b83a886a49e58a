// The adapters' tests run against AWS's DynamoDB Local and the S3 emulator, started once per test
// run by @platform/local-aws's global setup (see vitest.config.ts). Each test file reaches them
// through fault proxies of its own, so cutting "DynamoDB" cuts that file's traffic only; the SDK
// clients are built as production builds them.
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { uniqueName, useSharedLocalAws } from '@platform/local-aws/testing';
import {
  createDynamoDbClient,
  createS3Client,
  usersTableDefinition,
  type AwsClientHooks,
  type AwsClientSettings,
} from '../src/index.js';

/** A test file's view of the shared emulators: its clients, and fresh tables and buckets on demand. */
export interface TestEmulators {
  /** Endpoints through this file's fault proxies, `stopService`/`startService` and `faults` on them. */
  readonly local: Awaited<ReturnType<typeof useSharedLocalAws>>;
  readonly dynamoDb: DynamoDBDocumentClient;
  readonly s3: S3Client;
  /** Another DynamoDB client like `dynamoDb`, for a test that watches its calls. */
  newDynamoDbClient(hooks?: AwsClientHooks): DynamoDBDocumentClient;
  /** Creates an empty users table of its own; returns its name. */
  newUsersTable(): Promise<string>;
  /** Creates an empty bucket of its own; returns its name. */
  newAvatarsBucket(): Promise<string>;
  stop(): Promise<void>;
}

export async function useEmulators(): Promise<TestEmulators> {
  const local = await useSharedLocalAws({ tables: [], buckets: [] });
  const settings: AwsClientSettings = {
    region: local.region,
    credentials: local.credentials,
    maxAttempts: 2,
    // Loopback connections are accepted or refused at once, however busy the machine.
    connectionTimeoutMs: 1_000,
    // Generous: DynamoDB Local shares two cores with every other test project in a full run.
    requestTimeoutMs: 10_000,
  };
  const newDynamoDbClient = (hooks: AwsClientHooks = {}) =>
    createDynamoDbClient({ ...settings, endpoint: local.dynamoDbEndpoint }, hooks);
  const dynamoDb = newDynamoDbClient();
  const s3 = createS3Client({ ...settings, endpoint: local.s3Endpoint });
  return {
    local,
    dynamoDb,
    s3,
    newDynamoDbClient,
    // Tables and buckets are not deleted: the shared emulators keep them in memory and in a
    // temporary folder, both gone when the run ends.
    async newUsersTable() {
      const name = uniqueName('users');
      // DynamoDB Local creates tables ACTIVE at once (AWS would need a waiter here).
      await dynamoDb.send(new CreateTableCommand(usersTableDefinition(name)));
      return name;
    },
    async newAvatarsBucket() {
      const name = uniqueName('avatars');
      await s3.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    async stop() {
      dynamoDb.destroy();
      s3.destroy();
      await local.stop();
    },
  };
}

/** Records the items each query and scan of `client` read (DynamoDB's ScannedCount), in call order. */
export function recordScannedCounts(client: DynamoDBDocumentClient): number[] {
  const scannedPerQuery: number[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const scanned = (result.output as { ScannedCount?: number }).ScannedCount;
      if (scanned !== undefined) scannedPerQuery.push(scanned);
      return result;
    },
    { step: 'initialize', name: 'countScanned' },
  );
  return scannedPerQuery;
}
