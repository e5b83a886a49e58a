// `pnpm bench`: builds the production bundle, runs it as the image does against the embedded
// emulators on loopback, drives load at it with autocannon, and writes the figures to
// docs/benchmarks.md (see there for what each one means). A script, not a test: it reports the
// targets as met or missed and never fails on a number; it exits non-zero only if it cannot run.
//
//   pnpm bench [--seconds 10] [--no-write] [--scenario all|api|upload-burst|sweeper] [--bundle-dir <dir>]
//              [--env KEY=VALUE]...
//
// --scenario api runs only the main API process's scenarios (no upload burst, no sweeper; printed,
// never written), --scenario upload-burst only the upload burst (upload-burst.ts), --scenario sweeper
// only the sweeper over 20,000 objects (sweeper-run.ts; printed, never written); --bundle-dir measures a
// bundle built elsewhere (e.g. from an older commit) instead of building this one.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify, parseArgs } from 'node:util';
import { awsEnvironment, startEmbeddedAws, type EmbeddedAws } from '@platform/users-emulators';
import { compareListingShards, comparedShards, deployedListingShards, seededListingShards } from './listing-shards.js';
import { measure, measureAlternating, stopLoad, type Load, type ScenarioResult } from './load.js';
import { memoryBreakdown, type MemoryBreakdown } from './memory.js';
import { pngOfSize } from './png.js';
import {
  freePort,
  machineBusySeconds,
  memoryOf,
  ownTreeCpuSeconds,
  startNode,
  stopAll,
  tailOf,
  waitFor200,
  type BenchProcess,
} from './processes.js';
import { runSweeper } from './sweeper-run.js';
import { renderText, sweeperRows, updateDoc, type BenchReport, type PathCalls } from './report.js';
import { awsCallCounts, callsPerRequest } from './aws-calls.js';
import { chartProcessSettings } from './chart-settings.js';
import { measureSdkFloors, type FloorResult } from './sdk-floors.js';
import { apiScenarios, ceilingName, ceilingScenario, healthzName } from './scenarios.js';
import { renderUploadBurst, runUploadBurst, updateUploadBurstDoc, uploadBurstLogName } from './upload-burst.js';
import { checkSeededUser, seedDirectly, seedThroughApi } from './seed-users.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    'no-write': { type: 'boolean', default: false },
    scenario: { type: 'string', default: 'all' },
    'bundle-dir': { type: 'string' },
    /** KEY=VALUE added to the API bundle's environment (repeatable): a setting tried before the chart gets it. */
    env: { type: 'string', multiple: true, default: [] },
  },
});
if (!['all', 'api', 'upload-burst', 'sweeper'].includes(flags.scenario)) {
  console.error('--scenario must be all, api, upload-burst or sweeper');
  process.exit(2);
}
const seconds = Number(flags.seconds);
if (!Number.isInteger(seconds) || seconds < 2) {
  console.error('--seconds must be a whole number of seconds, 2 or more');
  process.exit(2);
}

const workspaceRoot = join(import.meta.dirname, '..', '..');
const bundleDir = flags['bundle-dir'] ?? join(workspaceRoot, 'dist', 'apps', 'api');
const docPath = join(workspaceRoot, 'docs', 'benchmarks.md');
const apiKey = 'bench-api-key';
const connections = 10;
/** The second concurrency, at which the probe and the read are measured again: a per-connection cost shows. */
const manyConnections = 64;
/** Users the DELETE scenario removes (created through the API first, so the path is the real one). */
const doomedUsers = 600;
/** Avatar objects the sweeper run finds, half of them referenced by a user. */
const sweeperObjects = 20_000;
const starts = 3;
const seededThroughApi = 100;
const tableSizes = [10_000, 50_000];
const avatarBytes = 50 * 1024;

const logsDir = await mkdtemp(join(tmpdir(), 'bench-'));
let aws: EmbeddedAws | undefined;
let api: BenchProcess | undefined;
/** Set on Ctrl-C (or SIGTERM, SIGHUP): cleaning up, then exiting with the signal's code. */
let exiting: Promise<void> | undefined;

