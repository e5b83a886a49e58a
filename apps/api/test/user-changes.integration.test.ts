// Changing users on DynamoDB Local and the S3 emulator, for what only their semantics show: an email
// change moves the reservation in one transaction (racing a create of that email, exactly one wins
// and no reservation is orphaned: the EMAIL# items are read directly), If-Match is a condition of
// the write (two PATCHes with one ETag: one 200, one 412), and removing an avatar while S3 is cut
// detaches it anyway and logs the object left for the sweeper.
import { DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import type { EmbeddedAws } from '@platform/users-emulators';
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, json, pngBytes } from './api-harness.js';
import { bucketOf, startApiUnderTest, type EmulatorApi } from './emulator-harness.js';

let local: EmbeddedAws;
let api: EmulatorApi;
beforeAll(async () => {
  local = await useSharedEmbeddedAws();
  api = await startApiUnderTest({ local });
});
afterAll(async () => {
  await api?.stop();
  await local?.stop();
});

/** Every item of the file's table, read directly (not through the API). */
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

async function newUser() {
  const response = await api.call('/users', json(aUser()));
  expect(response.status).toBe(201);
  return { user: (await response.json()) as { id: string; email: string }, etag: response.headers.get('etag')! };
}

const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  api.call(`/users/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json', ...headers },
    body: JSON.stringify(body),
  });

describe('PATCH /users/{id} on DynamoDB', () => {
  it('moves the email atomically: racing a create of the same email, exactly one wins and no reservation is orphaned', async () => {
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      const { user } = await newUser();
      const email = aUser().email;
      const [patched, created] = await Promise.all([
        patch(user.id, { email }),
        api.call('/users', json(aUser({ email }))),
      ]);
      const statuses = [patched.status, created.status];
      expect(
        [
          [200, 409],
          [409, 201],
        ],
        `round ${round}: ${statuses}`,
      ).toContainEqual(statuses);
      const found = await (await api.call(`/users?email=${encodeURIComponent(email)}`)).json();
      expect(found.items).toHaveLength(1);
      if (patched.status === 200) expect(found.items[0].id).toBe(user.id);
    }
    const items = await tableItems();
    const userItems = items.filter((item) => item.pk?.S?.startsWith('USER#'));
    const reservations = items.filter((item) => item.pk?.S?.startsWith('EMAIL#'));
    // Every reservation names a user holding that email, and every user has its reservation.
    expect(reservations.map((item) => [item.pk!.S, item.userId!.S]).sort()).toEqual(
      userItems.map((item) => [`EMAIL#${item.email!.S}`, item.id!.S]).sort(),
    );
  });

  it('lets one of two PATCHes with the same If-Match through; the other gets 412 and changes nothing', async () => {
    const { user } = await newUser();
    for (let round = 0; round < 8; round++) {
      const etag = (await api.call(`/users/${user.id}`)).headers.get('etag')!;
      const names = [`First ${round}`, `Second ${round}`];
      const responses = await Promise.all(names.map((name) => patch(user.id, { name }, { 'if-match': etag })));
      expect(responses.map((r) => r.status).sort(), `round ${round}`).toEqual([200, 412]);
      const winner = names[responses.findIndex((r) => r.status === 200)];
      const now = await api.call(`/users/${user.id}`);
      expect((await now.json()).name).toBe(winner);
      expect(now.headers.get('etag')).toBe(`"${Number(JSON.parse(etag)) + 1}"`);
      const loser = responses.find((r) => r.status === 412)!;
      expect((await loser.json()).code).toBe('USER.VERSION_MISMATCH');
    }
  });

  it('finds users by email through the reservation, following a change of email', async () => {
    const { user } = await newUser();
    const email = aUser().email;
    expect((await patch(user.id, { email: email.toUpperCase() })).status).toBe(200);
    const byOld = await (await api.call(`/users?email=${encodeURIComponent(user.email)}`)).json();
    const byNew = await (await api.call(`/users?email=${encodeURIComponent(email)}`)).json();
    expect(byOld).toEqual({ items: [], nextCursor: null });
    expect(byNew.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
  });
});

describe('DELETE /users/{id}/avatar on S3', () => {
  it('removes the object', async () => {
    const bucket = bucketOf(local);
    try {
      const { user } = await newUser();
      expect((await api.call(`/users/${user.id}/avatar`, { method: 'PUT', body: pngBytes() })).status).toBe(200);
      expect(await bucket.keysUnder(`avatars/${user.id}/`)).toHaveLength(1);
      expect((await api.call(`/users/${user.id}/avatar`, { method: 'DELETE' })).status).toBe(204);
      expect(await bucket.keysUnder(`avatars/${user.id}/`)).toEqual([]);
    } finally {
      bucket.destroy();
    }
  });

  it('detaches the avatar while S3 is cut, and logs the object left for the sweeper', async () => {
    const bucket = bucketOf(local);
    try {
      const { user } = await newUser();
      expect((await api.call(`/users/${user.id}/avatar`, { method: 'PUT', body: pngBytes() })).status).toBe(200);
      const [key] = await bucket.keysUnder(`avatars/${user.id}/`);
      await local.stopService('s3');
      let status: number;
      try {
        status = (await api.call(`/users/${user.id}/avatar`, { method: 'DELETE' })).status;
      } finally {
        await local.startService('s3');
      }
      expect(status).toBe(204);
      expect((await (await api.call(`/users/${user.id}`)).json()).avatar).toBeNull();
      expect(await bucket.keysUnder(`avatars/${user.id}/`)).toEqual([key]);
      expect(api.logs).toContainEqual(
        expect.objectContaining({ level: 'warn', msg: 'avatar object left for the sweeper', key }),
      );
    } finally {
      bucket.destroy();
    }
  });
});
