/**
 * @platform/local-aws/testing — for test files only (it imports vitest): the emulators shared by a
 * project's test run. The project opts in with `projectTestConfig(dir, { sharedEmulators: true })`.
 */
export { uniqueName, useSharedLocalAws } from './shared-local-aws.js';