async function cleanUp() {
  stopLoad();
  await stopAll();
  await aws?.stop();
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the load, the API, the ceiling server and the emulators …`);
    exiting = cleanUp().finally(() => process.exit(code));
  });
}

/** Runs one step of the bench, saying what it does; stops at the first step after Ctrl-C. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  if (exiting) await exiting; // never returns: the process exits
  const started = performance.now();
  process.stdout.write(`• ${what} … `);
  const value = await run();
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
  return value;
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: workspaceRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: workspaceRoot, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

/** Builds the bundle (unless --bundle-dir names one) and starts the emulators. */
async function prepare(): Promise<EmbeddedAws> {
  if (!flags['bundle-dir']) {
    await step('Building the production bundle (dist/apps/api/main.mjs)', () =>
      promisify(execFile)(process.execPath, [join(workspaceRoot, 'tools', 'bundle-app.mjs'), 'api'], {
        cwd: workspaceRoot,
      }),
    );
  }
  aws = await step('Starting DynamoDB Local and the S3 emulator (in memory, loopback)', () => startEmbeddedAws({}));
  return aws;
}

/** What the container gets: production mode, configuration from the environment, AWS endpoints. */
const productionEnv = (local: EmbeddedAws) => ({
  ...chartProcessSettings(workspaceRoot, 'api'),
  ...Object.fromEntries(flags.env.map((pair) => pair.split(/=(.*)/s).slice(0, 2))),
  NODE_ENV: 'production',
  HOME: tmpdir(),
  HOST: '127.0.0.1',
  API_KEYS: apiKey,
  TOKEN_SECRET: 'bench-token-secret-of-at-least-32-characters',
  ...awsEnvironment(local),
  USERS_LISTING_SHARDS: String(deployedListingShards),
});

const burstUploads = 40;
const burstBytes = 5 * 1024 * 1024;

/** The upload burst against a fresh bundle process: at the default cap, then with every upload let in. */
async function uploadBurst(local: EmbeddedAws) {
  const results = [];
  for (const uploadConcurrency of [undefined, burstUploads]) {
    const cap = uploadConcurrency === undefined ? 'the default cap' : `UPLOAD_CONCURRENCY=${uploadConcurrency}`;
    results.push(
      await step(`Upload burst: ${burstUploads} concurrent 5 MiB PUT /users/{id}/avatar, fresh bundle, ${cap}`, () =>
        runUploadBurst({
          bundleDir,
          env: productionEnv(local),
          apiKey,
          logFile: uploadBurstLogName(logsDir),
          uploads: burstUploads,
          bytes: burstBytes,
          ...(uploadConcurrency !== undefined && { uploadConcurrency }),
        }),
      ),
    );
  }
  return results;
}

async function run(): Promise<BenchReport> {
  const benchStarted = performance.now();
  const busyBefore = machineBusySeconds();
  const ownBefore = ownTreeCpuSeconds();
  const local = await prepare();

  const [port, metricsPort, ceilingPort] = [await freePort(), await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const ceilingUrl = `http://127.0.0.1:${ceilingPort}`;
  const apiEnv = { ...productionEnv(local), PORT: String(port), METRICS_PORT: String(metricsPort) };
  const startApi = () =>
    startNode('api', ['main.mjs'], { cwd: bundleDir, env: apiEnv, logFile: join(logsDir, 'api.log') });

  const startTimes = await step(`Starting the bundle ${starts} times (spawn → first 200 from /readyz)`, async () => {
    const times: number[] = [];
    for (let i = 0; i < starts; i++) {
      const spawned = performance.now();
      api = startApi();
      times.push(await waitFor200(api, `${url}/readyz`, spawned));
      if (i < starts - 1) await api.stop();
    }
    return times;
  });
  const server = api as BenchProcess;
  await sleep(2_000);
  const idleRss = memoryOf(server.pid)?.rss;
  const metricsUrl = `http://127.0.0.1:${metricsPort}`;
  /** What the API's resident memory is made of after each scenario (and idle), to explain its peak. */
  const memoryAfter: { after: string; memory: MemoryBreakdown }[] = [];
  const recordMemory = async (after: string) =>
    memoryAfter.push({ after, memory: await memoryBreakdown(server.pid, `${metricsUrl}/metrics`) });
  await recordMemory('idle, after start');

  const ceiling = await step('Starting the bare-Hono ceiling server', async () => {
    const proc = startNode('ceiling', [join(import.meta.dirname, 'ceiling-server.mjs')], {
      cwd: import.meta.dirname,
      env: { NODE_ENV: 'production', PORT: String(ceilingPort) },
      logFile: join(logsDir, 'ceiling.log'),
    });
    await waitFor200(proc, `${ceilingUrl}/healthz`, performance.now());
    return proc;
  });
  await sleep(1_000);
  const ceilingIdleRss = memoryOf(ceiling.pid)?.rss;

  const ids = await step(`Seeding ${seededThroughApi} users through POST /users`, () =>
    seedThroughApi({ url, apiKey, count: seededThroughApi, concurrency: connections, emailPrefix: 'seed' }),
  );
  const doomedIds = await step(`Seeding ${doomedUsers.toLocaleString('en-US')} users for DELETE /users/{id}`, () =>
    seedThroughApi({ url, apiKey, count: doomedUsers, concurrency: connections, emailPrefix: 'doomed' }),
  );
  const scenario = apiScenarios({
    url,
    pid: server.pid,
    apiKey,
    userIds: ids,
    doomedIds,
    avatar: pngOfSize(avatarBytes),
    formFile: pngOfSize(2 * 1024),
    connections,
    seconds,
  });
  const scenarios: ScenarioResult[] = [];
  const pathCalls: PathCalls[] = [];
  const listingP50ByUsers: { users: number; p50: number }[] = [];
  let users = seededThroughApi + doomedUsers;

  /**
   * A data path: warmed up, then measured, with the AWS calls the API made during the measured
   * part (its own metrics) divided by the responses. Resolves with the 2xx of both parts.
   */
  const measurePath = async (load: Load, warmup: { seconds?: number; amount?: number } = { seconds: 1 }) => {
    const warm = (await measure({ ...load, seconds: warmup.seconds ?? 1, amount: warmup.amount }, 0)).result;
    // The requests still in flight when a load stops are finished by the API a moment later.
    await sleep(500);
    const before = await awsCallCounts(metricsUrl);
    const { result } = await measure(load, 0);
    await sleep(500);
    const calls = callsPerRequest(before, await awsCallCounts(metricsUrl), result.sent);
    pathCalls.push({ name: result.name, calls });
    scenarios.push(result);
    await recordMemory(result.name);
    return { result, created2xx: warm.responses - warm.non2xx + result.responses - result.non2xx };
  };

  // The listing is measured after the other reads, so that neither the API's JIT nor DynamoDB
  // Local's is still cold when the smallest table is measured: that would flatter the larger ones.
  const atSize = async () => {
    const size = users.toLocaleString('en-US');
    const listing = { ...scenario.listing, name: `${scenario.listing.name} (${size} users)` };
    const { result } = await step(`${scenario.listing.name} at ${size} users, ${seconds} s`, async () =>
      listingP50ByUsers.length === 0 ? measurePath(listing, { seconds: 2 }) : measure(listing, 2),
    );
    if (listingP50ByUsers.length > 0) {
      scenarios.push(result);
      await recordMemory(result.name);
    }
    listingP50ByUsers.push({ users, p50: result.p50 });
  };

  // The first load the API meets: a longer warm-up, so the probe is measured with its code optimised.
  const half = seconds / 2;
  const ceilingLoad = ceilingScenario({ url: ceilingUrl, pid: ceiling.pid, connections, seconds: half });
  scenarios.push(
    ...(await step(`${healthzName} and the ceiling, alternating, 2 × ${half} s each`, () =>
      measureAlternating(ceilingLoad, { ...scenario.healthz, seconds: half }, 2, 2),
    )),
  );
  await recordMemory(healthzName);
  await step(`${scenario.byId.name}, ${seconds} s`, () => measurePath(scenario.byId));
  await atSize();
  await step(`${scenario.avatar.name}, ${seconds} s`, () => measurePath(scenario.avatar));
  await step(`${scenario.form.name}, ${seconds} s`, () => measurePath(scenario.form));
  await step(`${scenario.patch.name}, ${seconds} s`, () => measurePath(scenario.patch));
  const creates = await step(`${scenario.create.name}, ${seconds} s`, () => measurePath(scenario.create));
  users += creates.created2xx;
  const warmDeletes = Math.floor(doomedIds.length / 10);
  const deletes = await step(`${scenario.delete.name}, ${doomedIds.length.toLocaleString('en-US')} users`, () =>
    measurePath({ ...scenario.delete, amount: doomedIds.length - warmDeletes }, { amount: warmDeletes }),
  );
  users -= deletes.created2xx;

  // The cost of growth: the probe and the read again at many connections, for CPU per request.
  const growth = await step(
    `${healthzName} and ${scenario.byId.name} at ${manyConnections} connections, ${half} s each`,
    async () => [
      (await measure({ ...scenario.healthz, connections: manyConnections, seconds: half }, 1)).result,
      (await measure({ ...scenario.byId, connections: manyConnections, seconds: half }, 1)).result,
    ],
  );
  scenarios.push(...growth);
  await recordMemory(`${healthzName} and ${scenario.byId.name} at ${manyConnections} connections`);

  // The floors: the same AWS calls, bare, on the clients the app builds, at the same concurrency.
  const floors: FloorResult[] = await step(
    `SDK floors: each AWS call bare, ${connections} in flight, ${half} s each`,
    () =>
      measureSdkFloors({
        env: apiEnv,
        logsDir,
        input: {
          seconds: half,
          warmupSeconds: 1,
          inFlight: connections,
          userIds: ids,
          objectBytes: avatarBytes,
          streamRequestTimeoutMs: 60_000, // the API's REQUEST_TIMEOUT_MS default, which the bench leaves as it is
        },
      }),
  );

  let seeded = 0;
  let seedingSeconds = 0;
  for (const size of tableSizes) {
    const count = size - users;
    if (count > 0) {
      const started = performance.now();
      const sample = await step(
        `Writing ${count.toLocaleString('en-US')} users straight into DynamoDB Local (BatchWriteItem)`,
        () =>
          seedDirectly(local, {
            count,
            concurrency: 4,
            emailPrefix: `table-${size}`,
            olderThan: new Date(),
            listingShards: seededListingShards,
          }),
      );
      seedingSeconds += (performance.now() - started) / 1000;
      seeded += count;
      users += count;
      await checkSeededUser({ url, apiKey, id: sample.sampleId, email: sample.sampleEmail });
    }
    await atSize();
  }

  const listingByShards = await step(
    `GET /users?limit=20 at ${users.toLocaleString('en-US')} users, ${comparedShards.join(' and ')} listing shards (fresh bundles), alternating, 2 × ${half} s each`,
    () => compareListingShards({ bundleDir, env: productionEnv(local), apiKey, users, connections, seconds, logsDir }),
  );
  scenarios.push(...listingByShards.results.map(({ result }) => result));

  const peakRss = memoryOf(server.pid)?.peak;
  const elapsed = (performance.now() - benchStarted) / 1000;
  const othersCores = Math.max(0, machineBusySeconds() - busyBefore - (ownTreeCpuSeconds() - ownBefore)) / elapsed;
  console.log(`• Done in ${elapsed.toFixed(0)} s`);
  const cpu = cpus();
  return {
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    commit: gitCommit(),
    machine: {
      cores: cpu.length,
      cpu: cpu[0]?.model.trim() ?? 'unknown',
      memoryBytes: totalmem(),
      othersCores,
    },
    node: process.version,
    scenarios,
    startToReadyMs: {
      median: [...startTimes].sort((a, b) => a - b)[Math.floor(startTimes.length / 2)] ?? NaN,
      each: startTimes,
    },
    idleRssBytes: idleRss,
    peakRssBytes: peakRss,
    memoryAfter,
    ceilingIdleRssBytes: ceilingIdleRss,
    listingP50ByUsers,
    listingByShards,
    pathCalls,
    floors,
    growth: { connections: [connections, manyConnections], names: [healthzName, scenario.byId.name] },
    seedingUsersPerSecond: seedingSeconds > 0 ? seeded / seedingSeconds : NaN,
    healthzName,
    ceilingName,
  };
}

