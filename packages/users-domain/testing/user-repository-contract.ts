// What the use-cases rely on from a UserRepository, as tests any implementation must pass: the
// in-memory fake here (src/ports/in-memory-ports.contract.test.ts) and DynamoDbUserRepository on
// DynamoDB Local (packages/aws-adapters). A fake that passes can stand in for the real thing.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EmailTakenError,
  IdempotencyKeyReusedError,
  UserNotFoundError,
  UserVersionMismatchError,
  type IdempotentCreate,
  type User,
  type UserRepository,
} from '../src/index.js';
import { aUser, anAvatar } from './builders.js';

/** A repository for one test, and what to do when the test is over. */
export interface RepositoryUnderTest {
  readonly repository: UserRepository;
  readonly cleanUp?: () => Promise<void>;
}

/** Creates racing for one email: enough for transactions to collide, few enough to settle in retries. */
const racingCreates = 20;
/** More ids than one DynamoDB BatchGetItem takes (100), as the avatar sweeper asks for (up to 1,000). */
const manyIds = 150;

/** Users created a second apart, oldest first. */
function usersOverTime(count: number, start = Date.parse('2030-01-01T00:00:00.000Z')): User[] {
  return Array.from({ length: count }, (_, i) => aUser({ createdAt: new Date(start + i * 1000).toISOString() }));
}

/** A caller's idempotency key for a create at `at`, alive for a day unless told otherwise. */
function anIdempotencyKey(at: string, overrides: Partial<IdempotentCreate> = {}): IdempotentCreate {
  return {
    scope: randomUUID().replaceAll('-', ''),
    key: randomUUID(),
    fingerprint: JSON.stringify({ request: randomUUID() }),
    expiresAt: new Date(Date.parse(at) + 24 * 3600 * 1000),
    ...overrides,
  };
}

/** The user after `writes` more writes that made these changes. */
const rewritten = (user: User, writes: number, changes: Partial<User> = {}): User => ({
  ...user,
  ...changes,
  version: user.version + writes,
});

/** `seconds` after the moment `at`, as an ISO timestamp. */
const secondsAfter = (at: string, seconds: number) => new Date(Date.parse(at) + seconds * 1000).toISOString();

/** Every page of the listing, from the start, with `limit` users a page. */
async function allPages(repository: UserRepository, limit: number) {
  const pages = [];
  let after;
  do {
    const page = await repository.list({ limit, ...(after && { after }) });
    pages.push(page);
    after = page.next;
  } while (after && pages.length < 1_000);
  return pages;
}

/**
 * Declares the UserRepository contract. `makeRepository` is called before each test and must
 * return an empty repository of the implementation under test.
 */
