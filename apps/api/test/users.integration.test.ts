import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, json, startApiUnderTest, type ApiUnderTest } from './api-harness.js';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApiUnderTest();
});
afterAll(() => api?.stop());

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = await response.json();
  expect(problem).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
    requestId: expect.any(String),
  });
  expect(JSON.stringify(problem)).not.toMatch(/at .*\.(ts|js):\d+|Exception|\$metadata/);
  return problem;
}

describe('POST /users', () => {
  it('creates a user, normalises the email and names it in Location', async () => {
    const response = await api.call('/users', json({ name: '  Ada Lovelace ', email: 'Ada@Example.COM' }));
    expect(response.status).toBe(201);
    const user = await response.json();
    expect(user).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', avatar: null });
    expect(response.headers.get('location')).toBe(`/users/${user.id}`);
    expect(await (await api.call(`/users/${user.id}`)).json()).toEqual(user);
  });

  it('also answers on the original path POST /user', async () => {
    const response = await api.call('/user', json(aUser()));
    expect(response.status).toBe(201);
  });

  it('refuses a taken email whatever its case, with 409', async () => {
    const body = aUser();
    expect((await api.call('/users', json(body))).status).toBe(201);
    const problem = await expectProblem(
      await api.call('/users', json({ ...body, email: body.email.toUpperCase() })),
      409,
    );
    expect(problem.code).toBe('USER.EMAIL_TAKEN');
  });

  it('lets exactly one of 50 concurrent creates with one email win', async () => {
    const email = aUser().email;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.call('/users', json({ name: `racer ${i}`, email }))),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  });

  it('lists every invalid field in a 400', async () => {
    const problem = await expectProblem(await api.call('/users', json({ name: '', email: 'nope', extra: 1 })), 400);
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.email', 'body.name']);
  });

  it('refuses malformed JSON with 400', async () => {
    await expectProblem(
      await api.call('/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }),
      400,
    );
  });

  it('refuses a body that is not JSON with 415', async () => {
    await expectProblem(
      await api.call('/users', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=x' }),
      415,
    );
    await expectProblem(
      await api.call('/users', { method: 'POST', body: new URLSearchParams({ name: 'x', email: 'x@example.com' }) }),
      415,
    );
  });

  it('refuses a body over 16 KiB with 413', async () => {
    await expectProblem(await api.call('/users', json({ name: 'x'.repeat(17 * 1024), email: 'big@example.com' })), 413);
  });
});

describe('GET /users', () => {
  it('pages through users with an opaque cursor, each exactly once', async () => {
    const created = new Set<string>();
    for (let i = 0; i < 25; i++) created.add((await (await api.call('/users', json(aUser()))).json()).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: Response = await api.call(
        `/users?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.status).toBe(200);
      const page = await response.json();
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((u: { id: string }) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of created) expect(seen).toContain(id);
  });

  it('defaults to 20 items', async () => {
    const page = await (await api.call('/users')).json();
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it.each(['0', '101', 'x', '1.5'])('refuses limit=%s with 400', async (limit) => {
    await expectProblem(await api.call(`/users?limit=${limit}`), 400);
  });

  it.each(['garbage', 'eyJjIjoxfQ.abc', '../../etc', 'a.b.c', '%00'])(
    'refuses the cursor %s with 400',
    async (cursor) => {
      const problem = await expectProblem(await api.call(`/users?cursor=${encodeURIComponent(cursor)}`), 400);
      expect(problem.code).toBe('PAGINATION.INVALID_CURSOR');
    },
  );
});

describe('GET and DELETE /users/{id}', () => {
  it('answers 404 for an unknown id and 400 for one that cannot be an id', async () => {
    await expectProblem(await api.call('/users/0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d'), 404);
    await expectProblem(await api.call('/users/not-a-uuid'), 400);
  });

  it('deletes a user and frees its email for a new one', async () => {
    const body = aUser();
    const user = await (await api.call('/users', json(body))).json();
    expect((await api.call(`/users/${user.id}`, { method: 'DELETE' })).status).toBe(204);
    await expectProblem(await api.call(`/users/${user.id}`), 404);
    await expectProblem(await api.call(`/users/${user.id}`, { method: 'DELETE' }), 404);
    expect((await api.call('/users', json(body))).status).toBe(201);
  });
});
