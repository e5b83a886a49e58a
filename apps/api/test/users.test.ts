// The users routes in-process (app.request over in-memory ports): statuses, validation and
// problem+json. What needs DynamoDB's semantics (conditional transactions under concurrency, the
// listing index) is in users.integration.test.ts.
import { describe, expect, it } from 'vitest';
import { apiInMemory, aUser, expectProblem, json } from './api-harness.js';

const api = apiInMemory();

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

  it('takes application/json in any letter case, with parameters, and nothing else ending in +json', async () => {
    const create = (contentType: string) =>
      api.call('/users', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify(aUser()),
      });
    expect((await create('Application/JSON; charset=utf-8')).status).toBe(201);
    await expectProblem(await create('application/evil+json'), 415);
  });

  it('refuses a body in another charset with 415 and bytes that are not UTF-8 with 400, storing nothing', async () => {
    const create = (contentType: string, body: Uint8Array) =>
      api.call('/users', { method: 'POST', headers: { 'content-type': contentType }, body });
    const text = (value: string) => new TextEncoder().encode(value);
    await expectProblem(
      await create('application/json; charset=iso-8859-1', text('{"name":"Ren","email":"latin@example.com"}')),
      415,
    );
    // "Renée" with é as the single Latin-1 byte 0xE9: not UTF-8.
    const invalid = new Uint8Array([...text('{"name":"Ren'), 0xe9, ...text('e","email":"bytes@example.com"}')]);
    const problem = await expectProblem(await create('application/json', invalid), 400);
    expect(problem.detail).toMatch(/UTF-8/);
    const listed = await (await api.call('/users')).json();
    expect(listed.items.map((user: { email: string }) => user.email)).not.toContain('bytes@example.com');
  });

  it('refuses a body over 16 KiB with 413', async () => {
    await expectProblem(await api.call('/users', json({ name: 'x'.repeat(17 * 1024), email: 'big@example.com' })), 413);
  });
});

describe('GET /users', () => {
  it.each(['limit=0', 'limit=101', 'limit=x', 'limit=1.5', 'limit=0x10', 'limit=1e2', 'limit=5&limit=7'])(
    'refuses %s with 400 naming the rule',
    async (query) => {
      const problem = await expectProblem(await api.call(`/users?${query}`), 400);
      expect(JSON.stringify(problem)).toMatch(/whole number from 1 to 100/);
    },
  );

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
