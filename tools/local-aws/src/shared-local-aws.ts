// One DynamoDB Local and one S3 emulator per test run (vitest's global setup starts them, see
// vitest-global-setup.ts), shared by every test file of a project: each file gets tables and
// buckets of its own and its own fault proxies in front, so files never see each other's data or
// faults, and the JVM starts once instead of once per file.
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { s3EmulatorCredentials } from './s3-emulator-credentials.js';
import { createTables, region, type LocalAws } from './start-local-aws.js';

/** What the global setup hands every test file: where the shared emulators listen. */
export interface SharedEmulatorEndpoints {
  readonly dynamoDbEndpoint: string;
  readonly s3Endpoint: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedEmulators: SharedEmulatorEndpoints;
  }
}

/** A name no other test file uses: `<base>-<8 random hex digits>`. */
export const uniqueName = (base: string) => `${base}-${randomUUID().slice(0, 8)}`;

/**
 * The shared emulators with the given tables and buckets created, reached through fault proxies:
 * `stopService`/`startService` cut and restore this file's connections only, and `faults` can
 * also slow them down or freeze them. Call it in `beforeAll`; `stop()` closes the proxies.
 */
export async function useSharedLocalAws(options: {
  tables: readonly CreateTableCommandInput[];
  buckets: readonly string[];
}): Promise<LocalAws & { readonly faults: Record<'dynamodb' | 's3', FaultProxy> }> {
  const shared = inject('sharedEmulators');
  if (!shared) {
    throw new Error(
      "no shared emulators: this project's vitest config must list @platform/local-aws's vitest-global-setup",
    );
  }
  await createTables(shared.dynamoDbEndpoint, options.tables);
  const s3 = new S3Client({
    region,
    endpoint: shared.s3Endpoint,
    forcePathStyle: true,
    credentials: s3EmulatorCredentials,
  });
  try {
    for (const bucket of options.buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    s3.destroy();
  }
  const faults = {
    dynamodb: await startFaultProxy(shared.dynamoDbEndpoint),
    s3: await startFaultProxy(shared.s3Endpoint),
  };
  return {
    region,
    dynamoDbEndpoint: faults.dynamodb.endpoint,
    s3Endpoint: faults.s3.endpoint,
    credentials: { ...s3EmulatorCredentials },
    faults,
    stopService: (service) => faults[service].cut(),
    startService: (service) => faults[service].restore(),
    stop: async () => void (await Promise.all([faults.dynamodb.stop(), faults.s3.stop()])),
  };
}
