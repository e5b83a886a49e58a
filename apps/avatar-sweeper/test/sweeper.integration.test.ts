// The avatar sweeper against DynamoDB Local and the S3 emulator, with objects and records in every
// state it must handle: current avatars, orphans, uploads in progress, records pointing nowhere.
// What only a process shows — exit codes, the JSON report line, the dry-run default, bad usage, a
// run killed part-way — runs the image's bundle as the CronJob does (sweeper-bundle.ts). What
// depends on the time runs `sweep()` here, told what time it is: no test waits for an age.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { avatarKey, minimumSweepGraceSeconds, type User } from '@platform/users-domain';
import { awsEnvironment, startEmbeddedAws, type EmbeddedAws } from '@platform/users-emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSweeperConfig } from '../src/config.js';
import { sweep } from '../src/sweep.js';
import {
  avatarWorld,
  patientAwsConfig,
  stagedKeys,
  unreferencedKeys,
  type AvatarWorld,
  type StoredKey,
} from './avatar-world.js';
import { copySweeperBundle, type LogLine } from './sweeper-bundle.js';

// What is proven here is about pages, not objects: pagination, a kill between two pages, two runs
// interleaving page by page. 10 a page over 200 objects makes as many pages (20) as 100 a page over
// 2,000 did, for a tenth of the writes and reads.
const pageSize = 10;

let bundle: Awaited<ReturnType<typeof copySweeperBundle>>;
let dataDir: string;
let local: EmbeddedAws;
let world: AvatarWorld;
let current: User[];
let currentKeys: string[];

