import { createHmac, randomUUID } from 'node:crypto';
import {
  createDynamoDbClient,
  createS3Client,
  DynamoDbUserRepository,
  S3AvatarStore,
  type AwsCallObserver,
} from '@platform/aws-adapters';
import { createCursorCodec, createUploadTokenCodec, type Signer, type UsersContext } from '@platform/users-domain';
import type { AwsConfig, Config } from './config.js';
import type { ReadinessCheck } from './routes/health.js';

/** Static credentials, only for emulators; against AWS the SDK's default chain finds them. */
export type EmulatorCredentials = { accessKeyId: string; secretAccessKey: string };

export function hmacSigner(secret: string): Signer {
  return { sign: (message) => createHmac('sha256', secret).update(message).digest('base64url') };
}

/**
 * The composition root: builds the AWS clients once for the process, the adapters on them, and
 * the context the use-cases run in.
 */
export function composeServices(
  config: Config,
  aws: AwsConfig,
  observeAwsCall: AwsCallObserver,
  credentials?: EmulatorCredentials,
) {
  const settings = {
    region: aws.region,
    maxAttempts: aws.maxAttempts,
    connectionTimeoutMs: aws.connectionTimeoutMs,
    requestTimeoutMs: aws.requestTimeoutMs,
    ...(credentials && { credentials }),
  };
  const hooks = { observe: observeAwsCall };
  const dynamoDb = createDynamoDbClient(
    { ...settings, ...(aws.dynamoDbEndpoint && { endpoint: aws.dynamoDbEndpoint }) },
    hooks,
  );
  const s3 = createS3Client({ ...settings, ...(aws.s3Endpoint && { endpoint: aws.s3Endpoint }) }, hooks);
  const users = new DynamoDbUserRepository(dynamoDb, aws.usersTable);
  const avatars = new S3AvatarStore(s3, aws.avatarsBucket);
  const signer = hmacSigner(config.tokenSecret);

  const ctx: UsersContext = {
    users,
    avatars,
    cursors: createCursorCodec(signer),
    uploadTokens: createUploadTokenCodec(signer),
    now: () => new Date(),
    newId: () => randomUUID(),
    avatarMaxBytes: config.avatarMaxBytes,
  };
  const readinessChecks: ReadinessCheck[] = [
    { name: 'dynamodb', check: () => users.ping() },
    { name: 's3', check: () => avatars.ping() },
  ];
  return {
    ctx,
    readinessChecks,
    close() {
      dynamoDb.destroy();
      s3.destroy();
    },
  };
}
