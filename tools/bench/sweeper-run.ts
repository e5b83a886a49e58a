// The sweeper over a large bucket (issue 13, item 3): `objects` avatar objects in the S3 emulator,
// half referenced by users, half orphaned and older than the grace period; then the sweeper's
// production bundle runs once with --apply, as its CronJob would. Figures: its run time (spawn to
// exit) and its peak resident set (VmHWM, sampled until it exits). Its own emulators, with their
// data in a folder, because the objects' age is their files' modification time, set back here.
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, utimes, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectUsersData } from '@platform/aws-adapters';
import { awsEnvironment, embeddedAwsConfig, startEmbeddedAws } from '@platform/users-emulators';
import { chartProcessSettings } from './chart-settings.js';
import { memoryOf, startNode } from './processes.js';
import { seedDirectly } from './seed-users.js';

export interface SweeperResult {
  readonly objects: number;
  readonly referenced: number;
  readonly exitCode: number | null;
  readonly seconds: number;
  readonly peakRssBytes: number;
  /** The sweeper's own summary line ('sweep finished'), as logged. */
  readonly summary: Record<string, unknown> | undefined;
  readonly seedingSeconds: number;
}

/** The grace the sweeper runs with, and how far back the objects' modification times are set. */
const graceSeconds = 3_600;

export async function runSweeper(options: {
  workspaceRoot: string;
  logsDir: string;
  objects: number;
  onStep?: (what: string) => void;
}): Promise<SweeperResult> {
  const { workspaceRoot, logsDir } = options;
  await promisify(execFile)(process.execPath, [join(workspaceRoot, 'tools', 'bundle-app.mjs'), 'avatar-sweeper'], {
    cwd: workspaceRoot,
  });
  // On tmpfs where there is one: DynamoDB Local persists with SQLite, whose syncs to disk would make
  // seeding ten times slower.
  const dataDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bench-sweeper-'));
  const local = await startEmbeddedAws({ dataDir });
  try {
    const seedingStarted = performance.now();
    const old = new Date(Date.now() - 2 * graceSeconds * 1000);
    const referenced = Math.floor(options.objects / 2);
    const keys: string[] = [];
    await seedDirectly(local, {
      count: referenced,
      concurrency: 4,
      emailPrefix: 'sweep',
      olderThan: old,
      listingShards: 1,
      avatarKeyOf: (id) => {
        const key = `avatars/${id}/${randomUUID()}`;
        keys.push(key);
        return key;
      },
    });
    options.onStep?.(`users seeded at ${((performance.now() - seedingStarted) / 1000).toFixed(1)} s`);
    while (keys.length < options.objects) keys.push(`avatars/${randomUUID()}/${randomUUID()}`);
    const data = connectUsersData(embeddedAwsConfig(local), { credentials: local.credentials });
    const body = new Uint8Array([1]);
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          for (let key = keys[next++]; key !== undefined; key = keys[next++]) {
            await data.avatars.put(key, body, 'image/png');
          }
        }),
      );
    } finally {
      data.close();
    }
    options.onStep?.(`objects stored at ${((performance.now() - seedingStarted) / 1000).toFixed(1)} s`);
    // The emulator reports a file's modification time as the object's LastModified.
    for (const entry of await readdir(join(dataDir, 's3'), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) await utimes(join(entry.parentPath, entry.name), old, old);
    }
    const seedingSeconds = (performance.now() - seedingStarted) / 1000;

    const logFile = join(logsDir, 'avatar-sweeper.log');
    const started = performance.now();
    const sweeper = startNode('avatar-sweeper', ['main.mjs', '--apply'], {
      cwd: join(workspaceRoot, 'dist', 'apps', 'avatar-sweeper'),
      env: {
        ...chartProcessSettings(workspaceRoot, 'avatar-sweeper'),
        NODE_ENV: 'production',
        HOME: tmpdir(),
        ...awsEnvironment(local),
        SWEEP_GRACE_SECONDS: String(graceSeconds),
      },
      logFile,
    });
    let peakRssBytes = 0;
    const sample = setInterval(() => {
      const peak = memoryOf(sweeper.pid)?.peak;
      // An exited process not yet reaped has no memory figures.
      if (peak !== undefined && Number.isFinite(peak)) peakRssBytes = Math.max(peakRssBytes, peak);
    }, 20);
    const exitCode = await sweeper.exited;
    clearInterval(sample);
    const seconds = (performance.now() - started) / 1000;
    const summary = (await readFile(logFile, 'utf8'))
      .split('\n')
      .flatMap((line) => {
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          return parsed.msg === 'sweep finished' ? [parsed] : [];
        } catch {
          return [];
        }
      })
      .at(-1);
    return { objects: options.objects, referenced, exitCode, seconds, peakRssBytes, summary, seedingSeconds };
  } finally {
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
