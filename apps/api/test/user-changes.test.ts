// Changing users after they were created, in-process over the in-memory ports: PATCH (a JSON merge
// patch of name and email), ETag on every user response and If-Match on PATCH and both DELETEs,
// removing only the avatar, and the email lookup. Every refused request is read back to show that
// nothing changed. DynamoDB's side of it (the email move's transaction, racing If-Match writes)
// is in user-changes.integration.test.ts.
import type { UsersContext } from '@platform/users-domain';
import type { InMemoryAvatarStore } from '@platform/users-domain/testing';
import { describe, expect, it } from 'vitest';
import { apiInMemory, aUser, expectProblem, json, pngBytes } from './api-harness.js';

let ctx!: UsersContext;
const api = apiInMemory({ wrapContext: (inner) => (ctx = inner) });
const store = () => ctx.avatars as InMemoryAvatarStore;

interface UserBody {
  id: string;
  name: string;
  email: string;
  avatar: unknown;
}

async function newUser(body = aUser()): Promise<{ user: UserBody; etag: string }> {
  const response = await api.call('/users', json(body));
  expect(response.status).toBe(201);
  return { user: await response.json(), etag: response.headers.get('etag')! };
}

/** The user as stored now, with its ETag. */
async function current(id: string) {
  const response = await api.call(`/users/${id}`);
  return { status: response.status, etag: response.headers.get('etag'), user: await response.json() };
}

