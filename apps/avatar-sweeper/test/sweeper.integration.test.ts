// What the sweeper's image runs — exactly what its Dockerfile's runtime stage copies, copied to a
// folder outside the workspace — run as the CronJob runs it (plain `node`, AWS mode), against
// DynamoDB Local and the S3 emulator holding thousands of objects in every state it must handle.
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { connectUsersData } from '@platform/aws-adapters';
import { dockerfileOf, readStages, runtimeArtifact } from '@platform/dockerfiles';
import { avatarKey, type User } from '@platform/users-domain';
import { awsEnvironment, embeddedAwsConfig, startEmbeddedAws, type EmbeddedAws } from '@platform/users-emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const workspaceRoot = join(import.meta.dirname, '..', '..', '..');
let bundle: string;
// Long enough that uploads made right before a test stay "in progress" through its runs, even on a busy machine.
const graceSeconds = 30;

let imageDir: string;
let local: EmbeddedAws;
let s3: S3Client;
let data: ReturnType<typeof connectUsersData>;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(workspaceRoot, 'tools', 'bundle-app.mjs'), 'avatar-sweeper']);
  imageDir = await mkdtemp(join(tmpdir(), 'avatar-sweeper-image-'));
  for (const { path } of runtimeArtifact(readStages({ path: dockerfileOf('avatar-sweeper') }))) {
    await cp(path, imageDir, { recursive: true });
  }
  bundle = join(imageDir, 'main.mjs');
  local = await startEmbeddedAws();
  data = connectUsersData(embeddedAwsConfig(local), { credentials: local.credentials });
  s3 = new S3Client({
    region: local.region,
    endpoint: local.s3Endpoint,
    forcePathStyle: true,
    credentials: local.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}, 180_000);
afterAll(async () => {
  s3?.destroy();
  data?.close();
  await local?.stop();
  if (imageDir) await rm(imageDir, { recursive: true, force: true });
});

async function inBatches<T>(items: readonly T[], action: (item: T) => Promise<unknown>, size = 25) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(action));
}

const putObject = (key: string) =>
  s3.send(new PutObjectCommand({ Bucket: local.avatarsBucket, Key: key, Body: 'x', ContentType: 'image/png' }));

async function allKeys() {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: local.avatarsBucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

function aUser(): User {
  const id = crypto.randomUUID();
  return { id, name: 'u', email: `${id}@example.com`, createdAt: new Date().toISOString(), avatar: null };
}

/** Thousands of objects: current avatars, old orphans, young orphans, and records pointing nowhere. */
async function seed(counts: { current: number; oldOrphans: number; dangling: number }) {
  const withAvatars = Array.from({ length: counts.current }, aUser);
  const dangling = Array.from({ length: counts.dangling }, aUser);
  const currentKeys = withAvatars.map((u) => avatarKey(u.id, 'current'));
  await inBatches(currentKeys, putObject);
  await inBatches([...withAvatars, ...dangling], (u) => data.users.create(u));
  await inBatches(withAvatars, (u) =>
    data.users.replaceAvatar(u.id, {
      key: avatarKey(u.id, 'current'),
      contentType: 'image/png',
      size: 1,
      updatedAt: 't',
    }),
  );
  await inBatches(dangling, (u) =>
    data.users.replaceAvatar(u.id, {
      key: avatarKey(u.id, 'never-uploaded'),
      contentType: 'image/png',
      size: 1,
      updatedAt: 't',
    }),
  );
  // Orphans: objects replaced by a newer avatar, and objects of users that were deleted.
  const oldOrphans = Array.from({ length: counts.oldOrphans }, (_, i) =>
    i % 2 === 0
      ? avatarKey(withAvatars[i % withAvatars.length]!.id, `replaced-${i}`)
      : avatarKey(crypto.randomUUID(), 'deleted-user'),
  );
  await inBatches(oldOrphans, putObject);
  await new Promise((resolve) => setTimeout(resolve, (graceSeconds + 1.5) * 1000));
  return { withAvatars, dangling, currentKeys, oldOrphans };
}

/** Objects of uploads in progress: unreferenced, but younger than the grace period. */
async function uploadsInProgress(count: number) {
  const keys = Array.from({ length: count }, () => avatarKey(crypto.randomUUID(), 'uploading'));
  await inBatches(keys, putObject, 50);
  return keys;
}

interface Run {
  code: number | null;
  lines: Record<string, unknown>[];
}

function startSweeper(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bundle, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      ...awsEnvironment(local),
      SWEEP_GRACE_SECONDS: String(graceSeconds),
      SWEEP_PAGE_SIZE: '100',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line)));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Run & { stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, lines, stderr })),
  );
  return { child, lines, done };
}

