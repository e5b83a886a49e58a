// Failure injection on the real emulators: their traffic is cut and restored under the running API
// (through fault proxies, see @platform/local-aws/testing), which must answer 503 problem+json with Retry-After, stay ready
// (a regional blip must not empty the Service), report the dependency on /healthz/dependencies and in
// dependency_up, stay up, recover, and never leave half-written data.
import type { EmbeddedAws } from '@platform/users-emulators';
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersClient } from '@platform/users-client';
import { aUser, pngBytes } from './api-harness.js';
import { startApiUnderTest, tableItems, type EmulatorApi } from './emulator-harness.js';
import { binaryBody, clientOf, dependencyReported, newUser, userPath } from './typed-client.js';

let local: EmbeddedAws;
let api: EmulatorApi;
/** The public endpoints, asked without an API key as the kubelet and monitors ask them. */
let probes: UsersClient;

beforeAll(async () => {
  local = await useSharedEmbeddedAws();
  api = await startApiUnderTest({ local, env: { DEPENDENCY_CHECK_INTERVAL_MS: '200' } });
  probes = clientOf(api.url, null);
});
afterAll(async () => {
  await api?.stop();
  await local?.stop();
});

async function expectUnavailable({ error: problem, response }: { error?: { code: string }; response: Response }) {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(problem?.code).toBe('DEPENDENCY.UNAVAILABLE');
  expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
}

describe('when DynamoDB goes away', () => {
  it('answers 503 with Retry-After, stays ready, reports the dependency, stays alive, and recovers', async () => {
    const before = await newUser(api.client);
    await local.stopService('dynamodb');

    const started = Date.now();
    await expectUnavailable(await api.client.POST('/users', { body: aUser() }));
    await expectUnavailable(await api.client.GET('/users'));
    await expectUnavailable(await api.client.GET('/users/{id}', userPath(before.id)));
    expect(Date.now() - started).toBeLessThan(15_000);

    expect((await probes.GET('/readyz')).response.status).toBe(200);
    await dependencyReported(probes, 'dynamodb', 'failed');
    const report = await probes.GET('/healthz/dependencies');
    expect(report.response.status).toBe(503);
    expect(report.error!.dependencies.s3!.status).toBe('ok');
    // The metrics port is not part of the API's document: plain fetch.
    expect(await (await fetch(api.metricsUrl)).text()).toContain('dependency_up{dependency="dynamodb"} 0');
    expect((await probes.GET('/healthz')).response.status).toBe(200);

    await local.startService('dynamodb');
    await dependencyReported(probes, 'dynamodb', 'ok');
    expect(await (await fetch(api.metricsUrl)).text()).toContain('dependency_up{dependency="dynamodb"} 1');
    expect((await api.client.GET('/users/{id}', userPath(before.id))).response.status).toBe(200);
    expect((await api.client.POST('/users', { body: aUser() })).response.status).toBe(201);
  });

  it('never leaves a user without its email reservation, or the reverse', async () => {
    const items = await tableItems(local);
    const users = items.filter((item) => item.pk?.S?.startsWith('USER#'));
    const emails = items.filter((item) => item.pk?.S?.startsWith('EMAIL#'));
    expect(users.length).toBeGreaterThan(0);
    expect(emails.map((item) => item.userId?.S).sort()).toEqual(users.map((item) => item.id?.S).sort());
  });
});

describe('when S3 goes away', () => {
  it('refuses an avatar upload with 503 and leaves the user record as it was', async () => {
    const user = await newUser(api.client);
    const upload = () =>
      api.client.PUT('/users/{id}/avatar', { ...userPath(user.id), ...binaryBody(pngBytes(), 'image/png') });
    await local.stopService('s3');
    try {
      await expectUnavailable(await upload());
      expect((await api.client.GET('/users/{id}', userPath(user.id))).data!.avatar).toBeNull();
      expect((await probes.GET('/readyz')).response.status).toBe(200);
      await dependencyReported(probes, 's3', 'failed');
      const report = await probes.GET('/healthz/dependencies');
      expect((report.data ?? report.error)!.dependencies.dynamodb!.status).toBe('ok');
    } finally {
      await local.startService('s3');
    }
    expect((await upload()).response.status).toBe(200);
  });
});
