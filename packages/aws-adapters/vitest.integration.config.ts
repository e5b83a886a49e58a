import { projectTestConfig } from '../../vitest.shared.ts';

// The *.emulator.test.ts files. DynamoDB Local and the S3 emulator start once for the run; each
// file has its own tables, buckets and fault proxies on them (test/local-emulators.ts). The
// time-out only stops a hang: the slowest test takes a few seconds, ten times that on a busy machine.
export default projectTestConfig(import.meta.dirname, {
  layer: 'integration',
  testTimeout: 30_000,
  sharedEmulators: true,
});
