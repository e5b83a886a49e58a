import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningEmulator } from './running-emulator.js';
import { startSupervised } from './supervised-process.js';
import { waitUntilReady } from './wait-until-ready.js';

const NAME = 'S3 emulator';
const serverScript = fileURLToPath(new URL('./s3-emulator-server.mjs', import.meta.url));
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Starts the S3 emulator (@20minutes/s3rver, which checks SigV4 signatures against
 * s3EmulatorCredentials) on 127.0.0.1 with `buckets` created. Objects are kept as files in
 * `dataDir` (created if missing); without it, in a temporary folder removed when it stops (also
 * when its parent dies without calling stop()). `port` omitted or 0 picks a free one. Resolves once it answers HTTP. Use path-style requests.
 */
export async function startS3Emulator(options: {
  buckets: string[];
  dataDir?: string;
  port?: number;
}): Promise<RunningEmulator> {
  const badName = options.buckets.find((name) => !BUCKET_NAME.test(name));
  if (badName !== undefined) throw new Error(`${NAME}: invalid bucket name ${JSON.stringify(badName)}`);
  const temporary = options.dataDir === undefined;
  const dataDir = temporary ? await mkdtemp(join(tmpdir(), 'local-aws-s3-')) : resolve(options.dataDir ?? '');
  await mkdir(dataDir, { recursive: true });
  const removeTemporary = () => (temporary ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve());

  const config = { port: options.port ?? 0, directory: dataDir, buckets: options.buckets, temporary };
  // s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its
  // legacy provider: without it every truncated listing fails with InternalError.
  const emulator = startSupervised(NAME, process.execPath, [
    '--openssl-legacy-provider',
    serverScript,
    JSON.stringify(config),
  ]);
  const listening: { port?: number } = {};
  emulator.onLine((line) => {
    const port = /^s3-emulator listening on 127\.0\.0\.1:(\d+)$/.exec(line)?.[1];
    if (port) listening.port = Number(port);
  });
  let port = 0;
  try {
    await waitUntilReady(emulator, async () => {
      port = listening.port ?? 0;
      return port !== 0 && (await answersListBuckets(port));
    });
  } catch (error) {
    await removeTemporary();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => (stopping ??= emulator.stop().then(removeTemporary)),
  };
}

async function answersListBuckets(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
  return response.ok && (await response.text()).includes('<ListAllMyBucketsResult');
}
