// In-memory stand-ins for the domain's ports. They pass the same contracts as the real adapters
// (user-repository-contract.ts, avatar-store-contract.ts), which packages/aws-adapters runs
// against DynamoDB Local and the S3 emulator.
import { createHmac, randomUUID } from 'node:crypto';
import {
  createCursorCodec,
  createUploadTokenCodec,
  EmailTakenError,
  UserNotFoundError,
  type AvatarStore,
  type Signer,
  type User,
  type UserRepository,
  type UsersContext,
} from '../src/index.js';

/** HMAC-SHA256 with one fixed secret: signers with different secrets refuse each other's MACs. */
export const signerWithSecret = (secret: string): Signer => {
  const sign = (message: string) => createHmac('sha256', secret).update(message).digest('base64url');
  return { sign, verify: (message, mac) => sign(message) === mac };
};

export const testSigner = signerWithSecret('test-secret');

export class InMemoryUserRepository implements UserRepository {
  readonly byId = new Map<string, User>();

  async create(user: User) {
    if ([...this.byId.values()].some((u) => u.email === user.email)) throw new EmailTakenError(user.email);
    if (this.byId.has(user.id)) throw new Error(`A user with the id ${user.id} is already stored.`);
    this.byId.set(user.id, user);
  }
  async findById(id: string) {
    return this.byId.get(id);
  }
  async findByIds(ids: readonly string[]) {
    return new Map(ids.flatMap((id) => (this.byId.has(id) ? [[id, this.byId.get(id)!] as const] : [])));
  }
  async detachAvatar(id: string, key: string) {
    const user = this.byId.get(id);
    if (user?.avatar?.key !== key) return false;
    this.byId.set(id, { ...user, avatar: null });
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
  async delete(id: string) {
    const user = this.byId.get(id);
    this.byId.delete(id);
    return user;
  }
  async replaceAvatar(id: string, avatar: User['avatar']) {
    const before = this.byId.get(id);
    if (!before) throw new UserNotFoundError(id);
    const user = { ...before, avatar };
    this.byId.set(id, user);
    return { user, replaced: before.avatar };
  }
}

export class InMemoryAvatarStore implements AvatarStore {
  readonly objects = new Map<string, Uint8Array>();
  readonly modified = new Map<string, Date>();
  failDeletes = false;

  async put(key: string, body: Uint8Array, _type?: string, at = new Date()) {
    this.objects.set(key, body);
    this.modified.set(key, at);
  }
  async exists(key: string) {
    return this.objects.has(key);
  }
  async deleteMany(keys: readonly string[]) {
    for (const key of keys) await this.delete(key);
    return { failed: [] };
  }
  async list({ prefix, pageSize, after }: { prefix: string; pageSize: number; after?: string }) {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix) && (!after || k > after)).sort();
    const page = keys.slice(0, pageSize);
    const objects = page.map((key) => ({
      key,
      lastModified: this.modified.get(key)!,
      size: this.objects.get(key)!.length,
    }));
    return keys.length > pageSize ? { objects, next: page.at(-1)! } : { objects };
  }
  async inspect(key: string, headBytes: number) {
    const body = this.objects.get(key);
    return body && { size: body.byteLength, head: body.subarray(0, headBytes) };
  }
  async delete(key: string) {
    if (this.failDeletes) throw new Error('store refused the delete');
    this.objects.delete(key);
  }
  async presignUpload(key: string, file: { contentType: string; size: number }, expiresInSeconds: number) {
    return {
      url: `memory://${key}?size=${file.size}&expires=${expiresInSeconds}`,
      method: 'PUT' as const,
      headers: { 'content-type': file.contentType, 'content-length': String(file.size) },
      expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString(),
    };
  }
  async presignDownload(key: string, expiresInSeconds: number) {
    return `memory://${key}?expires=${expiresInSeconds}`;
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
    ...overrides,
  };
  return { ctx, users, avatars, clock };
}