const run = (args: string[], env?: Record<string, string>) => startSweeper(args, env).done;
const finished = (r: Run) => r.lines.find((line) => line.msg === 'sweep finished');

describe('the avatar sweeper', () => {
  let world: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    world = await seed({ current: 300, oldOrphans: 1500, dangling: 60 });
  }, 180_000);

  it('only reports in a dry run, the default outside production', async () => {
    const before = await allKeys();
    const result = await run([]);
    expect(result.code).toBe(0);
    expect(finished(result)).toMatchObject({ dryRun: true, scanned: 1800, deleted: 1500, repaired: 60, errors: 0 });
    expect(await allKeys()).toEqual(before);
  });

  it('killed part-way and run again, ends with exactly the right objects and records; a third run changes nothing', async () => {
    const uploading = await uploadsInProgress(300);
    const first = startSweeper(['--apply'], { LOG_LEVEL: 'debug' });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (first.lines.some((line) => line.msg === 'page done' && Number(line.deleted) > 0)) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    first.child.kill('SIGKILL');
    await first.done;
    const partway = await allKeys();
    expect(partway.length).toBeLessThan(2100);
    expect(partway).toEqual(expect.arrayContaining([...world.currentKeys, ...uploading]));
    expect(partway.length).toBeGreaterThan(600);

    const second = await run(['--apply']);
    expect(second.code).toBe(0);
    expect(finished(second)).toMatchObject({ dryRun: false, errors: 0 });
    expect(await allKeys()).toEqual([...world.currentKeys, ...uploading].sort());
    const users = await data.users.findByIds([...world.withAvatars, ...world.dangling].map((u) => u.id));
    for (const user of world.withAvatars) expect(users.get(user.id)?.avatar?.key).toBe(avatarKey(user.id, 'current'));
    for (const user of world.dangling) expect(users.get(user.id)?.avatar).toBeNull();

    const third = await run(['--apply']);
    expect(finished(third)).toMatchObject({ scanned: 600, kept: 600, deleted: 0, repaired: 0, errors: 0 });
  });

  it('is safe to run twice at once', async () => {
    const orphans = Array.from({ length: 400 }, () => avatarKey(crypto.randomUUID(), 'orphan'));
    await inBatches(orphans, putObject, 50);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const grace = { SWEEP_GRACE_SECONDS: '1' };
    const [a, b] = await Promise.all([run(['--apply'], grace), run(['--apply'], grace)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(Number(finished(a)?.deleted) + Number(finished(b)?.deleted)).toBeGreaterThanOrEqual(400);
    expect(await allKeys()).toEqual(world.currentKeys.sort());
  });

  it('exits 1 when the store cannot be reached, saying so in its log', async () => {
    await local.stopService('s3');
    try {
      const result = await run(['--apply'], { AWS_MAX_ATTEMPTS: '1' });
      expect(result.code).toBe(1);
      expect(result.lines.some((line) => line.level === 50)).toBe(true);
    } finally {
      await local.startService('s3');
    }
  });

  it('refuses bad usage and missing production configuration with exit 2', async () => {
    const unknownFlag = await run(['--everything']);
    expect(unknownFlag.code).toBe(2);
    const production = await run([], { NODE_ENV: 'production', AWS_REGION: '', SWEEP_GRACE_SECONDS: '60' });
    expect(production.code).toBe(2);
    expect(production.stderr).toContain('AWS_REGION');
    expect(production.stderr).toContain('SWEEP_GRACE_SECONDS');
  });
});
