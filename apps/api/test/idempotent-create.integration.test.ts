// Issue 15, finding 2, on the real emulators: DynamoDB stalls (the fault proxy holds its traffic,
// as a stopped process would) while the create's TransactWriteItems is in flight, the API times out
// and answers 503, then DynamoDB resumes and commits the held transaction. The create did happen:
// a retry with the same Idempotency-Key must get 201 with that user's id, not 409.
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser } from './api-harness.js';
import { startApiUnderTest, type EmulatorApi } from './emulator-harness.js';

let local: Awaited<ReturnType<typeof useSharedEmbeddedAws>>;
let api: EmulatorApi;
beforeAll(async () => {
  local = await useSharedEmbeddedAws();
  // Short SDK time-outs keep the stall short; generous enough for the calls that are not held.
  api = await startApiUnderTest({ local, aws: { requestTimeoutMs: 1_500, maxAttempts: 2 } });
});
afterAll(async () => {
  await api?.stop();
  await local?.stop();
});

type NewUser = ReturnType<typeof aUser>;
const withKey = (body: NewUser, key: string) => ({ body, params: { header: { 'idempotency-key': `"${key}"` } } });

/** The user listed with this email, once there is one. */
async function listedWithEmail(email: string) {
  const { data: page } = await api.client.GET('/users', { params: { query: { limit: '100' } } });
  return page?.items.find((user) => user.email === email);
}

describe('a create whose transaction commits after the API answered 503', () => {
  it('answers the retry with the same Idempotency-Key 201 with the id stored; without the key it is 409', async () => {
    const body = aUser();
    const key = crypto.randomUUID();
    const holding = local.faults.dynamodb.freeze();
    const answer = api.client.POST('/users', withKey(body, key));
    await holding;
    let first: Awaited<typeof answer>;
    try {
      first = await answer;
    } finally {
      local.faults.dynamodb.thaw();
    }
    expect(first.response.status).toBe(503);
    expect(first.response.headers.get('retry-after')).toMatch(/^\d+$/);

    // The held transaction lands once DynamoDB resumes: the user exists though the client got 503.
    await expect.poll(() => listedWithEmail(body.email), { timeout: 10_000 }).toBeDefined();
    const stored = await listedWithEmail(body.email);

    expect((await api.client.POST('/users', { body })).response.status).toBe(409);
    const retry = await api.client.POST('/users', withKey(body, key));
    expect(retry.response.status).toBe(201);
    expect(retry.response.headers.get('location')).toBe(`/users/${stored!.id}`);
    expect(retry.data).toEqual(stored);
    expect((await api.client.POST('/user', withKey(body, key))).response.status).toBe(201);
    expect((await api.client.POST('/users', withKey(aUser(), key))).response.status).toBe(422);
  });
});
