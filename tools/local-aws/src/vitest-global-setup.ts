// vitest globalSetup: starts the emulators once for a project's whole test run and tells every
// test file where they listen (see shared-local-aws.ts). A project opts in through
// `projectTestConfig(dir, { sharedEmulators: true })` in its vitest config. In a workspace run,
// tools/test-all.mjs has started one pair for every project (SHARED_EMULATORS): those are used.
import type { TestProject } from 'vitest/node';
import './shared-local-aws.js';
import { startLocalAws } from './start-local-aws.js';

export default async function startSharedEmulators(project: TestProject) {
  const started = process.env.SHARED_EMULATORS;
  if (started) return void project.provide('sharedEmulators', JSON.parse(started));
  const local = await startLocalAws({ tables: [], buckets: [] });
  project.provide('sharedEmulators', { dynamoDbEndpoint: local.dynamoDbEndpoint, s3Endpoint: local.s3Endpoint });
  return () => local.stop();
}
