// POST /users and POST /user with an Idempotency-Key, in-process over the in-memory ports (which
// keep the same repository contract as DynamoDB: packages/users-domain/testing). The same fault on
// the real emulators, a transaction that commits after the API answered 503, is in
// idempotent-create.integration.test.ts.
import { DependencyUnavailableError, type UserRepository } from '@platform/users-domain';
import { describe, expect, it } from 'vitest';
import { apiInMemory, aUser, expectProblem, json, rotatedApiKey } from './api-harness.js';

const withKey = (body: unknown, key: string, headers: Record<string, string> = {}) =>
  json(body, { headers: { 'idempotency-key': key, ...headers } });

/** The parts of a problem that do not change from one request to the next. */
const stable = ({ requestId: _, instance: __, ...rest }: Record<string, unknown>) => rest;

describe('POST /users with an Idempotency-Key', () => {
  const api = apiInMemory();

  it('answers a retry of the same request with the first answer, and creates one user', async () => {
    const body = aUser();
    const key = crypto.randomUUID();
    const first = await api.call('/users', withKey(body, key));
    expect(first.status).toBe(201);
    const created = await first.json();
    for (const path of ['/users', '/user']) {
      const retry = await api.call(path, withKey(body, key));
      expect(retry.status).toBe(201);
      expect(retry.headers.get('location')).toBe(`/users/${created.id}`);
      expect(await retry.json()).toEqual(created);
    }
    const page = await (await api.call('/users?limit=100')).json();
    expect(page.items.filter((user: { email: string }) => user.email === body.email)).toEqual([created]);
  });

  it('takes the quoted form of the draft and a bare key as the same key', async () => {
    const body = aUser();
    const key = `k-${crypto.randomUUID()}`;
    const created = await (await api.call('/users', withKey(body, key))).json();
    const retry = await api.call('/users', withKey(body, `"${key}"`));
    expect([retry.status, await retry.json()]).toEqual([201, created]);
  });

  it('reads escapes in a quoted key', async () => {
    const body = aUser();
    const key = `"order 7 of \\"ada\\" ${crypto.randomUUID()}"`;
    const created = await (await api.call('/users', withKey(body, key))).json();
    expect(await (await api.call('/users', withKey(body, key))).json()).toEqual(created);
    expect((await api.call('/users', withKey(aUser(), key))).status).toBe(422);
  });

  it('refuses the key with a different body with 422 and a stable code, creating nothing', async () => {
    const key = crypto.randomUUID();
    await api.call('/users', withKey(aUser(), key));
    const other = aUser();
    const problem = await expectProblem(await api.call('/users', withKey(other, key)), 422);
    expect(problem).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED', title: 'Unprocessable Content' });
    expect((await api.call('/users', json(other))).status).toBe(201);
  });

  it("keeps each API key's idempotency keys apart", async () => {
    const body = aUser();
    const key = crypto.randomUUID();
    expect((await api.call('/users', withKey(body, key))).status).toBe(201);
    const otherCaller = await api.call('/users', withKey(body, key, { 'x-api-key': rotatedApiKey }));
    expect((await expectProblem(otherCaller, 409)).code).toBe('USER.EMAIL_TAKEN');
    expect((await api.call('/users', withKey(aUser(), key, { 'x-api-key': rotatedApiKey }))).status).toBe(201);
  });

  it('answers a taken email with the same 409 with a key as without one', async () => {
    const body = aUser();
    await api.call('/users', json(body));
    const without = await expectProblem(await api.call('/users', json(body)), 409);
    const withNewKey = await expectProblem(await api.call('/users', withKey(body, crypto.randomUUID())), 409);
    expect(stable(withNewKey)).toEqual(stable(without));
  });

  it.each([
    ['empty', ''],
    ['an empty quoted string', '""'],
    ['longer than 255 characters', 'k'.repeat(256)],
    ['quoted and longer than 255 characters', `"${'k'.repeat(256)}"`],
    ['not ASCII', 'clé'],
    ['holding a tab', 'a\tb'],
    ['two keys', 'a, b'],
    ['an unterminated quote', '"abc'],
    ['a quote with text after it', '"abc"def'],
  ])('refuses a key that is %s with 400 and a code, creating nothing', async (_, key) => {
    const body = aUser();
    const problem = await expectProblem(await api.call('/users', withKey(body, key)), 400);
    expect(problem.code).toBe('IDEMPOTENCY.INVALID_KEY');
    expect((await api.call('/users', json(body))).status).toBe(201);
  });

  it('takes a key of 255 characters', async () => {
    expect((await api.call('/users', withKey(aUser(), 'k'.repeat(255)))).status).toBe(201);
  });

  it('describes the header and the 422 in the OpenAPI document, on both paths', async () => {
    const document = await (await api.fetch('/openapi.json')).json();
    for (const path of ['/users', '/user']) {
      const operation = document.paths[path].post;
      expect(operation.parameters).toContainEqual(
        expect.objectContaining({ name: 'idempotency-key', in: 'header', required: false }),
      );
      expect(operation.responses['422'].content['application/problem+json']).toBeDefined();
    }
  });
});

describe('a create whose answer was lost after it was stored', () => {
  /** The repository stores the user, then reports DynamoDB unavailable: a time-out after the commit. */
  const commitThenTimeOut = () => {
    let failNext = true;
    return apiInMemory({
      wrapContext: (ctx) => {
        const users: UserRepository = Object.create(ctx.users);
        users.create = async (...args) => {
          const stored = await ctx.users.create(...args);
          if (failNext) {
            failNext = false;
            throw new DependencyUnavailableError('DynamoDB', { cause: new Error('socket timed out') });
          }
          return stored;
        };
        return { ...ctx, users };
      },
    });
  };

  it('answers the retry with its key 201 and the id stored, where a retry without one gets 409', async () => {
    const api = commitThenTimeOut();
    const body = aUser();
    const key = crypto.randomUUID();
    await expectProblem(await api.call('/users', withKey(body, key)), 503);
    expect((await api.call('/users', json(body))).status).toBe(409);
    const retry = await api.call('/users', withKey(body, key));
    expect(retry.status).toBe(201);
    const user = await retry.json();
    expect(await (await api.call(`/users/${user.id}`)).json()).toEqual(user);
  });
});
