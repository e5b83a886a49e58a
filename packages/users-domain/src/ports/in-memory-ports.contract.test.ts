// The in-memory ports the use-case tests stand on keep the same contracts as the real adapters
// (packages/aws-adapters runs these suites against DynamoDB Local and the S3 emulator).
import {
  describeAvatarStoreContract,
  describeUserRepositoryContract,
  InMemoryAvatarStore,
  InMemoryUserRepository,
} from '../../testing/index.js';

describeUserRepositoryContract('InMemoryUserRepository', async () => ({ repository: new InMemoryUserRepository() }));
describeAvatarStoreContract('InMemoryAvatarStore', async () => ({ store: new InMemoryAvatarStore() }));
