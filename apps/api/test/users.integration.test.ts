// The users routes on DynamoDB Local, for what only its semantics show: one winner among concurrent
// creates with one email (a conditional transaction), and paging through the real listing index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, json, type ApiUnderTest } from './api-harness.js';
import { startApiUnderTest } from './emulator-harness.js';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApiUnderTest();
});
afterAll(() => api?.stop());

describe('POST /users on DynamoDB', () => {
  it('lets exactly one of 50 concurrent creates with one email win', async () => {
    const email = aUser().email;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.call('/users', json({ name: `racer ${i}`, email }))),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  });
});

describe('GET /users on DynamoDB', () => {
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
});
