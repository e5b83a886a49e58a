/**
 * @platform/users-domain/testing — for tests only: in-memory implementations of the domain's
 * ports and a use-case context over them, for any project's tests (the use-cases here, the HTTP
 * layer in-process in apps/api); builders of valid values; and the ports' contracts, test suites
 * that both the in-memory ports and the real adapters run, so the fakes are known to behave alike.
 */
export * from './in-memory-ports.js';
export * from './in-memory-avatar-store.js';
export * from './builders.js';
export * from './user-repository-contract.js';
export * from './avatar-store-contract.js';