beforeAll(async () => {
  bundle = await copySweeperBundle();
  // A data folder of the test's own: the S3 emulator's objects are files there, which the tests age.
  dataDir = await mkdtemp(join(tmpdir(), 'avatar-sweeper-test-'));
  local = await startEmbeddedAws({ dataDir });
  world = avatarWorld(local, dataDir);
  current = await world.usersWithAvatars(50, 'current');
  currentKeys = current.map((user) => avatarKey(user.id, 'current'));
}, 120_000); // a bound that only stops a hang: the emulators (one a JVM) start in seconds, more on a busy machine
afterAll(async () => {
  world?.close();
  await local?.stop();
  await bundle?.remove();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const finished = (lines: readonly LogLine[]) => lines.find((line) => line.msg === 'sweep finished');

describe('the bundle, run as the CronJob runs it', () => {
  // The shortest grace it accepts (in every environment); the objects it should find old are made
  // two days old (their files' mtime). How ages near the grace are judged is shown in-process
  // below, at chosen moments.
  const start = (args: string[], env: Record<string, string> = {}) =>
    bundle.start(args, {
      NODE_ENV: 'test',
      ...awsEnvironment(local),
      SWEEP_GRACE_SECONDS: String(minimumSweepGraceSeconds),
      SWEEP_PAGE_SIZE: String(pageSize),
      ...env,
    });
  const run = (args: string[], env?: Record<string, string>) => start(args, env).done;

  let dangling: User[];
  let youngStaged: string[];
  beforeAll(async () => {
    // Orphans: avatars replaced by a newer one, and objects of users deleted since; staged direct
    // uploads long expired; all two days old. Staged uploads a token may still complete: not aged.
    const replaced = current.map((user) => avatarKey(user.id, 'replaced'));
    const oldStaged = stagedKeys(20, 'expired-upload');
    youngStaged = stagedKeys(10, 'upload-in-progress');
    [dangling] = await Promise.all([
      world.usersPointingNowhere(10, 'never-uploaded'),
      world.putObjects([...replaced, ...unreferencedKeys(100, 'left-behind'), ...oldStaged, ...youngStaged]),
    ]);
    await world.age(
      (await world.keys()).filter((key) => !youngStaged.includes(key)),
      2 * 24 * 3600 * 1000,
    );
  });

  it('only reports in a dry run, the default outside production, in one JSON line', async () => {
    const before = await world.keys();
    const result = await run([]);
    expect(result.code).toBe(0);
    expect(finished(result.lines)).toMatchObject({
      dryRun: true,
      scanned: 230,
      kept: 60,
      deleted: 170,
      repaired: 10,
      errors: 0,
    });
    expect(await world.keys()).toEqual(before);
    expect(await world.avatarsOf(dangling)).toEqual(dangling.map((user) => avatarKey(user.id, 'never-uploaded')));
  });

  it('killed part-way and started again, ends with exactly the right objects and records; a third run changes nothing', async () => {
    const first = start(['--apply'], { LOG_LEVEL: 'debug' });
    await first.lineWhere((line) => line.msg === 'page done' && Number(line.deleted) > 0);
    first.child.kill('SIGKILL');
    expect((await first.done).code).toBeNull();
    // Killed right after its first page of deletes, with 22 of the 23 pages to go: a generous margin
    // for this process to see that line and kill it on a busy machine.
    const partway = await world.keys();
    expect(partway).toEqual(expect.arrayContaining([...currentKeys, ...youngStaged]));
    // Some orphans gone, some left.
    const keptForGood = currentKeys.length + youngStaged.length;
    expect(partway.length).toBeLessThan(keptForGood + 170);
    expect(partway.length).toBeGreaterThan(keptForGood);

    const second = await run(['--apply']);
    expect(second.code).toBe(0);
    // The killed run never reached the records, so this one repairs all of them.
    expect(finished(second.lines)).toMatchObject({ dryRun: false, repaired: 10, errors: 0 });
    expect(await world.keys()).toEqual([...currentKeys, ...youngStaged].sort());
    expect(await world.avatarsOf(current)).toEqual(currentKeys);
    expect(await world.avatarsOf(dangling)).toEqual(dangling.map(() => null));

    const third = await run(['--apply']);
    expect(finished(third.lines)).toMatchObject({ scanned: 60, kept: 60, deleted: 0, repaired: 0, errors: 0 });
    expect(await world.keys()).toEqual([...currentKeys, ...youngStaged].sort());
    // Gone before the in-process sweeps below, which move the clock far past them.
    await world.age(youngStaged, 2 * 24 * 3600 * 1000);
    expect(await run(['--apply'])).toMatchObject({ code: 0 });
    expect(await world.keys()).toEqual([...currentKeys].sort());
  });

  it('exits 1 when the store cannot be reached, saying so in its log', async () => {
    const result = await run(['--apply'], {
      AWS_ENDPOINT_URL_S3: await anEndpointNobodyListensOn(),
      AWS_MAX_ATTEMPTS: '1',
      // After a refused connection the SDK's connect timer still holds the process until it fires.
      AWS_CONNECT_TIMEOUT_MS: '100',
    });
    expect(result.code).toBe(1);
    expect(result.lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'sweep failed' }));
  });

  it('refuses bad usage, missing production configuration and a grace below the minimum in any environment, with exit 2', async () => {
    const [unknownFlag, production, shortGrace] = await Promise.all([
      run(['--everything']),
      run([], { NODE_ENV: 'production', AWS_REGION: '', SWEEP_GRACE_SECONDS: '60' }),
      run(['--apply'], { NODE_ENV: 'test', SWEEP_GRACE_SECONDS: '1e-9' }),
    ]);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain('--everything');
    expect(production.code).toBe(2);
    expect(production.stderr).toContain('AWS_REGION');
    expect(production.stderr).toContain('SWEEP_GRACE_SECONDS');
    expect(shortGrace.code).toBe(2);
    expect(shortGrace.stderr).toContain(`SWEEP_GRACE_SECONDS must be at least ${minimumSweepGraceSeconds}`);
  });
});