try {
  const all = flags.scenario === 'all';
  const measured = all || flags.scenario === 'api' ? await run() : undefined;
  const burst = all || flags.scenario === 'upload-burst' ? await uploadBurst(aws ?? (await prepare())) : undefined;
  await cleanUp();
  const sweeper =
    all || flags.scenario === 'sweeper'
      ? await step(
          `The avatar sweeper's production bundle over ${sweeperObjects.toLocaleString('en-US')} objects (seeding, then one --apply run)`,
          () => runSweeper({ workspaceRoot, logsDir, objects: sweeperObjects }),
        )
      : undefined;
  const report = measured && { ...measured, uploadBurstPeakBytes: burst?.[0]?.peakRssBytes, sweeper };
  if (report) console.log(`\n${renderText(report)}\n`);
  else if (sweeper)
    console.log(
      `\n${sweeperRows(sweeper)
        .map((row) => row.join(': '))
        .join('\n')}\n`,
    );
  const burstTable =
    burst && renderUploadBurst(burst, `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${gitCommit()}`);
  if (burstTable) console.log(`\n${burstTable}\n`);
  // A run of the API's scenarios alone (--scenario api) lacks the burst's and the sweeper's figures: printed only.
  if (!flags['no-write'] && flags.scenario !== 'api') {
    if (report) await updateDoc(docPath, report);
    if (burstTable) await updateUploadBurstDoc(docPath, burstTable);
    console.log(`Written to docs/benchmarks.md (the run before it moved to "Previous run").`);
  }
  await rm(logsDir, { recursive: true, force: true });
} catch (error) {
  if (exiting) await exiting; // never returns: the process exits
  console.error(`\n✖ The bench could not run: ${error instanceof Error ? error.message : String(error)}`);
  if (api) console.error(`\nThe API's last log lines (all in ${api.logFile}):\n${tailOf(api.logFile)}`);
  await cleanUp();
  process.exit(1);
}
