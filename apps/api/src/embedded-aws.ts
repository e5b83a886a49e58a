import { startLocalAws } from '@platform/local-aws';
import { usersTableDefinition } from '@platform/aws-adapters';

/**
 * The emulators this service runs on locally: DynamoDB Local with the users table and the S3
 * emulator with the avatars bucket (dev and tests only; never bundled).
 */
export async function startEmbeddedAws(options: { dataDir?: string; dynamoDbPort?: number; s3Port?: number } = {}) {
  const usersTable = 'users';
  const avatarsBucket = 'avatars';
  const local = await startLocalAws({ ...options, tables: [usersTableDefinition(usersTable)], buckets: [avatarsBucket] });
  return { ...local, usersTable, avatarsBucket };
}

export type EmbeddedAws = Awaited<ReturnType<typeof startEmbeddedAws>>;
