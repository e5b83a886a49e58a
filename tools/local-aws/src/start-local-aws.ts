import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from './dynamodb-local.js';
import type { RunningEmulator } from './running-emulator.js';
import { s3EmulatorCredentials } from './s3-emulator-credentials.js';
import { startS3Emulator } from './s3-emulator.js';

type Service = 'dynamodb' | 's3';

/** Both emulators with the tables and buckets in place. */
export interface LocalAws {
  readonly region: string;
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

/** The region every client of the emulators names (neither emulator checks it). */
export const region = 'us-east-1';

/** Creates the tables that do not exist yet, and waits until they are active. */
export async function createTables(endpoint: string, tables: readonly CreateTableCommandInput[]) {
  const client = new DynamoDBClient({ region, endpoint, credentials: s3EmulatorCredentials });
  try {
    for (const table of tables) {
      const exists = await client.send(new DescribeTableCommand({ TableName: table.TableName })).then(
        () => true,
        (error: Error) => {
          if (error.name === 'ResourceNotFoundException') return false;
          throw error;
        },
      );
      if (!exists) await client.send(new CreateTableCommand(table));
      await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: table.TableName });
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts DynamoDB Local and the S3 emulator on loopback ports, creates the given tables (unless a
 * persistent `dataDir` already has them) and buckets, and keeps data under `dataDir`
 * (`dynamodb/` and `s3/`; in memory and a temp folder without it).
 */
export async function startLocalAws(options: {
  tables: readonly CreateTableCommandInput[];
  buckets: readonly string[];
  dataDir?: string;
  dynamoDbPort?: number;
  s3Port?: number;
}): Promise<LocalAws> {
  const dynamoDbDir = options.dataDir && join(options.dataDir, 'dynamodb');
  const s3Dir = options.dataDir && join(options.dataDir, 's3');
  const startDynamoDb = (port?: number) =>
    startDynamoDbLocal({ ...(dynamoDbDir && { dataDir: dynamoDbDir }), ...(port && { port }) });
  const startS3 = (port?: number) =>
    startS3Emulator({ buckets: [...options.buckets], ...(s3Dir && { dataDir: s3Dir }), ...(port && { port }) });

  const running: Partial<Record<Service, RunningEmulator>> = {};
  [running.dynamodb, running.s3] = await Promise.all([startDynamoDb(options.dynamoDbPort), startS3(options.s3Port)]);
  const ports = { dynamodb: running.dynamodb.port, s3: running.s3.port };
  const stop = () => Promise.all(Object.values(running).map((emulator) => emulator.stop())).then(() => undefined);
  try {
    await createTables(running.dynamodb.endpoint, options.tables);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    region,
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
    stop,
  };
}
