import { DependencyUnavailableError } from '@platform/users-domain';

const throttlingNames = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
  'TooManyRequestsException',
]);
const unavailableNames = new Set([
  'InternalServerError',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface AwsErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * The error to throw for a failed AWS call: throttling, 5xx, time-outs and network failures
 * (after the SDK's own bounded retries) become `DependencyUnavailableError` with the original as
 * `cause`; anything else is returned as it is, to be handled or reported by the caller.
 */
export function translateAwsError(error: unknown, dependency: 'DynamoDB' | 'S3'): unknown {
  if (!(error instanceof Error)) return error;
  const { name = '', code = '', $metadata } = error as AwsErrorShape;
  const status = $metadata?.httpStatusCode ?? 0;
  if (throttlingNames.has(name) || status === 429) {
    return new DependencyUnavailableError(dependency, { cause: error, retryAfterSeconds: 1 });
  }
  if (unavailableNames.has(name) || networkCodes.has(code) || status >= 500) {
    return new DependencyUnavailableError(dependency, { cause: error, retryAfterSeconds: 2 });
  }
  return error;
}
