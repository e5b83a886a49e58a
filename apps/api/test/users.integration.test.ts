// The users routes on DynamoDB Local, for what only its semantics show: one winner among concurrent
// creates with one email (a conditional transaction), and paging through the real listing index.
// Through the typed client (emulator-harness.ts).
import type { components } from '@platform/users-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from './api-harness.js';
import { startApiUnderTest, type EmulatorApi } from './emulator-harness.js';
import { newUser } from './typed-client.js';

type UserPage = components['schemas']['UserPage'];

let api: EmulatorApi;
beforeAll(async () => {
  api = await startApiUnderTest();
});
afterAll(() => api?.stop());

describe('POST /users on DynamoDB', () => {
  it('lets exactly one of 50 concurrent creates with one email win', async () => {
    const email = aUser().email;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.client.POST('/users', { body: { name: `racer ${i}`, email } })),
    );
    const statuses = responses.map((r) => r.response.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  });
});

describe('GET /users on DynamoDB', () => {
  it('pages through users with an opaque cursor, each exactly once', async () => {
    const created = new Set<string>();
    for (let i = 0; i < 25; i++) created.add((await newUser(api.client)).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { data: page, response }: { data?: UserPage; response: Response } = await api.client.GET('/users', {
        params: { query: { limit: '7', ...(cursor ? { cursor } : {}) } },
      });
      expect(response.status).toBe(200);
      expect(page!.items.length).toBeLessThanOrEqual(7);
      seen.push(...page!.items.map((u) => u.id));
      cursor = page!.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of created) expect(seen).toContain(id);
  });

  it('defaults to 20 items', async () => {
    const { data: page } = await api.client.GET('/users');
    expect(page!.items).toHaveLength(20);
    expect(page!.nextCursor).toEqual(expect.any(String));
  });
});
