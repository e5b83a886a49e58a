import { startLocalAws } from '@platform/local-aws';
import { usersTableDefinition, type AwsConfig } from '@platform/aws-adapters';

/**
 * The emulators the users service runs on locally: DynamoDB Local with the users table and the S3
 * emulator with the avatars bucket (dev and tests only; never bundled).
 */
export async function startEmbeddedAws(options: { dataDir?: string; dynamoDbPort?: number; s3Port?: number } = {}) {
  const usersTable = 'users';
  const avatarsBucket = 'avatars';
  const local = await startLocalAws({
    ...options,
    tables: [usersTableDefinition(usersTable)],
    buckets: [avatarsBucket],
  });
  return { ...local, usersTable, avatarsBucket };
}

export type EmbeddedAws = Awaited<ReturnType<typeof startEmbeddedAws>>;

/** How the API reaches the emulators: their endpoints, and bounded retries so an outage shows quickly. */
export function embeddedAwsConfig(local: EmbeddedAws): AwsConfig {
  return {
    region: local.region,
    usersTable: local.usersTable,
    avatarsBucket: local.avatarsBucket,
    dynamoDbEndpoint: local.dynamoDbEndpoint,
    s3Endpoint: local.s3Endpoint,
    maxAttempts: 2,
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: 3_000,
  };
}

/**
 * The environment variables that run an app (any app of the service, a bundle, a benchmark) in AWS
 * mode against these emulators — what it would read against AWS, plus the emulators' endpoints
 * and keys.
 */
export function awsEnvironment(local: EmbeddedAws): Record<string, string> {
  return {
    AWS_REGION: local.region,
    USERS_TABLE: local.usersTable,
    AVATARS_BUCKET: local.avatarsBucket,
    AWS_ENDPOINT_URL_DYNAMODB: local.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_S3: local.s3Endpoint,
    AWS_ACCESS_KEY_ID: local.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: local.credentials.secretAccessKey,
  };
}
