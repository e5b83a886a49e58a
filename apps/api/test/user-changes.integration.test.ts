// Changing users on DynamoDB Local and the S3 emulator, for what only their semantics show: an email
// change moves the reservation in one transaction (racing a create of that email, exactly one wins
// and no reservation is orphaned: the EMAIL# items are read directly), If-Match is a condition of
// the write (two PATCHes with one ETag: one 200, one 412), and removing an avatar while S3 is cut
// detaches it anyway and logs the object left for the sweeper. Every call goes through the typed
// client, so the new operations' paths, If-Match and the email query are proven in the document.
import type { EmbeddedAws } from '@platform/users-emulators';
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aUser, pngBytes } from './api-harness.js';
import { bucketOf, startApiUnderTest, tableItems, type EmulatorApi } from './emulator-harness.js';
import { binaryBody, newUser as createdUser, userPath } from './typed-client.js';

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

const newUser = () => createdUser(api.client);

/** A merge patch through the typed client, sent as application/merge-patch+json, with If-Match if given. */
const patch = (id: string, body: { name?: string; email?: string }, ifMatch?: string) =>
  api.client.PATCH('/users/{id}', {
    params: { path: { id }, header: ifMatch === undefined ? {} : { 'if-match': ifMatch } },
    body,
    headers: { 'content-type': 'application/merge-patch+json' },
  });

const byEmail = async (email: string) => (await api.client.GET('/users', { params: { query: { email } } })).data!;

const uploadAvatar = async (id: string) =>
  (await api.client.PUT('/users/{id}/avatar', { ...userPath(id), ...binaryBody(pngBytes(), 'image/png') })).response
    .status;

describe('PATCH /users/{id} on DynamoDB', () => {
  it('moves the email atomically: racing a create of the same email, exactly one wins and no reservation is orphaned', async () => {
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      const user = await newUser();
      const email = aUser().email;
      const [patched, created] = await Promise.all([
        patch(user.id, { email }),
        api.client.POST('/users', { body: aUser({ email }) }),
      ]);
      const statuses = [patched.response.status, created.response.status];
      expect(
        [
          [200, 409],
          [409, 201],
        ],
        `round ${round}: ${statuses}`,
      ).toContainEqual(statuses);
      const found = await byEmail(email);
      expect(found.items.map((holder) => holder.id)).toEqual([patched.data ? user.id : created.data!.id]);
    }
    const items = await tableItems(local);
    const userItems = items.filter((item) => item.pk?.S?.startsWith('USER#'));
    const reservations = items.filter((item) => item.pk?.S?.startsWith('EMAIL#'));
    // Every reservation names a user holding that email, and every user has its reservation.
    expect(reservations.map((item) => [item.pk!.S, item.userId!.S]).sort()).toEqual(
      userItems.map((item) => [`EMAIL#${item.email!.S}`, item.id!.S]).sort(),
    );
  });

  it('lets one of two PATCHes with the same If-Match through; the other gets 412 and changes nothing', async () => {
    const user = await newUser();
    for (let round = 0; round < 8; round++) {
      const etag = (await api.client.GET('/users/{id}', userPath(user.id))).response.headers.get('etag')!;
      const names = [`First ${round}`, `Second ${round}`];
      const answers = await Promise.all(names.map((name) => patch(user.id, { name }, etag)));
      expect(answers.map((answer) => answer.response.status).sort(), `round ${round}`).toEqual([200, 412]);
      const winner = answers.find((answer) => answer.data)!;
      const loser = answers.find((answer) => answer.error)!;
      expect(loser.error!.code).toBe('USER.VERSION_MISMATCH');
      const now = await api.client.GET('/users/{id}', userPath(user.id));
      expect(now.data!.name).toBe(winner.data!.name);
      expect(now.response.headers.get('etag')).toBe(`"${Number(JSON.parse(etag)) + 1}"`);
    }
  });

  it('finds users by email through the reservation, following a change of email', async () => {
    const user = await newUser();
    const email = aUser().email;
    expect((await patch(user.id, { email: email.toUpperCase() })).response.status).toBe(200);
    expect(await byEmail(user.email)).toEqual({ items: [], nextCursor: null });
    expect((await byEmail(email)).items.map((found) => found.id)).toEqual([user.id]);
  });
});

describe('DELETE /users/{id}/avatar on S3', () => {
  it('removes the object', async () => {
    const bucket = bucketOf(local);
    try {
      const user = await newUser();
      expect(await uploadAvatar(user.id)).toBe(200);
      expect(await bucket.keysUnder(`avatars/${user.id}/`)).toHaveLength(1);
      expect((await api.client.DELETE('/users/{id}/avatar', userPath(user.id))).response.status).toBe(204);
      expect(await bucket.keysUnder(`avatars/${user.id}/`)).toEqual([]);
    } finally {
      bucket.destroy();
    }
  });

  it('detaches the avatar while S3 is cut, and logs the object left for the sweeper', async () => {
    const bucket = bucketOf(local);
    try {
      const user = await newUser();
      expect(await uploadAvatar(user.id)).toBe(200);
      const [key] = await bucket.keysUnder(`avatars/${user.id}/`);
      await local.stopService('s3');
      let status: number;
      try {
        status = (await api.client.DELETE('/users/{id}/avatar', userPath(user.id))).response.status;
      } finally {
        await local.startService('s3');
      }
      expect(status).toBe(204);
      expect((await api.client.GET('/users/{id}', userPath(user.id))).data!.avatar).toBeNull();
      expect(await bucket.keysUnder(`avatars/${user.id}/`)).toEqual([key]);
      expect(api.logs).toContainEqual(
        expect.objectContaining({ level: 'warn', msg: 'avatar object left for the sweeper', key }),
      );
    } finally {
      bucket.destroy();
    }
  });
});