describe('a sweep told what time it is', () => {
  // The defaults (a grace of 24 h), as the entry point reads them; the AWS settings are the emulators'.
  const loaded = loadSweeperConfig({ NODE_ENV: 'test', SWEEP_PAGE_SIZE: String(pageSize) }, ['--apply']);
  if (loaded === 'help') throw new Error('no --help here');
  const config = loaded;
  const graceMs = config.graceSeconds * 1000;
  const second = 1000;

  async function sweepAt(now: Date) {
    const lines: LogLine[] = [];
    const code = await sweep(config, patientAwsConfig(local), {
      now,
      credentials: local.credentials,
      destination: { write: (line: string) => lines.push(JSON.parse(line)) },
    });
    return { code, report: finished(lines)! };
  }

  let uploads: StoredKey[];

  it('two sweeps at once agree: orphans older than the grace go, uploads in progress stay, records pointing nowhere are repaired', async () => {
    const [dangling] = await Promise.all([
      world.usersPointingNowhere(10, 'never-uploaded'),
      world.putObjects(unreferencedKeys(100, 'left-behind')),
    ]);
    const orphansWritten = latest(await world.objects());
    await pastTheSecondOf(orphansWritten);
    // Avatar objects written a moment ago (their record update on its way), and staged direct uploads.
    const uploadKeys = [...unreferencedKeys(50, 'uploading'), ...stagedKeys(20, 'staged')];
    await world.putObjects(uploadKeys);
    uploads = (await world.objects()).filter((object) => uploadKeys.includes(object.key));
    expect(earliest(uploads), 'the uploads must be younger than every other object').toBeGreaterThan(orphansWritten);

    // One grace period and one second after the orphans were written: they are older than the
    // grace, the uploads are not.
    const now = new Date(orphansWritten + graceMs + second);
    const [a, b] = await Promise.all([sweepAt(now), sweepAt(now)]);
    expect([a.code, b.code], JSON.stringify([a.report, b.report])).toEqual([0, 0]);
    // Both may delete the same orphan (deleting a missing object is no error), but only one
    // repairs a record: the update is conditional.
    expect(Number(a.report.deleted) + Number(b.report.deleted)).toBeGreaterThanOrEqual(100);
    expect(Number(a.report.repaired) + Number(b.report.repaired)).toBe(10);
    expect(await world.keys()).toEqual([...currentKeys, ...uploadKeys].sort());
    expect(await world.avatarsOf(current)).toEqual(currentKeys);
    expect(await world.avatarsOf(dangling)).toEqual(dangling.map(() => null));
  });

  it('deletes an upload never completed once it is older than the grace; a further run changes nothing', async () => {
    const now = new Date(latest(uploads) + graceMs + second);
    const later = await sweepAt(now);
    expect(later).toEqual({ code: 0, report: expect.objectContaining({ scanned: 120, kept: 50, deleted: 70 }) });
    expect(await world.keys()).toEqual([...currentKeys].sort());

    const again = await sweepAt(now);
    expect(again.report).toMatchObject({ scanned: 50, kept: 50, deleted: 0, repaired: 0, errors: 0 });
  });
});

const latest = (objects: readonly StoredKey[]) => Math.max(...objects.map((o) => o.lastModified.getTime()));
const earliest = (objects: readonly StoredKey[]) => Math.min(...objects.map((o) => o.lastModified.getTime()));

/**
 * The S3 emulator keeps LastModified to the second (it reports a file's mtime as an HTTP date), so
 * only an object written in a later second is younger. Resolves once the clock is past the second
 * after `time`, by a margin for the kernel's coarse file clock (up to a tick, at most 10 ms,
 * behind): a wait of at most about a second, whose end the dates read back afterwards confirm.
 */
async function pastTheSecondOf(time: number) {
  const wait = Math.floor(time / 1000) * 1000 + 1000 + 50 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** An endpoint on this machine where nothing listens: connections to it are refused at once. */
async function anEndpointNobodyListensOn() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
