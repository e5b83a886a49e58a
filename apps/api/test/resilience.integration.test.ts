// Failure injection on the real emulators: their traffic is cut and restored under the running API
// (through fault proxies, see @platform/local-aws/testing), which must answer 503 problem+json with Retry-After, stay ready
// (a regional blip must not empty the Service), report the dependency on /healthz/dependencies and in
// dependency_up, stay up, recover, and never leave half-written data.
import { DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import type { EmbeddedAws } from '@platform/users-emulators';
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, dependencyReported, json, pngBytes, type ApiUnderTest } from './api-harness.js';
import { startApiUnderTest } from './emulator-harness.js';

let local: EmbeddedAws;
let api: ApiUnderTest;

beforeAll(async () => {
  local = await useSharedEmbeddedAws();
  api = await startApiUnderTest({ local, env: { DEPENDENCY_CHECK_INTERVAL_MS: '200' } });
});
afterAll(async () => {
  await api?.stop();
  await local?.stop();
});

async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  const problem = await response.json();
  expect(problem.code).toBe('DEPENDENCY.UNAVAILABLE');
  expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
}

async function tableItems() {
  const client = new DynamoDBClient({
    region: local.region,
    endpoint: local.dynamoDbEndpoint,
    credentials: local.credentials,
  });
  try {
    const items = [];
    let start;
    do {
      const page: ScanCommandOutput = await client.send(
        new ScanCommand({ TableName: local.usersTable, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  } finally {
    client.destroy();
  }
}

describe('when DynamoDB goes away', () => {
  it('answers 503 with Retry-After, stays ready, reports the dependency, stays alive, and recovers', async () => {
    const before = await (await api.call('/users', json(aUser()))).json();
    await local.stopService('dynamodb');

    const started = Date.now();
    await expectUnavailable(await api.call('/users', json(aUser())));
    await expectUnavailable(await api.call('/users'));
    await expectUnavailable(await api.call(`/users/${before.id}`));
    expect(Date.now() - started).toBeLessThan(15_000);

    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    await dependencyReported(api, 'dynamodb', 'failed');
    const report = await fetch(`${api.url}/healthz/dependencies`);
    expect(report.status).toBe(503);
    expect((await report.json()).dependencies.s3.status).toBe('ok');
    expect(await (await fetch(api.metricsUrl)).text()).toContain('dependency_up{dependency="dynamodb"} 0');
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);

    await local.startService('dynamodb');
    await dependencyReported(api, 'dynamodb', 'ok');
    expect(await (await fetch(api.metricsUrl)).text()).toContain('dependency_up{dependency="dynamodb"} 1');
    expect((await api.call(`/users/${before.id}`)).status).toBe(200);
    expect((await api.call('/users', json(aUser()))).status).toBe(201);
  });

  it('never leaves a user without its email reservation, or the reverse', async () => {
    const items = await tableItems();
    const users = items.filter((item) => item.pk?.S?.startsWith('USER#'));
    const emails = items.filter((item) => item.pk?.S?.startsWith('EMAIL#'));
    expect(users.length).toBeGreaterThan(0);
    expect(emails.map((item) => item.userId?.S).sort()).toEqual(users.map((item) => item.id?.S).sort());
  });
});

describe('when S3 goes away', () => {
  it('refuses an avatar upload with 503 and leaves the user record as it was', async () => {
    const user = await (await api.call('/users', json(aUser()))).json();
    await local.stopService('s3');
    try {
      const upload = () =>
        api.call(`/users/${user.id}/avatar`, {
          method: 'PUT',
          headers: { 'content-type': 'image/png' },
          body: pngBytes(),
        });
      await expectUnavailable(await upload());
      expect((await (await api.call(`/users/${user.id}`)).json()).avatar).toBeNull();
      expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
      await dependencyReported(api, 's3', 'failed');
      expect((await (await fetch(`${api.url}/healthz/dependencies`)).json()).dependencies.dynamodb.status).toBe('ok');
    } finally {
      await local.startService('s3');
    }
    const response = await api.call(`/users/${user.id}/avatar`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: pngBytes(),
    });
    expect(response.status).toBe(200);
  });
});
