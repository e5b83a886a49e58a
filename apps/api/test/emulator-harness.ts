// The API on DynamoDB Local and the S3 emulator (shared by the test run, with a table and bucket of
// the file's own), through the same AWS SDK clients production uses: for what needs real AWS
// semantics. Only integration tests import this file; the other layers are in api-harness.ts. They
// talk to the API through `client`, the typed client generated from the OpenAPI document.
import { DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { UsersClient } from '@platform/users-client';
import { embeddedAwsConfig, type EmbeddedAws } from '@platform/users-emulators';
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import type { AwsConfig } from '../src/config.js';
import { serveApi } from '../src/start.js';
import { capturedLogger, overHttp, testConfig, type ApiUnderTest, type Options } from './api-harness.js';
import { clientOf } from './typed-client.js';

export type EmulatorApi = ApiUnderTest & {
  readonly local: EmbeddedAws;
  /** The typed client, sending the tests' API key. */
  readonly client: UsersClient;
};

/** The real servers on a random loopback port, on the emulators (the file's own table and bucket). */
export async function startApiUnderTest(
  options: Options & { local?: EmbeddedAws; aws?: Partial<AwsConfig> } = {},
): Promise<EmulatorApi> {
  const local = options.local ?? (await useSharedEmbeddedAws());
  const config = testConfig(options.env);
  const { logs, logger } = capturedLogger(config.logLevel);
  const { running: server } = await serveApi(
    config,
    { ...embeddedAwsConfig(local), ...options.aws },
    {
      credentials: local.credentials,
      logger,
      ...(options.wrapContext && { wrapContext: options.wrapContext }),
    },
  );
  const api = overHttp(server, logs, async () => {
    await server.shutdown();
    if (!options.local) await local.stop();
  });
  return { ...api, local, client: clientOf(api.url) };
}

/** Every item of the file's table, read directly (not through the API). */
export async function tableItems(local: EmbeddedAws) {
  const client = new DynamoDBClient({
    region: local.region,
    endpoint: local.dynamoDbEndpoint,
    credentials: local.credentials,
  });
  try {
    const items = [];
    let start;
    do {
      const page: ScanCommandOutput = await client.send(
        new ScanCommand({ TableName: local.usersTable, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  } finally {
    client.destroy();
  }
}

/** The file's bucket seen directly, not through the API: what the API stored, and nothing else. */
export function bucketOf(local: EmbeddedAws) {
  const s3 = new S3Client({
    region: local.region,
    endpoint: local.s3Endpoint,
    forcePathStyle: true,
    credentials: local.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    s3,
    name: local.avatarsBucket,
    /** Every key under the prefix (one page: tests store far fewer than 1,000). */
    async keysUnder(prefix: string): Promise<string[]> {
      const listing = await s3.send(new ListObjectsV2Command({ Bucket: local.avatarsBucket, Prefix: prefix }));
      return (listing.Contents ?? []).map((object) => object.Key ?? '');
    },
    destroy: () => s3.destroy(),
  };
}
