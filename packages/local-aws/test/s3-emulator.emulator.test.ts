// Starts real S3 emulator processes (@20minutes/s3rver) on random ports.
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
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EmulatorStartError, s3EmulatorCredentials, startS3Emulator, type RunningEmulator } from '../src/index.js';

const BUCKET = 'test-bucket';

function clientFor(emulator: RunningEmulator, credentials = s3EmulatorCredentials): S3Client {
  return new S3Client({
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

async function readObject(client: S3Client, key: string): Promise<{ bytes: Uint8Array; contentType?: string }> {
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { bytes: (await object.Body?.transformToByteArray()) ?? new Uint8Array(), contentType: object.ContentType };
}

describe('S3 emulator', () => {
  let emulator: RunningEmulator;
  let client: S3Client;

  beforeAll(async () => {
    emulator = await startS3Emulator({ buckets: [BUCKET] });
    client = clientFor(emulator);
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
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
    const presignPut = (key: string, expiresIn = 60) =>
      getSignedUrl(client, new PutObjectCommand({ Bucket: BUCKET, Key: key, ContentType: 'image/png' }), {
        expiresIn,
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
      const url = await presignPut('late.png', 1);
      await sleep(2000);

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

  test('several start concurrently on distinct ports', async () => {
    const emulators = await Promise.all([1, 2, 3].map(() => startS3Emulator({ buckets: ['one', 'two'] })));
    try {
      expect(new Set(emulators.map((started) => started.port)).size).toBe(3);
      for (const started of emulators) expect((await fetch(`${started.endpoint}/two`)).status).toBe(200);
    } finally {
      await Promise.all(emulators.map((started) => started.stop()));
    }
  });
});

describe('S3 emulator with a data directory', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-aws-test-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('keeps objects across a restart on the same port', async () => {
    const first = await startS3Emulator({ buckets: [BUCKET], dataDir });
    const before = clientFor(first);
    await before.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'kept.txt', Body: 'still here' }));
    before.destroy();
    await first.stop();
    await first.stop(); // idempotent
    expect(existsSync(dataDir)).toBe(true);

    const second = await startS3Emulator({ buckets: [BUCKET], dataDir, port: first.port });
    const after = clientFor(second);
    try {
      expect(second.endpoint).toBe(first.endpoint);
      expect(Buffer.from((await readObject(after, 'kept.txt')).bytes).toString()).toBe('still here');
    } finally {
      after.destroy();
      await second.stop();
    }
  });

  test('without a data directory, uses a temporary one that stop() removes', async () => {
    const previousTmpdir = process.env['TMPDIR'];
    process.env['TMPDIR'] = dataDir; // os.tmpdir() reads it on every call
    try {
      const emulator = await startS3Emulator({ buckets: [BUCKET] });
      const created = (await readdir(dataDir)).filter((name) => name.startsWith('local-aws-s3-'));
      await emulator.stop();

      expect(created).toHaveLength(1);
      expect(await readdir(dataDir)).not.toContain(created[0]);
    } finally {
      if (previousTmpdir === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = previousTmpdir;
    }
  });
});