export function describeUserRepositoryContract(name: string, makeRepository: () => Promise<RepositoryUnderTest>) {
  describe(`${name} keeps the UserRepository contract`, () => {
    let repository: UserRepository;
    let cleanUp: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      ({ repository, cleanUp } = await makeRepository());
    });
    afterEach(async () => {
      await cleanUp?.();
    });

    const created = async (user = aUser()) => {
      await repository.create(user);
      return user;
    };

    describe('create and findById', () => {
      it('finds a created user by id, and nothing under an id never stored', async () => {
        const user = await created();
        expect(await repository.findById(user.id)).toEqual(user);
        expect(await repository.findById(aUser().id)).toBeUndefined();
      });

      it('refuses a second user with a taken email with EmailTakenError, storing nothing of it', async () => {
        const first = await created();
        const second = aUser({ email: first.email });
        await expect(repository.create(second)).rejects.toThrow(EmailTakenError);
        expect(await repository.findById(second.id)).toBeUndefined();
        expect(await repository.findById(first.id)).toEqual(first);
      });

      it('refuses a user under an id in use, keeping the stored one and its email', async () => {
        const stored = await created();
        await expect(repository.create(aUser({ id: stored.id }))).rejects.toThrow();
        expect(await repository.findById(stored.id)).toEqual(stored);
        await expect(repository.create(aUser({ email: stored.email }))).rejects.toThrow(EmailTakenError);
      });

      it(`lets exactly one of ${racingCreates} concurrent creates with one email win; the others get EmailTakenError`, async () => {
        const email = aUser().email;
        const racers = Array.from({ length: racingCreates }, () => aUser({ email }));
        const results = await Promise.allSettled(racers.map((user) => repository.create(user)));
        const winners = racers.filter((_, i) => results[i]!.status === 'fulfilled');
        expect(winners).toHaveLength(1);
        for (const result of results)
          if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(EmailTakenError);
        expect([...(await repository.findByIds(racers.map((user) => user.id))).values()]).toEqual(winners);
      });
    });

    describe('create with an idempotency key', () => {
      it('records the key with the user: a retry of the same request stores nothing and returns that user', async () => {
        const first = aUser();
        const idempotency = anIdempotencyKey(first.createdAt);
        expect(await repository.create(first, idempotency)).toEqual(first);
        const retry = aUser({ email: first.email, createdAt: secondsAfter(first.createdAt, 60) });
        expect(await repository.create(retry, idempotency)).toEqual(first);
        expect(await repository.findById(retry.id)).toBeUndefined();
        expect(await repository.findById(first.id)).toEqual(first);
      });

      it('answers a retry with the user as it was created, even once it has changed or been deleted', async () => {
        const first = aUser();
        const idempotency = anIdempotencyKey(first.createdAt);
        await repository.create(first, idempotency);
        await repository.replaceAvatar(first.id, anAvatar(first.id));
        expect(await repository.create(aUser({ email: first.email }), idempotency)).toEqual(first);
        await repository.delete(first.id);
        const afterDelete = aUser({ email: first.email });
        expect(await repository.create(afterDelete, idempotency)).toEqual(first);
        expect(await repository.findById(afterDelete.id)).toBeUndefined();
      });

      it('refuses the key with another request with IdempotencyKeyReusedError, storing nothing of it', async () => {
        const first = aUser();
        const idempotency = anIdempotencyKey(first.createdAt);
        await repository.create(first, idempotency);
        const other = aUser();
        await expect(repository.create(other, { ...idempotency, fingerprint: 'another request' })).rejects.toThrow(
          IdempotencyKeyReusedError,
        );
        expect(await repository.findById(other.id)).toBeUndefined();
        expect(await repository.create(other)).toEqual(other);
      });

      it("keeps each caller's keys apart: the same key of another caller is a new request", async () => {
        const first = aUser();
        const idempotency = anIdempotencyKey(first.createdAt);
        await repository.create(first, idempotency);
        const second = aUser();
        const otherCaller = { ...idempotency, scope: anIdempotencyKey(first.createdAt).scope, fingerprint: 'x' };
        expect(await repository.create(second, otherCaller)).toEqual(second);
        expect(await repository.findById(second.id)).toEqual(second);
      });

      it('treats a key past its expiry as never used, though it may still be stored', async () => {
        const first = aUser();
        const idempotency = anIdempotencyKey(first.createdAt, {
          expiresAt: new Date(Date.parse(first.createdAt) + 2000),
        });
        await repository.create(first, idempotency);
        const later = aUser({ createdAt: secondsAfter(first.createdAt, 3) });
        const renewed = {
          ...idempotency,
          fingerprint: 'a new request',
          expiresAt: new Date(secondsAfter(later.createdAt, 60)),
        };
        expect(await repository.create(later, renewed)).toEqual(later);
        // The key now belongs to the new request, until its own expiry.
        const retry = aUser({ createdAt: secondsAfter(later.createdAt, 10) });
        expect(await repository.create(retry, renewed)).toEqual(later);
        await expect(repository.create(retry, idempotency)).rejects.toThrow(IdempotencyKeyReusedError);
      });

      it('records nothing for a create refused for a taken email: the key is still free', async () => {
        const holder = await created();
        const idempotency = anIdempotencyKey(holder.createdAt);
        await expect(repository.create(aUser({ email: holder.email }), idempotency)).rejects.toThrow(EmailTakenError);
        const fresh = aUser();
        expect(await repository.create(fresh, idempotency)).toEqual(fresh);
      });

      it(`answers ${racingCreates} concurrent sends of one request with the one user stored`, async () => {
        const email = aUser().email;
        const racers = Array.from({ length: racingCreates }, () => aUser({ email }));
        const idempotency = anIdempotencyKey(racers[0]!.createdAt);
        const answers = await Promise.all(racers.map((user) => repository.create(user, idempotency)));
        const stored = [...(await repository.findByIds(racers.map((user) => user.id))).values()];
        expect(stored).toHaveLength(1);
        expect(answers).toEqual(racers.map(() => stored[0]));
      });
    });

    describe('delete', () => {
      it('returns the removed user and frees its email', async () => {
        const user = await created();
        expect(await repository.delete(user.id)).toEqual(user);
        expect(await repository.findById(user.id)).toBeUndefined();
        const successor = aUser({ email: user.email });
        expect(await repository.create(successor)).toEqual(successor);
      });

      it('returns undefined for a user that does not exist, or no longer does', async () => {
        const user = await created();
        await repository.delete(user.id);
        expect(await repository.delete(user.id)).toBeUndefined();
        expect(await repository.delete(aUser().id)).toBeUndefined();
      });

      it('removes the user with its avatar, as it was when removed', async () => {
        const user = await created();
        const { user: withAvatar } = await repository.replaceAvatar(user.id, anAvatar(user.id));
        expect(await repository.delete(user.id)).toEqual(withAvatar);
      });

      it('returns the user as it was removed, even when its avatar is replaced at the same moment', async () => {
        for (let round = 0; round < 10; round++) {
          const user = await created();
          const avatar = anAvatar(user.id);
          const remove = () => repository.delete(user.id);
          const replace = () => repository.replaceAvatar(user.id, avatar).catch((error: unknown) => error);
          // Started in turn in either order, so each side gets to go first.
          const [removed, replaced] =
            round % 2 === 0
              ? await Promise.all([remove(), replace()])
              : (await Promise.all([replace(), remove()])).reverse();
          // Whichever came first, the removed user shows what deleteUser must clean up after.
          if (replaced instanceof UserNotFoundError) expect(removed).toEqual(user);
          else
            expect([removed, replaced]).toEqual([
              rewritten(user, 1, { avatar }),
              { user: rewritten(user, 1, { avatar }), replaced: null },
            ]);
        }
      });
    });

    describe('findByIds', () => {
      it('returns the stored users among the ids, by id, skipping ids that do not exist', async () => {
        const stored = [await created(), await created(), await created()];
        const missing = Array.from({ length: manyIds - stored.length }, () => aUser().id);
        const found = await repository.findByIds([
          ...missing.slice(0, 70),
          ...stored.map((u) => u.id),
          ...missing.slice(70),
        ]);
        expect(new Map(found)).toEqual(new Map(stored.map((user) => [user.id, user])));
      });

      it('finds a user once however often its id is asked for', async () => {
        const user = await created();
        expect(new Map(await repository.findByIds([user.id, aUser().id, user.id]))).toEqual(new Map([[user.id, user]]));
      });

      it('returns an empty map for no ids', async () => {
        await created();
        expect((await repository.findByIds([])).size).toBe(0);
      });

      it('reads what was written just before', async () => {
        const user = await created();
        const { user: updated } = await repository.replaceAvatar(user.id, anAvatar(user.id));
        expect((await repository.findByIds([user.id])).get(user.id)).toEqual(updated);
      });
    });

    describe('replaceAvatar', () => {
      it('attaches an avatar and returns the updated user and the avatar it replaced', async () => {
        const user = await created();
        const first = anAvatar(user.id);
        const second = anAvatar(user.id);
        expect(await repository.replaceAvatar(user.id, first)).toEqual({
          user: rewritten(user, 1, { avatar: first }),
          replaced: null,
        });
        expect(await repository.replaceAvatar(user.id, second)).toEqual({
          user: rewritten(user, 2, { avatar: second }),
          replaced: first,
        });
        expect(await repository.findById(user.id)).toEqual(rewritten(user, 2, { avatar: second }));
      });

      it('detaches with null, returning the avatar it replaced', async () => {
        const user = await created();
        const avatar = anAvatar(user.id);
        await repository.replaceAvatar(user.id, avatar);
        expect(await repository.replaceAvatar(user.id, null)).toEqual({ user: rewritten(user, 2), replaced: avatar });
        expect(await repository.findById(user.id)).toEqual(rewritten(user, 2));
      });

      it('tells each of concurrent replacements a different predecessor, so no replaced object is forgotten', async () => {
        const user = await created();
        const avatars = Array.from({ length: 8 }, () => anAvatar(user.id));
        const changes = await Promise.all(avatars.map((avatar) => repository.replaceAvatar(user.id, avatar)));
        const current = (await repository.findById(user.id))?.avatar;
        const replaced = changes.map((change) => change.replaced?.key ?? null);
        // The replacements form one chain: null, then every avatar but the last one, each once.
        expect(replaced.sort()).toEqual(
          [null, ...avatars.filter((a) => a.key !== current?.key).map((a) => a.key)].sort(),
        );
      });

      it('throws UserNotFoundError for a user that does not exist, and creates none', async () => {
        const id = aUser().id;
        await expect(repository.replaceAvatar(id, anAvatar(id))).rejects.toThrow(UserNotFoundError);
        expect(await repository.findById(id)).toBeUndefined();
      });
    });

    describe('clearAvatar', () => {
      it('removes the avatar, one version higher, returning the user and the avatar removed', async () => {
        const user = await created();
        const avatar = anAvatar(user.id);
        await repository.replaceAvatar(user.id, avatar);
        expect(await repository.clearAvatar(user.id)).toEqual({ user: rewritten(user, 2), removed: avatar });
        expect(await repository.findById(user.id)).toEqual(rewritten(user, 2));
      });

      it('leaves a user without an avatar as it is: nothing written, nothing removed', async () => {
        const user = await created();
        expect(await repository.clearAvatar(user.id)).toEqual({ user, removed: null });
        expect(await repository.clearAvatar(user.id, [user.version])).toEqual({ user, removed: null });
        expect(await repository.findById(user.id)).toEqual(user);
      });

      it('changes nothing unless the version is expected, with an avatar or without', async () => {
        const user = await created();
        await expect(repository.clearAvatar(user.id, [user.version + 1])).rejects.toThrow(UserVersionMismatchError);
        const avatar = anAvatar(user.id);
        await repository.replaceAvatar(user.id, avatar);
        await expect(repository.clearAvatar(user.id, [user.version])).rejects.toThrow(UserVersionMismatchError);
        expect((await repository.findById(user.id))?.avatar).toEqual(avatar);
        expect(await repository.clearAvatar(user.id, [user.version + 1])).toEqual({
          user: rewritten(user, 2),
          removed: avatar,
        });
      });

      it('throws UserNotFoundError for a user that does not exist, and creates none', async () => {
        const id = aUser().id;
        await expect(repository.clearAvatar(id)).rejects.toThrow(UserNotFoundError);
        await expect(repository.clearAvatar(id, [0])).rejects.toThrow(UserNotFoundError);
        expect(await repository.findById(id)).toBeUndefined();
      });

      it('tells one of concurrent removals the avatar removed, and the others nothing', async () => {
        const user = await created();
        const avatar = anAvatar(user.id);
        await repository.replaceAvatar(user.id, avatar);
        const removals = await Promise.all(Array.from({ length: 4 }, () => repository.clearAvatar(user.id)));
        expect(removals.map((removal) => removal.removed)).toEqual(expect.arrayContaining([avatar, null, null, null]));
        expect(removals.filter((removal) => removal.removed !== null)).toHaveLength(1);
        expect(await repository.findById(user.id)).toEqual(rewritten(user, 2));
      });
    });

    describe('detachAvatar', () => {
      it('detaches only while the record still points at that key', async () => {
        const user = await created();
        const avatar = anAvatar(user.id);
        await repository.replaceAvatar(user.id, avatar);
        expect(await repository.detachAvatar(user.id, anAvatar(user.id).key)).toBe(false);
        expect((await repository.findById(user.id))?.avatar).toEqual(avatar);
        expect(await repository.detachAvatar(user.id, avatar.key)).toBe(true);
        expect(await repository.findById(user.id)).toEqual(rewritten(user, 2));
        expect(await repository.detachAvatar(user.id, avatar.key)).toBe(false);
      });

      it('answers false for a user that does not exist, and creates none', async () => {
        const id = aUser().id;
        expect(await repository.detachAvatar(id, anAvatar(id).key)).toBe(false);
        expect(await repository.findById(id)).toBeUndefined();
      });
    });

    describe('update', () => {
      it('changes the name, one version higher, and reads back as returned', async () => {
        const user = await created();
        const updated = await repository.update(user.id, { name: 'Grace Hopper' });
        expect(updated).toEqual(rewritten(user, 1, { name: 'Grace Hopper' }));
        expect(await repository.findById(user.id)).toEqual(updated);
      });

      it('moves the email reservation with the email: the old one is free, the new one taken', async () => {
        const user = await created();
        const email = aUser().email;
        expect(await repository.update(user.id, { email, name: 'Renamed' })).toEqual(
          rewritten(user, 1, { email, name: 'Renamed' }),
        );
        expect(await repository.findByEmail(email)).toEqual(rewritten(user, 1, { email, name: 'Renamed' }));
        expect(await repository.findByEmail(user.email)).toBeUndefined();
        await expect(repository.create(aUser({ email }))).rejects.toThrow(EmailTakenError);
        const successor = aUser({ email: user.email });
        expect(await repository.create(successor)).toEqual(successor);
      });

      it("refuses another user's email with EmailTakenError, changing neither user nor any reservation", async () => {
        const [user, holder] = [await created(), await created()];
        await expect(repository.update(user.id, { email: holder.email, name: 'New' })).rejects.toThrow(EmailTakenError);
        expect(await repository.findById(user.id)).toEqual(user);
        expect(await repository.findByEmail(holder.email)).toEqual(holder);
        expect(await repository.findByEmail(user.email)).toEqual(user);
      });

      it('writes nothing for changes that leave the user as it is', async () => {
        const user = await created();
        expect(await repository.update(user.id, { name: user.name, email: user.email })).toEqual(user);
        expect(await repository.findById(user.id)).toEqual(user);
      });

      it('throws UserNotFoundError for a user that does not exist, and creates none', async () => {
        const missing = aUser();
        await expect(repository.update(missing.id, { name: 'x' })).rejects.toThrow(UserNotFoundError);
        expect(await repository.findById(missing.id)).toBeUndefined();
        expect(await repository.findByEmail(missing.email)).toBeUndefined();
      });

      it('writes only while the version is one of the expected ones; otherwise UserVersionMismatchError', async () => {
        const user = await created();
        for (const expected of [[user.version + 1], [], [0, 7]]) {
          await expect(repository.update(user.id, { email: aUser().email }, expected)).rejects.toThrow(
            UserVersionMismatchError,
          );
        }
        await expect(repository.update(user.id, { name: user.name }, [user.version + 1])).rejects.toThrow(
          UserVersionMismatchError,
        );
        expect(await repository.findById(user.id)).toEqual(user);
        const updated = await repository.update(user.id, { name: 'Matched' }, [5, user.version]);
        expect(updated).toEqual(rewritten(user, 1, { name: 'Matched' }));
      });

      it('lets one of concurrent updates expecting the same version win; the others get UserVersionMismatchError', async () => {
        const user = await created();
        const emails = Array.from({ length: 6 }, () => aUser().email);
        const results = await Promise.allSettled(
          emails.map((email) => repository.update(user.id, { email }, [user.version])),
        );
        const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
        expect(won).toHaveLength(1);
        for (const result of results)
          if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(UserVersionMismatchError);
        expect(await repository.findById(user.id)).toEqual(won[0]);
        // Only the winner's email is reserved: the losers' are free.
        for (const email of emails.filter((email) => email !== won[0]!.email))
          expect(await repository.findByEmail(email)).toBeUndefined();
      });

      it('lets one of an email change and a create of that email win, leaving every reservation with its user', async () => {
        for (let round = 0; round < 6; round++) {
          const user = await created();
          const racer = aUser();
          const [patched, createdRacer] = await Promise.allSettled([
            repository.update(user.id, { email: racer.email }),
            repository.create(racer),
          ]);
          expect([patched.status, createdRacer.status].sort()).toEqual(['fulfilled', 'rejected']);
          const holder = patched.status === 'fulfilled' ? user.id : racer.id;
          expect((await repository.findByEmail(racer.email))?.id).toBe(holder);
          if (patched.status === 'rejected') {
            expect(patched.reason).toBeInstanceOf(EmailTakenError);
            expect(await repository.findByEmail(user.email)).toEqual(user);
          } else {
            expect((createdRacer as PromiseRejectedResult).reason).toBeInstanceOf(EmailTakenError);
            expect(await repository.findByEmail(user.email)).toBeUndefined();
          }
        }
      });
    });

    describe('findByEmail', () => {
      it('finds a user by its email, and nothing for an email no user holds (any more)', async () => {
        const user = await created();
        expect(await repository.findByEmail(user.email)).toEqual(user);
        expect(await repository.findByEmail(aUser().email)).toBeUndefined();
        await repository.delete(user.id);
        expect(await repository.findByEmail(user.email)).toBeUndefined();
      });
    });

    describe('writes expecting a version', () => {
      it('replaces the avatar only while the version is expected', async () => {
        const user = await created();
        await expect(repository.replaceAvatar(user.id, anAvatar(user.id), [user.version + 1])).rejects.toThrow(
          UserVersionMismatchError,
        );
        expect(await repository.findById(user.id)).toEqual(user);
        const avatar = anAvatar(user.id);
        expect(await repository.replaceAvatar(user.id, avatar, [user.version])).toEqual({
          user: rewritten(user, 1, { avatar }),
          replaced: null,
        });
        await expect(repository.replaceAvatar(aUser().id, null, [1])).rejects.toThrow(UserNotFoundError);
      });

      it('deletes only while the version is expected', async () => {
        const user = await created();
        await expect(repository.delete(user.id, [user.version + 1])).rejects.toThrow(UserVersionMismatchError);
        expect(await repository.findById(user.id)).toEqual(user);
        expect(await repository.delete(user.id, [user.version])).toEqual(user);
        expect(await repository.findById(user.id)).toBeUndefined();
        expect(await repository.delete(user.id, [user.version])).toBeUndefined();
      });
    });

    describe('list', () => {
      it('lists nothing, without a next page, when there are no users', async () => {
        expect(await repository.list({ limit: 5 })).toEqual({ users: [] });
      });

      it('lists newest first, and users created at the same moment by id, the greater first', async () => {
        const [older, newer] = usersOverTime(2);
        const sameMoment = Array.from({ length: 3 }, () => aUser({ createdAt: newer!.createdAt }));
        for (const user of [older!, newer!, ...sameMoment]) await repository.create(user);
        const byIdDescending = [newer!, ...sameMoment].sort((a, b) => (a.id < b.id ? 1 : -1));
        expect((await repository.list({ limit: 10 })).users).toEqual([...byIdDescending, older]);
      });

      it.each([
        ['ends within a page', 11, 4],
        ['ends exactly at a page boundary', 12, 4],
        ['fits on one page', 4, 4],
      ])('visits each user exactly once, page by page, when the listing %s', async (_, count, limit) => {
        const users = usersOverTime(count);
        await Promise.all(users.map((user) => repository.create(user)));
        const pages = await allPages(repository, limit);
        expect(pages.flatMap((page) => page.users)).toEqual(users.reverse());
        expect(pages).toHaveLength(Math.ceil(count / limit));
        for (const page of pages.slice(0, -1)) expect(page.users).toHaveLength(limit);
        expect(pages.at(-1)).not.toHaveProperty('next');
      });

      it('resumes after a position even when the user there was deleted meanwhile', async () => {
        const users = usersOverTime(5).reverse();
        await Promise.all(users.map((user) => repository.create(user)));
        const first = await repository.list({ limit: 2 });
        expect(first.users).toEqual(users.slice(0, 2));
        await repository.delete(users[1]!.id);
        const second = await repository.list({ limit: 2, after: first.next! });
        expect(second.users).toEqual(users.slice(2, 4));
        expect(second.next).toBeDefined();
      });

      it('shows a user as last written', async () => {
        const user = await created();
        const { user: updated } = await repository.replaceAvatar(user.id, anAvatar(user.id));
        expect((await repository.list({ limit: 1 })).users).toEqual([updated]);
      });
    });
  });
}
