/**
 * @platform/local-aws — dev-only AWS emulators (DynamoDB Local, an S3 emulator) run as child
 * processes on 127.0.0.1 for local runs and tests. Never import it from production code.
 */
export { startDynamoDbLocal } from './dynamodb-local.js';
export { EmulatorStartError } from './emulator-start-error.js';
export { startFaultProxy, type FaultProxy } from './fault-proxy.js';
export { findJava } from './find-java.js';
export type { RunningEmulator } from './running-emulator.js';
export { s3EmulatorCredentials } from './s3-emulator-credentials.js';
export { startS3Emulator } from './s3-emulator.js';
export { startLocalAws, type LocalAws } from './start-local-aws.js';
