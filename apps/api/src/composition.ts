import { randomUUID } from 'node:crypto';
import { connectUsersData, type AwsCallObserver } from '@platform/aws-adapters';
import { createCursorCodec, createUploadTokenCodec, type UsersContext } from '@platform/users-domain';
import type { AwsConfig, Config } from './config.js';
import { hmacSigner } from './hmac-signer.js';
import type { DependencyCheck } from './dependency-health.js';

/** Static credentials, only for emulators; against AWS the SDK's default chain finds them. */
export type EmulatorCredentials = { accessKeyId: string; secretAccessKey: string };

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
  const { users, avatars, close } = connectUsersData(aws, {
    observe: observeAwsCall,
    // A streamed avatar reaches S3 as fast as its client sends it: as long as the request may take.
    streamRequestTimeoutMs: config.requestTimeoutMs,
    ...(credentials && { credentials }),
  });
  const signer = hmacSigner(config.tokenSecrets);

  const ctx: UsersContext = {
    users,
    avatars,
    cursors: createCursorCodec(signer),
    uploadTokens: createUploadTokenCodec(signer),
    now: () => new Date(),
    newId: () => randomUUID(),
    avatarMaxBytes: config.avatarMaxBytes,
    avatarMaxPixels: config.avatarMaxPixels,
  };
  const dependencyChecks: DependencyCheck[] = [
    { name: 'dynamodb', check: () => users.ping() },
    { name: 's3', check: () => avatars.ping() },
  ];
  return {
    ctx,
    dependencyChecks,
    close,
  };
}
