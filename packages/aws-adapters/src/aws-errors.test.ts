import { DependencyUnavailableError } from '@platform/users-domain';
import { describe, expect, it } from 'vitest';
import { translateAwsError } from './aws-errors.js';

const awsError = (name: string, status?: number, code?: string) =>
  Object.assign(new Error(name), {
    name,
    ...(code && { code }),
    ...(status && { $metadata: { httpStatusCode: status } }),
  });

describe('translateAwsError', () => {
  it.each([
    ['throttling', awsError('ThrottlingException', 400), 1],
    ['exceeded throughput', awsError('ProvisionedThroughputExceededException', 400), 1],
    ['S3 slow-down', awsError('SlowDown', 503), 1],
    ['an internal error', awsError('InternalServerError', 500), 2],
    ['any 5xx', awsError('SomethingNew', 502), 2],
    ['a refused connection', awsError('Error', undefined, 'ECONNREFUSED'), 2],
    ['a time-out', awsError('TimeoutError'), 2],
  ])('makes %s a DependencyUnavailableError with the original as cause', (_, error, retryAfter) => {
    const translated = translateAwsError(error, 'DynamoDB');
    expect(translated).toBeInstanceOf(DependencyUnavailableError);
    expect(translated).toMatchObject({ dependency: 'DynamoDB', retryAfterSeconds: retryAfter, cause: error });
  });

  it('returns a client-side error as it is', () => {
    const error = awsError('ValidationException', 400);
    expect(translateAwsError(error, 'DynamoDB')).toBe(error);
  });
});
