import { describe, expect, it } from 'vitest';
import { createDynamoDbClient, createS3Client, type AwsClientSettings } from './aws-clients.js';

const settings: AwsClientSettings = {
  region: 'eu-west-1',
  endpoint: 'http://127.0.0.1:9',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 2,
  connectionTimeoutMs: 100,
  requestTimeoutMs: 100,
};

const observed: unknown[] = [];
const observe = (event: unknown) => void observed.push(event);

/** The names on a client's middleware stack, without the step each runs in. */
const stackOf = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().map((entry) => entry.split(' ')[0]);

describe('the AWS clients the app builds', () => {
  it.each([
    ['DynamoDB', () => createDynamoDbClient(settings, { observe })],
    ['S3', () => createS3Client(settings, { observe })],
  ])(
    '%s: no SDK logger middleware (it filters a copy of every call for a no-op logger), the call observer kept',
    (_, build) => {
      const client = build();
      const stack = stackOf(client);
      expect(stack).not.toContain('loggerMiddleware');
      expect(stack).toContain('platformCallObserver');
      expect(stack).toContain('retryMiddleware');
      expect(stack).toContain('httpSigningMiddleware');
      client.destroy();
    },
  );
});
