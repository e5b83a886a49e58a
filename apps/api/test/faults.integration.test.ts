// Fault injection with real processes and real network behaviour: DynamoDB stopped under load, a
// backend that answers too slowly (the fault proxy in front of DynamoDB Local delays every chunk), DynamoDB
// failing or stalling after an avatar was written to S3. Every case is bounded in time.
import type { UserRepository } from '@platform/users-domain';
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, pngBytes } from './api-harness.js';
import { startApiUnderTest, type EmulatorApi } from './emulator-harness.js';
import { binaryBody, clientOf, newUser, userPath } from './typed-client.js';

let local: Awaited<ReturnType<typeof useSharedEmbeddedAws>>;
beforeAll(async () => {
  local = await useSharedEmbeddedAws();
});
afterAll(() => local?.stop());

const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
};

describe('DynamoDB stopped under load', () => {
  it('answers every request 503 with Retry-After in bounded time, stays up, and recovers', async () => {
    const api = await startApiUnderTest({ local });
    const probes = clientOf(api.url, null);
    try {
      const user = await newUser(api.client);
      await local.stopService('dynamodb');
      const requests = Array.from({ length: 60 }, (_, i) =>
        timed(async () =>
          i % 2
            ? (await api.client.GET('/users/{id}', userPath(user.id))).response
            : (await api.client.POST('/users', { body: aUser() })).response,
        ),
      );
      const outcomes = await Promise.all(requests);
      for (const { result, ms } of outcomes) {
        expect(result.status).toBe(503);
        expect(result.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(ms).toBeLessThan(10_000);
      }
      // Ready all along: the pod is fine, the region is not; requests that need DynamoDB get 503.
      expect((await probes.GET('/readyz')).response.status).toBe(200);
      expect((await probes.GET('/healthz')).response.status).toBe(200);
    } finally {
      await local.startService('dynamodb');
    }
    expect((await probes.GET('/readyz')).response.status).toBe(200);
    expect((await api.client.POST('/users', { body: aUser() })).response.status).toBe(201);
    await api.stop();
  });
});

describe('a backend that answers too slowly', () => {
  it('fires the SDK time-outs, answers 503 within them, and keeps memory bounded', async () => {
    const api = await startApiUnderTest({ local });
    const proxy = local.faults.dynamodb;
    try {
      expect((await api.client.POST('/users', { body: aUser() })).response.status).toBe(201);
      proxy.setDelay(8_000);
      const rssBefore = process.memoryUsage().rss;
      const listFive = async () => (await api.client.GET('/users', { params: { query: { limit: '5' } } })).response;
      const outcomes = await Promise.all(Array.from({ length: 100 }, () => timed(listFive)));
      // Two attempts of at most 3 s each, plus back-off: well under the 8 s the backend takes.
      for (const { result, ms } of outcomes) {
        expect(result.status).toBe(503);
        expect(ms).toBeLessThan(7_900);
      }
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
      proxy.setDelay(0);
      expect((await listFive()).status).toBe(200);
    } finally {
      proxy.setDelay(0);
      await api.stop();
    }
  }, 60_000);
});

describe('DynamoDB refusing connections after the avatar was written to S3', () => {
  it('answers 503 and leaves the record as it was', async () => {
    const api = await startApiUnderTest({
      local,
      // The real DynamoDB Local goes away between the S3 write and the record update.
      wrapContext: (ctx) => {
        const users: UserRepository = Object.create(ctx.users);
        users.replaceAvatar = async (...args) => {
          await local.stopService('dynamodb');
          return ctx.users.replaceAvatar(...args);
        };
        return { ...ctx, users };
      },
    });
    try {
      const user = await newUser(api.client);
      const { response } = await api.client.PUT('/users/{id}/avatar', {
        ...userPath(user.id),
        ...binaryBody(pngBytes()),
      });
      expect(response.status).toBe(503);
      await local.startService('dynamodb');
      expect((await api.client.GET('/users/{id}', userPath(user.id))).data!.avatar).toBeNull();
    } finally {
      await local.startService('dynamodb');
      await api.stop();
    }
  });
});

// A stalled DynamoDB (its process stopped) still applies a queued update once it resumes, after the
// API has timed out and answered 503. The API must not have deleted the object that update names.
describe('DynamoDB stalling during the record update, which commits after the API answered', () => {
  let api: EmulatorApi;
  beforeAll(async () => {
    // Short SDK time-outs keep the stall short; generous enough for the calls that are not held.
    api = await startApiUnderTest({ local, aws: { requestTimeoutMs: 1_500, maxAttempts: 2 } });
  });
  afterAll(() => api?.stop());

  /**
   * Sends the request with S3 held, so the API has read the user and is writing or reading the
   * object; then freezes DynamoDB and releases S3, so what stalls is the record update.
   */
  async function withRecordUpdateStalled<T>(send: () => Promise<T>): Promise<T> {
    const s3Holding = local.faults.s3.freeze();
    const answer = send();
    await s3Holding;
    const dynamoDbHolding = local.faults.dynamodb.freeze();
    local.faults.s3.thaw();
    await dynamoDbHolding;
    try {
      return await answer;
    } finally {
      local.faults.dynamodb.thaw();
    }
  }

  async function expectServedAvatar(userId: string) {
    // The queued update lands once DynamoDB resumes; then the record names the new object, which exists.
    await expect
      .poll(async () => (await api.client.GET('/users/{id}', userPath(userId))).data?.avatar, { timeout: 10_000 })
      .not.toBeNull();
    const { response: redirect } = await api.client.GET('/users/{id}/avatar', {
      ...userPath(userId),
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    // The redirect's target is S3's: plain fetch.
    const object = await fetch(redirect.headers.get('location')!);
    expect(object.status).toBe(200);
    expect(new Uint8Array(await object.arrayBuffer())).toEqual(pngBytes());
  }

  it('PUT /users/{id}/avatar: 503, and the avatar the record ends up naming is served', async () => {
    const user = await newUser(api.client);
    const { response } = await withRecordUpdateStalled(() =>
      api.client.PUT('/users/{id}/avatar', { ...userPath(user.id), ...binaryBody(pngBytes()) }),
    );
    expect(response.status).toBe(503);
    await expectServedAvatar(user.id);
  });

  it('POST …/avatar/complete: 503, and the avatar the record ends up naming is served', async () => {
    const user = await newUser(api.client);
    const image = pngBytes();
    const { data: grant } = await api.client.POST('/users/{id}/avatar/upload-url', {
      ...userPath(user.id),
      body: { contentType: 'image/png', size: image.byteLength },
    });
    // The presigned URL is S3's, not the API's.
    const put = await fetch(grant!.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: image });
    expect(put.status).toBe(200);
    const { response } = await withRecordUpdateStalled(() =>
      api.client.POST('/users/{id}/avatar/complete', {
        ...userPath(user.id),
        body: { uploadToken: grant!.uploadToken },
      }),
    );
    expect(response.status).toBe(503);
    await expectServedAvatar(user.id);
  });
});
