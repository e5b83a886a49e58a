// In-memory stand-ins for the domain's ports. They pass the same contracts as the real adapters
// (user-repository-contract.ts, avatar-store-contract.ts), which packages/aws-adapters runs
// against DynamoDB Local and the S3 emulator.
import { createHmac, randomUUID } from 'node:crypto';
import {
  defaultAvatarMaxPixels,
  createCursorCodec,
  createUploadTokenCodec,
  EmailTakenError,
  IdempotencyKeyReusedError,
  UserNotFoundError,
  UserVersionMismatchError,
  type ExpectedVersions,
  type IdempotentCreate,
  type Signer,
  type User,
  type UserChanges,
  type UserRepository,
  type UsersContext,
} from '../src/index.js';
import { InMemoryAvatarStore } from './in-memory-avatar-store.js';

/** HMAC-SHA256 with one fixed secret: signers with different secrets refuse each other's MACs. */
export const signerWithSecret = (secret: string): Signer => {
  const sign = (message: string) => createHmac('sha256', secret).update(message).digest('base64url');
  return { sign, verify: (message, mac) => sign(message) === mac };
};

export const testSigner = signerWithSecret('test-secret');

export class InMemoryUserRepository implements UserRepository {
  readonly byId = new Map<string, User>();
  /** Recorded idempotency keys, by scope and key; kept after they expire, as DynamoDB's TTL may. */
  readonly idempotencyKeys = new Map<string, { fingerprint: string; expiresAt: Date; user: User }>();

  async create(user: User, idempotency?: IdempotentCreate) {
    const recordKey = JSON.stringify([idempotency?.scope, idempotency?.key]);
    const earlier = idempotency && this.idempotencyKeys.get(recordKey);
    if (earlier && earlier.expiresAt > new Date(user.createdAt)) {
      if (earlier.fingerprint !== idempotency?.fingerprint) throw new IdempotencyKeyReusedError();
      return earlier.user;
    }
    if ([...this.byId.values()].some((u) => u.email === user.email)) throw new EmailTakenError(user.email);
    if (this.byId.has(user.id)) throw new Error(`A user with the id ${user.id} is already stored.`);
    this.byId.set(user.id, user);
    if (idempotency) {
      const { fingerprint, expiresAt } = idempotency;
      this.idempotencyKeys.set(recordKey, { fingerprint, expiresAt, user });
    }
    return user;
  }
  async findById(id: string) {
    return this.byId.get(id);
  }
  async findByEmail(email: string) {
    return this.holderOf(email);
  }
  private holderOf(email: string) {
    return [...this.byId.values()].find((user) => user.email === email);
  }
  async update(id: string, changes: UserChanges, expected?: ExpectedVersions) {
    const before = this.current(id, expected);
    const user = { ...before, ...changes };
    if (user.name === before.name && user.email === before.email) return before;
    if (user.email !== before.email && this.holderOf(user.email)) throw new EmailTakenError(user.email);
    const updated = { ...user, version: before.version + 1 };
    this.byId.set(id, updated);
    return updated;
  }
  /** The stored user, checked against the client's expected versions. */
  private current(id: string, expected?: ExpectedVersions) {
    const user = this.byId.get(id);
    if (!user) throw new UserNotFoundError(id);
    if (expected && !expected.includes(user.version)) throw new UserVersionMismatchError(id);
    return user;
  }
  async findByIds(ids: readonly string[]) {
    return new Map(ids.flatMap((id) => (this.byId.has(id) ? [[id, this.byId.get(id)!] as const] : [])));
  }
  async clearAvatar(id: string, expected?: ExpectedVersions) {
    const before = this.current(id, expected);
    if (!before.avatar) return { user: before, removed: null };
    const user = { ...before, avatar: null, version: before.version + 1 };
    this.byId.set(id, user);
    return { user, removed: before.avatar };
  }
  async detachAvatar(id: string, key: string) {
    const user = this.byId.get(id);
    if (user?.avatar?.key !== key) return false;
    this.byId.set(id, { ...user, avatar: null, version: user.version + 1 });
    return true;
  }
  async list({ limit, after }: Parameters<UserRepository['list']>[0]) {
    // Code-unit order, as DynamoDB compares its sort keys (a locale-aware compare does not).
    const order = (u: { createdAt: string; id: string }) => `${u.createdAt}#${u.id}`;
    const sorted = [...this.byId.values()].sort((a, b) => (order(a) < order(b) ? 1 : -1));
    const start = after ? sorted.filter((u) => order(u) < order(after)) : sorted;
    const users = start.slice(0, limit);
    const last = users.at(-1);
    return start.length > limit && last ? { users, next: { createdAt: last.createdAt, id: last.id } } : { users };
  }
  async delete(id: string, expected?: ExpectedVersions) {
    const user = this.byId.get(id);
    if (user && expected && !expected.includes(user.version)) throw new UserVersionMismatchError(id);
    this.byId.delete(id);
    return user;
  }
  async replaceAvatar(id: string, avatar: User['avatar'], expected?: ExpectedVersions) {
    const before = this.current(id, expected);
    const user = { ...before, avatar, version: before.version + 1 };
    this.byId.set(id, user);
    return { user, replaced: before.avatar };
  }
}

/** A full context over fresh in-memory ports, with a clock the test can move. */
export function testContext(overrides: Partial<UsersContext> = {}) {
  const clock = { now: new Date('2026-01-01T00:00:00.000Z') };
  const users = new InMemoryUserRepository();
  const avatars = new InMemoryAvatarStore();
  const ctx: UsersContext = {
    users,
    avatars,
    cursors: createCursorCodec(testSigner),
    uploadTokens: createUploadTokenCodec(testSigner),
    now: () => clock.now,
    newId: () => randomUUID(),
    avatarMaxBytes: 1024,
    avatarMaxPixels: defaultAvatarMaxPixels,
    ...overrides,
  };
  return { ctx, users, avatars, clock };
}
