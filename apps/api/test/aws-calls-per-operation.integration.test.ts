// How many AWS calls each data path makes (issue 13): every call a request costs the pod the AWS
// SDK's per-call CPU, so a path that grows a call shows here, as a count, not a time. The counts
// come from the app's own AWS metric (`aws_call_duration_seconds_count`, fed by the clients'
// observer), read from the metrics port before and after each request, against DynamoDB Local and
// the S3 emulator — the same clients and middleware as production. The background dependency check
// is pushed out to an hour, so only the request's own calls move the counter.
import type { EmbeddedAws } from '@platform/users-emulators';
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, pngBytes } from './api-harness.js';
import { startApiUnderTest, type EmulatorApi } from './emulator-harness.js';

let local: EmbeddedAws;
let api: EmulatorApi;
beforeAll(async () => {
  local = await useSharedEmbeddedAws();
  api = await startApiUnderTest({ local, env: { DEPENDENCY_CHECK_INTERVAL_MS: '3600000' } });
  // The first dependency check runs at start: let it finish before anything is counted.
  for (let tries = 0; (await metricsText()).match(/^dependency_up\{/gm)?.length !== 2; tries++) {
    if (tries === 100) throw new Error('the first dependency check did not finish within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
afterAll(async () => {
  await api?.stop();
  await local?.stop();
});

async function metricsText() {
  return (await fetch(api.metricsUrl)).text();
}

/** AWS calls made so far, by `Service.Operation`, whatever their outcome. */
async function awsCalls(): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  const line = /^aws_call_duration_seconds_count\{service="(\w+)",operation="(\w+)",outcome="\w+"\} (\d+)$/gm;
  for (const [, service, operation, count] of (await metricsText()).matchAll(line)) {
    const name = `${service}.${operation}`;
    calls.set(name, (calls.get(name) ?? 0) + Number(count));
  }
  return calls;
}

/** The request's status and the AWS calls it made, as `Service.Operation` → count. */
async function counted(request: () => Promise<Response>) {
  const before = await awsCalls();
  const response = await request();
  await response.arrayBuffer();
  const after = await awsCalls();
  const made: Record<string, number> = {};
  for (const [name, count] of after) {
    const added = count - (before.get(name) ?? 0);
    if (added > 0) made[name] = added;
  }
  return { status: response.status, made };
}

const json = (body: unknown) => ({
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});
const putAvatar = (id: string, size = 2048) =>
  api.call(`/users/${id}/avatar`, {
    method: 'PUT',
    body: pngBytes(size),
    headers: { 'content-type': 'image/png' },
  });

async function createdUser(): Promise<{ id: string }> {
  const response = await api.call('/users', { method: 'POST', ...json(aUser()) });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

describe('AWS calls per request', () => {
  it('POST /users: one transaction (user item and email reservation)', async () => {
    expect(await counted(() => api.call('/users', { method: 'POST', ...json(aUser()) }))).toEqual({
      status: 201,
      made: { 'DynamoDB.TransactWriteItems': 1 },
    });
  });

  it('GET /users/{id}: one GetItem', async () => {
    const { id } = await createdUser();
    expect(await counted(() => api.call(`/users/${id}`))).toEqual({ status: 200, made: { 'DynamoDB.GetItem': 1 } });
  });

  it('GET /users?limit=20: one Query (one listing shard)', async () => {
    await createdUser();
    expect(await counted(() => api.call('/users?limit=20'))).toEqual({ status: 200, made: { 'DynamoDB.Query': 1 } });
  });

  it('PUT /users/{id}/avatar, the first: streamed to its key as the type its first bytes tell, then attached — no read of the user', async () => {
    const { id } = await createdUser();
    expect(await counted(() => putAvatar(id))).toEqual({
      status: 200,
      made: { 'S3.PutObject': 1, 'DynamoDB.UpdateItem': 1 },
    });
  });

  it('POST /upload, the first: the same two calls as PUT', async () => {
    const { id } = await createdUser();
    const form = new FormData();
    form.append('user_id', id);
    form.append('file', new Blob([pngBytes(2048)], { type: 'image/png' }), 'me.png');
    expect(await counted(() => api.call('/upload', { method: 'POST', body: form }))).toEqual({
      status: 200,
      made: { 'S3.PutObject': 1, 'DynamoDB.UpdateItem': 1 },
    });
  });

  it('PUT /users/{id}/avatar, a replacement: the replaced avatar removed with one DeleteObject', async () => {
    const { id } = await createdUser();
    expect((await putAvatar(id)).status).toBe(200);
    expect(await counted(() => putAvatar(id))).toEqual({
      status: 200,
      made: { 'S3.PutObject': 1, 'DynamoDB.UpdateItem': 1, 'S3.DeleteObject': 1 },
    });
  });

  it('PUT /users/{id}/avatar for a user that does not exist: 404, and the object it wrote is removed', async () => {
    const missing = '00000000-0000-4000-8000-00000000dead';
    expect(await counted(() => putAvatar(missing))).toEqual({
      status: 404,
      made: { 'S3.PutObject': 1, 'DynamoDB.UpdateItem': 1, 'S3.DeleteObject': 1 },
    });
  });

  it('PUT /users/{id}/avatar of a file no image type starts like: 415 before any AWS call', async () => {
    const { id } = await createdUser();
    const html = () =>
      api.call(`/users/${id}/avatar`, {
        method: 'PUT',
        body: new TextEncoder().encode('<!DOCTYPE html><html></html>'),
        headers: { 'content-type': 'image/png' },
      });
    expect(await counted(html)).toEqual({ status: 415, made: {} });
  });

  it('PATCH /users/{id} with a name alone: one conditional UpdateItem, no read', async () => {
    const { id } = await createdUser();
    const patch = () =>
      api.call(`/users/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ name: 'Renamed' }),
        headers: { 'content-type': 'application/merge-patch+json' },
      });
    expect(await counted(patch)).toEqual({ status: 200, made: { 'DynamoDB.UpdateItem': 1 } });
  });

  it('PATCH /users/{id} with an email: one read, one transaction (the reservation moves with it)', async () => {
    const { id } = await createdUser();
    const patch = () =>
      api.call(`/users/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ email: aUser().email }),
        headers: { 'content-type': 'application/merge-patch+json' },
      });
    expect(await counted(patch)).toEqual({
      status: 200,
      made: { 'DynamoDB.GetItem': 1, 'DynamoDB.TransactWriteItems': 1 },
    });
  });

  it('DELETE /users/{id}/avatar: one conditional update, no read, the object removed', async () => {
    const { id } = await createdUser();
    expect((await putAvatar(id)).status).toBe(200);
    expect(await counted(() => api.call(`/users/${id}/avatar`, { method: 'DELETE' }))).toEqual({
      status: 204,
      made: { 'DynamoDB.UpdateItem': 1, 'S3.DeleteObject': 1 },
    });
  });

  it('DELETE /users/{id}/avatar refused (no avatar, or another version): the user read to tell which', async () => {
    const { id } = await createdUser();
    const remove = (headers: Record<string, string> = {}) =>
      api.call(`/users/${id}/avatar`, { method: 'DELETE', headers });
    expect(await counted(() => remove())).toEqual({
      status: 204,
      made: { 'DynamoDB.UpdateItem': 1, 'DynamoDB.GetItem': 1 },
    });
    expect(await counted(() => remove({ 'if-match': '"999"' }))).toEqual({
      status: 412,
      made: { 'DynamoDB.UpdateItem': 1, 'DynamoDB.GetItem': 1 },
    });
  });

  it('DELETE /users/{id} with an avatar: read, transaction, the avatar removed, both prefixes listed', async () => {
    const { id } = await createdUser();
    expect((await putAvatar(id)).status).toBe(200);
    expect(await counted(() => api.call(`/users/${id}`, { method: 'DELETE' }))).toEqual({
      status: 204,
      made: {
        'DynamoDB.GetItem': 1,
        'DynamoDB.TransactWriteItems': 1,
        'S3.DeleteObject': 1,
        'S3.ListObjectsV2': 2,
      },
    });
  });
});
