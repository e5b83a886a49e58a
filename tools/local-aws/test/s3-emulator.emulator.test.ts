// Starts real S3 emulator processes (@20minutes/s3rver) on random ports: one, with a data
// directory, serves every test and is restarted by the last; a few more show failing and
// concurrent starts.
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EmulatorStartError, s3EmulatorCredentials, startS3Emulator, type RunningEmulator } from '../src/index.js';

const BUCKET = 'test-bucket';

/** A client of the emulator; `maxAttempts: 1` shows the emulator's own answer, with no SDK retry over it. */
function clientFor(emulator: RunningEmulator, credentials = s3EmulatorCredentials, maxAttempts?: number): S3Client {
  return new S3Client({
    ...(maxAttempts && { maxAttempts }),
    endpoint: emulator.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

async function failure(promise: Promise<unknown>): Promise<S3ServiceException> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(S3ServiceException);
  return error as S3ServiceException;
}

/** The S3 emulator's temporary data folders in `dir`. */
async function s3DataDirs(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('local-aws-s3-'));
}

async function readObject(client: S3Client, key: string): Promise<{ bytes: Uint8Array; contentType?: string }> {
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { bytes: (await object.Body?.transformToByteArray()) ?? new Uint8Array(), contentType: object.ContentType };
}

describe('S3 emulator', () => {
  let dataDir: string;
  let emulator: RunningEmulator;
  let client: S3Client;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-aws-test-'));
    emulator = await startS3Emulator({ buckets: [BUCKET], dataDir });
    client = clientFor(emulator);
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('serves bucket-level requests as the SDK signs them (HeadBucket, paged ListObjectsV2, DeleteObjects)', async () => {
    await client.send(new HeadBucketCommand({ Bucket: BUCKET }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'listed/a', Body: 'a' }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'listed/b', Body: 'b' }));
    const listing = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'listed/', MaxKeys: 1 }));
    expect(listing.Contents?.map((object) => object.Key)).toEqual(['listed/a']);
    const rest = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'listed/', ContinuationToken: listing.NextContinuationToken }),
    );
    expect(rest.Contents?.map((object) => object.Key)).toEqual(['listed/b']);
    const deleted = await client.send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'listed/a' }, { Key: 'listed/b' }] } }),
    );
    expect(deleted.Deleted).toHaveLength(2);
    expect(
      (await failure(client.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })))).$metadata.httpStatusCode,
    ).toBe(404);
    const forged = clientFor(emulator, { ...s3EmulatorCredentials, secretAccessKey: 'wrong' });
    expect((await failure(forged.send(new ListObjectsV2Command({ Bucket: BUCKET })))).name).toBe(
      'SignatureDoesNotMatch',
    );
    forged.destroy();
  });

  test('answers two DeleteObjects of the same keys at once with success, as S3 does', async () => {
    // Two avatar sweeps running at once delete the same orphans, in folders of one or several keys.
    const once = clientFor(emulator, s3EmulatorCredentials, 1);
    const keys = Array.from({ length: 60 }, (_, i) => `race/user-${i % 20}/object-${i}`);
    for (let round = 0; round < 5; round++) {
      await Promise.all(keys.map((Key) => client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' }))));
      const remove = (via: S3Client) =>
        via.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
      const [first, second] = await Promise.all([remove(once), remove(once)]);
      expect([first.Errors ?? [], second.Errors ?? []]).toEqual([[], []]);
      const left = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'race/' }));
      expect(left.Contents ?? []).toEqual([]);
    }
    once.destroy();
  });

  test('puts, gets, heads and deletes an object byte for byte', async () => {
    const body = new Uint8Array([...Array.from({ length: 256 }, (_, byte) => byte), ...randomBytes(200_000)]);
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'dir/blob.bin',
        Body: body,
        ContentType: 'application/octet-stream',
      }),
    );

    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'dir/blob.bin' }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.ContentType).toBe('application/octet-stream');
    const stored = await readObject(client, 'dir/blob.bin');
    expect(Buffer.from(stored.bytes).equals(Buffer.from(body))).toBe(true);

    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'dir/blob.bin' }));
    expect((await failure(readObject(client, 'dir/blob.bin'))).name).toBe('NoSuchKey');
  });

  test('checks signatures: a wrong secret key or an unknown access key is rejected', async () => {
    const wrongSecret = clientFor(emulator, { ...s3EmulatorCredentials, secretAccessKey: 'not-the-secret' });
    const unknownKey = clientFor(emulator, { ...s3EmulatorCredentials, accessKeyId: 'AKIAUNKNOWN' });
    const put = new PutObjectCommand({ Bucket: BUCKET, Key: 'forged.txt', Body: 'forged' });

    const forged = await failure(wrongSecret.send(put));
    const unknown = await failure(unknownKey.send(put));

    expect([forged.name, forged.$metadata.httpStatusCode]).toEqual(['SignatureDoesNotMatch', 403]);
    expect([unknown.name, unknown.$metadata.httpStatusCode]).toEqual(['InvalidAccessKeyId', 403]);
    expect((await failure(readObject(client, 'forged.txt'))).name).toBe('NoSuchKey');
  });

  describe('presigned PUT with a signed Content-Type', () => {
    const presignPut = (key: string, signingDate = new Date()) =>
      getSignedUrl(client, new PutObjectCommand({ Bucket: BUCKET, Key: key, ContentType: 'image/png' }), {
        expiresIn: 60,
        signingDate,
        signableHeaders: new Set(['content-type']),
      });

    test('works with plain fetch', async () => {
      const body = randomBytes(1024);
      const response = await fetch(await presignPut('avatar.png'), {
        method: 'PUT',
        headers: { 'content-type': 'image/png' },
        body,
      });

      expect(response.status).toBe(200);
      const stored = await readObject(client, 'avatar.png');
      expect(stored.contentType).toBe('image/png');
      expect(Buffer.from(stored.bytes).equals(body)).toBe(true);
    });

    test('is rejected when the Content-Type differs from the signed one', async () => {
      const response = await fetch(await presignPut('html.png'), {
        method: 'PUT',
        headers: { 'content-type': 'text/html' },
        body: '<script></script>',
      });

      expect(response.status).toBe(403);
      expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    });

    test('is rejected once expired', async () => {
      // Signed two minutes ago for one minute: expired now, without waiting for it.
      const url = await presignPut('late.png', new Date(Date.now() - 120_000));

      const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: 'png' });

      expect(response.status).toBe(403);
      expect(await response.text()).toContain('Request has expired');
    });

    test('with a signed Content-Length, is rejected for a body of another length', async () => {
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({ Bucket: BUCKET, Key: 'sized.png', ContentType: 'image/png', ContentLength: 5 }),
        { expiresIn: 60, signableHeaders: new Set(['content-type', 'content-length']) },
      );
      const put = (body: string) => fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body });

      const tooLong = await put('123456789');
      const exact = await put('12345');

      expect(tooLong.status).toBe(403);
      expect(await tooLong.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
      expect(exact.status).toBe(200);
    });
  });

  test('rejects with the end of its output when it cannot start', async () => {
    const error = await startS3Emulator({ buckets: [BUCKET], port: emulator.port }).then(
      async (unexpected) => unexpected.stop(),
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(EmulatorStartError);
    expect((error as Error).message).toMatch(/^S3 emulator exited while starting \(exit code 1\)[\s\S]*EADDRINUSE/);
  });

  test('several start concurrently on distinct ports, each in a temporary folder that stop() removes', async () => {
    const previousTmpdir = process.env['TMPDIR'];
    const tempDir = await mkdtemp(join(tmpdir(), 'local-aws-test-'));
    process.env['TMPDIR'] = tempDir; // os.tmpdir() reads it on every call
    try {
      const emulators = await Promise.all([1, 2, 3].map(() => startS3Emulator({ buckets: ['one', 'two'] })));
      const created = await s3DataDirs(tempDir);
      try {
        expect(new Set(emulators.map((started) => started.port)).size).toBe(3);
        for (const started of emulators) expect((await fetch(`${started.endpoint}/two`)).status).toBe(200);
      } finally {
        await Promise.all(emulators.map((started) => started.stop()));
      }
      expect(created).toHaveLength(3);
      expect(await s3DataDirs(tempDir)).toEqual([]);
    } finally {
      if (previousTmpdir === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = previousTmpdir;
      await rm(tempDir, { recursive: true, force: true });
    }
  });

  // Last: it stops the emulator the tests above use and starts another in its place.
  test('keeps objects across a restart on the same port', async () => {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'kept.txt', Body: 'still here' }));
    const { endpoint, port } = emulator;
    await emulator.stop();
    await emulator.stop(); // idempotent
    expect(existsSync(dataDir)).toBe(true);

    emulator = await startS3Emulator({ buckets: [BUCKET], dataDir, port });
    client.destroy();
    client = clientFor(emulator);
    expect(emulator.endpoint).toBe(endpoint);
    expect(Buffer.from((await readObject(client, 'kept.txt')).bytes).toString()).toBe('still here');
  });
});