const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  api.call(`/users/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('ETag', () => {
  it('comes with every response that carries a user, and changes with every write', async () => {
    const created = await api.call('/users', json(aUser()));
    expect(created.headers.get('etag')).toBe('"1"');
    const user = await created.json();
    expect((await current(user.id)).etag).toBe('"1"');
    expect((await api.call('/user', json(aUser()))).headers.get('etag')).toBe('"1"');
    const uploaded = await api.call(`/users/${user.id}/avatar`, { method: 'PUT', body: pngBytes() });
    expect(uploaded.headers.get('etag')).toBe('"2"');
    expect((await patch(user.id, { name: 'Renamed' })).headers.get('etag')).toBe('"3"');
    expect((await current(user.id)).etag).toBe('"3"');
  });

  it('is not part of the users in a listing: the body is the same User everywhere', async () => {
    await newUser();
    const page = await (await api.call('/users?limit=1')).json();
    expect(Object.keys(page.items[0]).sort()).toEqual(['avatar', 'createdAt', 'email', 'id', 'name']);
  });
});

describe('PATCH /users/{id}', () => {
  it('changes the name, as a merge patch, and answers the user with its new ETag', async () => {
    const { user } = await newUser();
    const response = await patch(user.id, { name: '  Ada King ' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ...user, name: 'Ada King' });
    expect(await current(user.id)).toMatchObject({ etag: '"2"', user: { ...user, name: 'Ada King' } });
  });

  it('changes the email (also sent as application/json), normalised, and frees the old one', async () => {
    const { user } = await newUser();
    const email = aUser().email;
    const response = await patch(
      user.id,
      { email: `  ${email.toUpperCase()} ` },
      { 'content-type': 'application/json' },
    );
    expect(response.status).toBe(200);
    expect((await response.json()).email).toBe(email);
    const found = await (await api.call(`/users?email=${encodeURIComponent(email)}`)).json();
    expect(found.items.map((u: UserBody) => u.id)).toEqual([user.id]);
    expect((await api.call('/users', json(aUser({ email: user.email })))).status).toBe(201);
  });

  it('answers a patch that changes nothing with the user and its ETag unchanged', async () => {
    const { user, etag } = await newUser();
    const response = await patch(user.id, { name: user.name, email: user.email.toUpperCase() });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(etag);
    expect(await current(user.id)).toMatchObject({ etag, user });
  });

  it.each([
    ['unknown members', { name: 'x', role: 'admin' }, 'REQUEST.INVALID'],
    ['an empty patch', {}, 'USER.EMPTY_PATCH'],
    ['a null name', { name: null }, 'REQUEST.INVALID'],
    ['a null email', { email: null }, 'REQUEST.INVALID'],
    ['an invalid email', { email: 'not an email' }, 'REQUEST.INVALID'],
    ['an empty name', { name: '   ' }, 'REQUEST.INVALID'],
    ['an array', [{ name: 'x' }], 'REQUEST.INVALID'],
    ['malformed JSON', '{"name":', 'REQUEST.MALFORMED'],
  ])('refuses %s with 400 %s, changing nothing', async (_, body, code) => {
    const { user, etag } = await newUser();
    const problem = await expectProblem(await patch(user.id, body), 400);
    expect(problem.code).toBe(code);
    expect(await current(user.id)).toMatchObject({ etag, user });
  });

  it('names the unknown member in the 400', async () => {
    const { user } = await newUser();
    const problem = await expectProblem(await patch(user.id, { name: 'x', role: 'admin' }), 400);
    expect(JSON.stringify(problem.errors)).toMatch(/role/);
  });

  it("refuses an email that normalises onto another user's with 409, changing neither", async () => {
    const [{ user }, { user: other, etag: otherTag }] = [await newUser(), await newUser()];
    const problem = await expectProblem(await patch(user.id, { email: ` ${other.email.toUpperCase()}` }), 409);
    expect(problem.code).toBe('USER.EMAIL_TAKEN');
    expect(await current(user.id)).toMatchObject({ etag: '"1"', user });
    expect(await current(other.id)).toMatchObject({ etag: otherTag, user: other });
  });

  it('refuses other media types with 415, and bodies over 16 KiB with 413', async () => {
    const { user, etag } = await newUser();
    for (const type of ['text/plain', 'application/evil+json', 'application/json-patch+json'])
      await expectProblem(await patch(user.id, { name: 'x' }, { 'content-type': type }), 415);
    await expectProblem(await patch(user.id, { name: 'x'.repeat(17 * 1024) }), 413);
    expect(await current(user.id)).toMatchObject({ etag, user });
  });

  it('answers 404 for an unknown user and 400 for what cannot be an id', async () => {
    expect((await expectProblem(await patch('0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d', { name: 'x' }), 404)).code).toBe(
      'USER.NOT_FOUND',
    );
    await expectProblem(await patch('not-a-uuid', { name: 'x' }), 400);
  });
});

describe('If-Match', () => {
  it('lets a PATCH through with the current ETag, and refuses the stale one with 412, changing nothing', async () => {
    const { user, etag } = await newUser();
    const first = await patch(user.id, { name: 'First' }, { 'if-match': etag });
    expect(first.status).toBe(200);
    const problem = await expectProblem(await patch(user.id, { name: 'Second' }, { 'if-match': etag }), 412);
    expect(problem.code).toBe('USER.VERSION_MISMATCH');
    expect(await current(user.id)).toMatchObject({ etag: first.headers.get('etag'), user: { name: 'First' } });
  });

  it('takes a list of tags and "*", and never matches a weak tag', async () => {
    const { user } = await newUser();
    expect((await patch(user.id, { name: 'Listed' }, { 'if-match': '"7", "1"' })).status).toBe(200);
    expect((await patch(user.id, { name: 'Any' }, { 'if-match': '*' })).status).toBe(200);
    await expectProblem(await patch(user.id, { name: 'Weak' }, { 'if-match': 'W/"3"' }), 412);
    expect((await current(user.id)).user.name).toBe('Any');
  });

  it('refuses a patch that would change nothing with 412 when the ETag is stale', async () => {
    const { user } = await newUser();
    await expectProblem(await patch(user.id, { name: user.name }, { 'if-match': '"9"' }), 412);
  });

  it.each(['3', '"3', 'W/3', '"1" "2"', '*, "1"', ''])(
    'refuses the malformed If-Match %j with 400 REQUEST.INVALID_IF_MATCH, changing nothing',
    async (header) => {
      const { user, etag } = await newUser();
      const problem = await expectProblem(await patch(user.id, { name: 'Changed' }, { 'if-match': header }), 400);
      expect(problem.code).toBe('REQUEST.INVALID_IF_MATCH');
      expect(await current(user.id)).toMatchObject({ etag, user });
    },
  );

  it('deletes a user only with its current ETag', async () => {
    const { user } = await newUser();
    const { etag } = await (async () => {
      const response = await patch(user.id, { name: 'Moved on' });
      return { etag: response.headers.get('etag')! };
    })();
    const del = (tag: string) => api.call(`/users/${user.id}`, { method: 'DELETE', headers: { 'if-match': tag } });
    expect((await expectProblem(await del('"1"'), 412)).code).toBe('USER.VERSION_MISMATCH');
    expect((await current(user.id)).status).toBe(200);
    expect((await del(etag)).status).toBe(204);
    expect((await current(user.id)).status).toBe(404);
  });

  it('answers 404, not 412, for a user that does not exist', async () => {
    const missing = '0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d';
    await expectProblem(await patch(missing, { name: 'x' }, { 'if-match': '"1"' }), 404);
    await expectProblem(await api.call(`/users/${missing}`, { method: 'DELETE', headers: { 'if-match': '*' } }), 404);
  });
});

describe('DELETE /users/{id}/avatar', () => {
  async function withAvatar() {
    const { user } = await newUser();
    const uploaded = await api.call(`/users/${user.id}/avatar`, { method: 'PUT', body: pngBytes() });
    expect(uploaded.status).toBe(200);
    const keys = [...store().objects.keys()].filter((key) => key.startsWith(`avatars/${user.id}/`));
    expect(keys).toHaveLength(1);
    return { user, etag: uploaded.headers.get('etag')!, key: keys[0]! };
  }
  const removeAvatar = (id: string, headers: Record<string, string> = {}) =>
    api.call(`/users/${id}/avatar`, { method: 'DELETE', headers });

  it('detaches the avatar, changes the ETag and removes the object', async () => {
    const { user, etag, key } = await withAvatar();
    expect((await removeAvatar(user.id, { 'if-match': etag })).status).toBe(204);
    const after = await current(user.id);
    expect(after.user.avatar).toBeNull();
    expect(after.etag).not.toBe(etag);
    expect(store().objects.has(key)).toBe(false);
    await expectProblem(await api.call(`/users/${user.id}/avatar`, { redirect: 'manual' }), 404);
  });

  it('still detaches when storage refuses, and logs the object as left for the sweeper', async () => {
    const { user, key } = await withAvatar();
    store().failDeletes = true;
    try {
      expect((await removeAvatar(user.id)).status).toBe(204);
    } finally {
      store().failDeletes = false;
    }
    expect((await current(user.id)).user.avatar).toBeNull();
    expect(store().objects.has(key)).toBe(true);
    expect(api.logs).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'avatar object left for the sweeper', key }),
    );
  });

  it('answers 204 again for a user without an avatar, changing nothing', async () => {
    const { user, etag } = await newUser();
    expect((await removeAvatar(user.id)).status).toBe(204);
    expect((await removeAvatar(user.id, { 'if-match': etag })).status).toBe(204);
    expect(await current(user.id)).toMatchObject({ etag, user });
  });

  it('refuses a stale ETag with 412, keeping the avatar and its object', async () => {
    const { user, key } = await withAvatar();
    expect((await expectProblem(await removeAvatar(user.id, { 'if-match': '"1"' }), 412)).code).toBe(
      'USER.VERSION_MISMATCH',
    );
    expect((await current(user.id)).user.avatar).not.toBeNull();
    expect(store().objects.has(key)).toBe(true);
  });

  it('answers 404 for an unknown user and 400 for a malformed If-Match', async () => {
    await expectProblem(await removeAvatar('0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d'), 404);
    const { user } = await newUser();
    expect((await expectProblem(await removeAvatar(user.id, { 'if-match': 'nope' }), 400)).code).toBe(
      'REQUEST.INVALID_IF_MATCH',
    );
  });
});

describe('GET /users?email=', () => {
  it('finds the user after the same normalisation as create: a page of one, no next cursor', async () => {
    const { user } = await newUser();
    const query = encodeURIComponent(`  ${user.email.toUpperCase()} `);
    const response = await api.call(`/users?email=${query}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [user], nextCursor: null });
  });

  it('answers an empty page for an email no user holds', async () => {
    expect(await (await api.call('/users?email=nobody-here%40example.com')).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('refuses an email with a cursor, and an invalid email, with 400 naming the field', async () => {
    const page = await (await api.call('/users?limit=1')).json();
    await newUser();
    const withCursor = await expectProblem(
      await api.call(`/users?email=a%40example.com&cursor=${encodeURIComponent(page.nextCursor ?? 'x')}`),
      400,
    );
    expect(withCursor).toMatchObject({ code: 'REQUEST.INVALID', errors: [{ field: 'query.cursor' }] });
    const invalid = await expectProblem(await api.call('/users?email=not-an-email'), 400);
    expect(invalid).toMatchObject({ code: 'REQUEST.INVALID', errors: [{ field: 'query.email' }] });
  });
});
