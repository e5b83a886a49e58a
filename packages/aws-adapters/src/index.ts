export * from './aws-clients.js';
export * from './aws-errors.js';
export type { AwsCallEvent, AwsCallObserver } from './instrument-client.js';
export * from './dynamodb/users-table.js';
export * from './dynamodb/dynamodb-user-repository.js';
export * from './s3/s3-avatar-store.js';
export * from './aws-config.js';
export * from './users-data.js';
