import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { callObserver, callObserverOptions, type AwsCallObserver } from './instrument-client.js';

/** How the process's AWS clients connect. Built once, at start-up, from validated configuration. */
export interface AwsClientSettings {
  readonly region: string;
  /** Set for emulators or LocalStack; omitted against AWS. */
  readonly endpoint?: string;
  /** Static keys for emulators only; against AWS the default provider chain (IRSA, Pod Identity) is used. */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Attempts per call, first included; bounded so a failing dependency cannot hold requests for long. */
  readonly maxAttempts: number;
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

function commonConfig(settings: AwsClientSettings) {
  return {
    region: settings.region,
    ...(settings.endpoint && { endpoint: settings.endpoint }),
    ...(settings.credentials && { credentials: settings.credentials }),
    maxAttempts: settings.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: settings.connectionTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
  } as const;
}

/**
 * Takes the SDK's logger middleware off a client's stack. The app gives its clients no logger, yet
 * that middleware calls the default no-op logger's `info` with a copy of every call's input and
 * output filtered for sensitive fields — built on every call, for nothing: a walk over all 21 items
 * of a listing page. Measured in docs/benchmarks.md (issue 13). Failures still reach the app as
 * errors, and the call observer still sees every call.
 */
function withoutSdkLogging<T extends { middlewareStack: { remove(name: string): boolean } }>(client: T): T {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/** Hooks set when a client is built, never changed afterwards. */
export interface AwsClientHooks {
  /** Told of every call: operation, latency with retries, outcome. */
  readonly observe?: AwsCallObserver;
}

/** The DynamoDB document client: plain JavaScript values in and out, undefined attributes dropped. */
export function createDynamoDbClient(settings: AwsClientSettings, hooks: AwsClientHooks = {}): DynamoDBDocumentClient {
  const client = withoutSdkLogging(
    DynamoDBDocumentClient.from(new DynamoDBClient(commonConfig(settings)), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  );
  if (hooks.observe) client.middlewareStack.add(callObserver('DynamoDB', hooks.observe), callObserverOptions);
  return client;
}

export function createS3Client(settings: AwsClientSettings, hooks: AwsClientHooks = {}): S3Client {
  const client = withoutSdkLogging(
    new S3Client({
      ...commonConfig(settings),
      // Path-style addressing is what emulators and LocalStack serve; AWS serves both.
      forcePathStyle: Boolean(settings.endpoint),
      // Checksums only where S3 demands them: presigned URLs then carry no checksum of an empty
      // body, and emulators store streamed bodies without aws-chunked framing.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  );
  if (hooks.observe) client.middlewareStack.add(callObserver('S3', hooks.observe), callObserverOptions);
  return client;
}
