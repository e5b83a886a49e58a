// A delete racing an upload, on DynamoDB Local and the S3 emulator (finding 7 of issue 15: the
// attached object stayed behind in 19 of 40 tries, with no log line). Each round starts the upload
// and the delete together, a little apart, so the rounds cover both orders and the overlaps in
// between; the interleavings themselves are forced one by one with latches in
// packages/users-domain (delete-user.test.ts). Whatever the order, no object may stay under the
// user's prefixes unless a log line names it as left for the sweeper.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes } from './api-harness.js';
import { bucketOf, startApiUnderTest, type EmulatorApi } from './emulator-harness.js';
import { binaryBody, newUser, userPath } from './typed-client.js';

const rounds = 40;
let api: EmulatorApi;
let bucket: ReturnType<typeof bucketOf>;

beforeAll(async () => {
  api = await startApiUnderTest();
  bucket = bucketOf(api.local);
});
afterAll(async () => {
  bucket?.destroy();
  await api?.stop();
});

async function keysOf(userId: string) {
  return [...(await bucket.keysUnder(`avatars/${userId}/`)), ...(await bucket.keysUnder(`uploads/${userId}/`))];
}

const namedForTheSweeper = () =>
  new Set(api.logs.filter((line) => line.msg === 'avatar object left for the sweeper').map((line) => line.key));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const putAvatar = (userId: string, bytes: Uint8Array) =>
  api.client.PUT('/users/{id}/avatar', { ...userPath(userId), ...binaryBody(bytes) });

async function race(upload: (userId: string) => Promise<{ response: Response }>) {
  const untraced: string[] = [];
  const statuses: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const user = await newUser(api.client);
    // A current avatar to replace, so the delete has one to remove too.
    await putAvatar(user.id, pngBytes(100));
    const lead = round % 8;
    const [uploaded, deleted] = await Promise.all([
      upload(user.id),
      pause(lead).then(() => api.client.DELETE('/users/{id}', userPath(user.id))),
    ]);
    statuses.push(uploaded.response.status, deleted.response.status);
    const named = namedForTheSweeper();
    untraced.push(...(await keysOf(user.id)).filter((key) => !named.has(key)));
  }
  return { untraced, statuses };
}

// 40 rounds of five or six requests each: about 8 s on a quiet machine, past the file default of 30 s
// on a busy one. The bound only stops a hang; nothing here is timed.
const raceTimeoutMs = 180_000;

describe(`a delete racing an upload, ${rounds} rounds`, () => {
  it(
    'PUT /users/{id}/avatar: nothing stays behind untraced, and no request fails with a 5xx',
    async () => {
      const { untraced, statuses } = await race((id) => putAvatar(id, pngBytes(4096)));
      expect(untraced).toEqual([]);
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
    },
    raceTimeoutMs,
  );

  it(
    'POST …/avatar/complete: nothing stays behind untraced, and no request fails with a 5xx',
    async () => {
      const { untraced, statuses } = await race(async (id) => {
        const image = pngBytes(4096);
        const { data: grant } = await api.client.POST('/users/{id}/avatar/upload-url', {
          ...userPath(id),
          body: { contentType: 'image/png', size: image.byteLength },
        });
        // The presigned URL is S3's, not the API's.
        await fetch(grant!.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: image });
        return api.client.POST('/users/{id}/avatar/complete', {
          ...userPath(id),
          body: { uploadToken: grant!.uploadToken },
        });
      });
      expect(untraced).toEqual([]);
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
    },
    raceTimeoutMs,
  );
});
