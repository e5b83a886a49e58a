/**
 * @platform/users-domain/testing — for tests only: in-memory implementations of the domain's
 * ports and a use-case context over them, for any project's tests (the use-cases here, the HTTP
 * layer in-process in apps/api).
 */
export * from './in-memory-ports.js';
