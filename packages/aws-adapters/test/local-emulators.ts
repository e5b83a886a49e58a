// The adapters' tests run against AWS's DynamoDB Local and the S3 emulator, started on random
// loopback ports by @platform/local-aws; the SDK clients are the ones production uses.
import { startLocalAws } from '@platform/local-aws';
import { createDynamoDbClient, createS3Client, usersTableDefinition, type AwsClientSettings } from '../src/index.js';

export async function startEmulators(options: { dataDir?: string } = {}) {
  const names = { usersTable: 'users', avatarsBucket: 'avatars' };
  const local = {
    ...(await startLocalAws({
      ...options,
      tables: [usersTableDefinition(names.usersTable)],
      buckets: [names.avatarsBucket],
    })),
    ...names,
  };
  const settings: AwsClientSettings = {
    region: local.region,
    credentials: local.credentials,
    maxAttempts: 2,
    connectionTimeoutMs: 1_000,
    // Generous: DynamoDB Local shares two cores with every other test project in a full run.
    requestTimeoutMs: 10_000,
  };
  const dynamoDb = createDynamoDbClient({ ...settings, endpoint: local.dynamoDbEndpoint });
  const s3 = createS3Client({ ...settings, endpoint: local.s3Endpoint });
  return {
    local,
    dynamoDb,
    s3,
    async stop() {
      dynamoDb.destroy();
      s3.destroy();
      await local.stop();
    },
  };
}

let sequence = 0;
/** A valid user with a unique id and email, created at the given time. */
export function aUser(createdAt = new Date().toISOString()) {
  sequence += 1;
  return {
    id: crypto.randomUUID(),
    name: `User ${sequence}`,
    email: `user-${sequence}-${crypto.randomUUID()}@example.com`,
    createdAt,
    avatar: null,
  };
}
