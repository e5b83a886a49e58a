import { join } from 'node:path';
import { createDynamoDbClient, ensureUsersTable } from '@platform/aws-adapters';
import { startDynamoDbLocal } from './dynamodb-local.js';
import type { RunningEmulator } from './running-emulator.js';
import { s3EmulatorCredentials } from './s3-emulator-credentials.js';
import { startS3Emulator } from './s3-emulator.js';

type Service = 'dynamodb' | 's3';

/** Both emulators, with the users table and the avatars bucket in place: what the API needs to run. */
export interface LocalAws {
  readonly region: string;
  readonly usersTable: string;
  readonly avatarsBucket: string;
  readonly dynamoDbEndpoint: string;
  readonly s3Endpoint: string;
  /** Accepted by both emulators (DynamoDB Local checks no signature; the S3 emulator does). */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /** Stops one emulator, keeping its port and data, to inject a failure. */
  stopService(service: Service): Promise<void>;
  /** Starts a stopped emulator again on the same port with the same data. */
  startService(service: Service): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local and the S3 emulator on loopback ports, creates the users table and the
 * avatars bucket, and keeps their data under `dataDir` (in memory and a temp folder without it).
 */
export async function startLocalAws(
  options: { dataDir?: string; dynamoDbPort?: number; s3Port?: number; usersTable?: string; avatarsBucket?: string } = {},
): Promise<LocalAws> {
  const usersTable = options.usersTable ?? 'users';
  const avatarsBucket = options.avatarsBucket ?? 'avatars';
  const dynamoDbDir = options.dataDir && join(options.dataDir, 'dynamodb');
  const s3Dir = options.dataDir && join(options.dataDir, 's3');

  const startDynamoDb = (port?: number) =>
    startDynamoDbLocal({ ...(dynamoDbDir && { dataDir: dynamoDbDir }), ...(port && { port }) });
  const startS3 = (port?: number) =>
    startS3Emulator({ buckets: [avatarsBucket], ...(s3Dir && { dataDir: s3Dir }), ...(port && { port }) });

  const running: Partial<Record<Service, RunningEmulator>> = {};
  [running.dynamodb, running.s3] = await Promise.all([startDynamoDb(options.dynamoDbPort), startS3(options.s3Port)]);
  const ports = { dynamodb: running.dynamodb.port, s3: running.s3.port };
  const region = 'us-east-1';

  const client = createDynamoDbClient({
    region,
    endpoint: running.dynamodb.endpoint,
    credentials: s3EmulatorCredentials,
    maxAttempts: 3,
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: 5_000,
  });
  try {
    await ensureUsersTable(client, usersTable);
  } finally {
    client.destroy();
  }

  return {
    region,
    usersTable,
    avatarsBucket,
    dynamoDbEndpoint: running.dynamodb.endpoint,
    s3Endpoint: running.s3.endpoint,
    credentials: { ...s3EmulatorCredentials },
    async stopService(service) {
      await running[service]?.stop();
      delete running[service];
    },
    async startService(service) {
      if (running[service]) return;
      running[service] = await (service === 'dynamodb' ? startDynamoDb : startS3)(ports[service]);
    },
    async stop() {
      await Promise.all(Object.values(running).map((emulator) => emulator.stop()));
    },
  };
}
