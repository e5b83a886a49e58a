import { createDynamoDbClient, createS3Client, type AwsClientHooks } from './aws-clients.js';
import type { AwsConfig } from './aws-config.js';
import { DynamoDbUserRepository } from './dynamodb/dynamodb-user-repository.js';
import { defaultListingShards } from './dynamodb/user-listing.js';
import { S3AvatarStore } from './s3/s3-avatar-store.js';

// The listing's sharding is a setting of the users data, so its bounds and layout are public here.
export {
  UserListingIndex,
  defaultListingShards,
  listingPartition,
  listingShardOf,
  maxListingShards,
} from './dynamodb/user-listing.js';

/**
 * The users data stores over one DynamoDB and one S3 client, built once per process: what an
 * app's composition root calls. `credentials` are for emulators only; `streamRequestTimeoutMs` is
 * how long a streamed upload to S3 may take (see S3AvatarStore).
 */
export function connectUsersData(
  aws: AwsConfig,
  options: AwsClientHooks & {
    credentials?: { accessKeyId: string; secretAccessKey: string };
    streamRequestTimeoutMs?: number;
  } = {},
) {
  const settings = {
    region: aws.region,
    maxAttempts: aws.maxAttempts,
    connectionTimeoutMs: aws.connectionTimeoutMs,
    requestTimeoutMs: aws.requestTimeoutMs,
    ...(options.credentials && { credentials: options.credentials }),
  };
  const hooks = options.observe ? { observe: options.observe } : {};
  const dynamoDb = createDynamoDbClient(
    { ...settings, ...(aws.dynamoDbEndpoint && { endpoint: aws.dynamoDbEndpoint }) },
    hooks,
  );
  const s3 = createS3Client({ ...settings, ...(aws.s3Endpoint && { endpoint: aws.s3Endpoint }) }, hooks);
  return {
    /** The SDK clients themselves, for measurements of what the adapters cost on top (tools/bench). */
    clients: { dynamoDb, s3 },
    users: new DynamoDbUserRepository(dynamoDb, aws.usersTable, {
      listingShards: aws.listingShards ?? defaultListingShards,
    }),
    avatars: new S3AvatarStore(s3, aws.avatarsBucket, options.streamRequestTimeoutMs),
    close() {
      dynamoDb.destroy();
      s3.destroy();
    },
  };
}
