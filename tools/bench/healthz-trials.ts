// Trials for issue 13 (F3): what `GET /healthz` costs against the bare-Hono ceiling, for one or
// more builds of the API side by side, in alternating rounds so that whatever else the machine
// does weighs on all of them. Not part of `pnpm bench`; run by hand when changing middleware:
//
//   node --import tsx tools/bench/healthz-trials.ts \
//     --target base=/tmp/base-bundle --target new=dist/apps/api[,--max-semi-space-size=2] \
//     [--rounds 4] [--seconds 4] [--cpu-prof <dir>] [--load healthz|by-id|patch|create]
//
// Each target is name=<bundle dir>[,<NODE_OPTIONS>]. Prints, per target, the median over the
// rounds of CPU µs per request (from /proc, steadier than requests/s on a shared machine) and of
// requests/s, and both as a share of the ceiling's. --cpu-prof writes a V8 CPU profile of each
// API process into <dir> when it stops (file names carry the pid, printed below; summarise with
// cpu-profile-summary.ts; the ceiling dies on SIGTERM and writes none). --load by-id drives GET /users/{id} over 100
// users instead, at the API targets only (shares of the first target): how V8 flags weigh on a
// data path. --load patch drives PATCH /users/{id} (a new name each time, one UpdateItem) over
// them, --load create POST /users (a new email each time, one TransactWriteItems), --load listing
// GET /users?limit=20, --load avatar a 50 KiB PNG PUT to /users/{id}/avatar (replacing it).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { awsEnvironment, startEmbeddedAws } from '@platform/users-emulators';
import { measure, type Load } from './load.js';
import { pngOfSize } from './png.js';
import { freePort, startNode, stopAll, waitFor200, type BenchProcess } from './processes.js';
import { apiScenarios, ceilingScenario } from './scenarios.js';
import { seedThroughApi } from './seed-users.js';

const { values: flags } = parseArgs({
  options: {
    target: { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '10' },
    'cpu-prof': { type: 'string' },
    /** healthz (against the ceiling too); by-id, listing, avatar (50 KiB PUT), patch or create: over 100 users, API targets only. */
    load: { type: 'string', default: 'healthz' },
  },
});
const targets = (flags.target ?? []).map((spec) => {
  const match = /^([^=]+)=([^,]+)(?:,(.*))?$/.exec(spec);
  if (!match) throw new Error(`--target ${spec}: expected name=<bundle dir>[,<NODE_OPTIONS>]`);
  return { name: match[1] as string, dir: resolve(match[2] as string), nodeOptions: match[3] ?? '' };
});
if (targets.length === 0) throw new Error('give at least one --target name=<bundle dir>');
const [rounds, seconds, connections] = [flags.rounds, flags.seconds, flags.connections].map(Number) as [
  number,
  number,
  number,
];

const apiKey = 'trial-api-key';
const logsDir = await mkdtemp(join(tmpdir(), 'healthz-trials-'));
const aws = await startEmbeddedAws({});
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

try {
  const servers: { name: string; proc: BenchProcess; url: string }[] = [];
  const ceilingPort = await freePort();
  const profile = flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(flags['cpu-prof'])}`] : [];
  const ceiling = startNode('ceiling', [join(import.meta.dirname, 'ceiling-server.mjs')], {
    cwd: import.meta.dirname,
    env: { NODE_ENV: 'production', PORT: String(ceilingPort) },
    logFile: join(logsDir, 'ceiling.log'),
  });
  if (flags.load === 'healthz')
    servers.push({ name: 'ceiling', proc: ceiling, url: `http://127.0.0.1:${ceilingPort}` });
  for (const target of targets) {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const proc = startNode(target.name, [...profile, 'main.mjs'], {
      cwd: target.dir,
      env: {
        NODE_ENV: 'production',
        HOME: tmpdir(),
        HOST: '127.0.0.1',
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        API_KEYS: apiKey,
        TOKEN_SECRET: 'trial-token-secret-of-at-least-32-characters',
        NODE_OPTIONS: target.nodeOptions,
        ...awsEnvironment(aws),
      },
      logFile: join(logsDir, `${target.name}.log`),
    });
    servers.push({ name: target.name, proc, url: `http://127.0.0.1:${port}` });
  }
  for (const server of servers) await waitFor200(server.proc, `${server.url}/healthz`, performance.now());

  const ids =
    flags.load !== 'healthz'
      ? await seedThroughApi({ url: servers[0]?.url ?? '', apiKey, count: 100, concurrency: 10, emailPrefix: 'trial' })
      : [];
  // The bench's own loads (scenarios.ts), built once: their counters are shared by every target and
  // round, so no two requests write the same name or email.
  const scenarios = apiScenarios({
    url: '',
    pid: 0,
    apiKey,
    userIds: ids,
    doomedIds: [],
    avatar: pngOfSize(50 * 1024),
    formFile: pngOfSize(2 * 1024),
    connections,
    seconds,
  });
  const scenarioOf = {
    'by-id': scenarios.byId,
    listing: scenarios.listing,
    avatar: scenarios.avatar,
    patch: scenarios.patch,
    create: scenarios.create,
  } as Record<string, Load | undefined>;
  const scenario = scenarioOf[flags.load];
  if (flags.load !== 'healthz' && !scenario)
    throw new Error(`--load ${flags.load}: expected healthz, ${Object.keys(scenarioOf).join(', ')}`);
  const load = (server: (typeof servers)[number], secs: number): Load =>
    flags.load === 'healthz' || !scenario
      ? ceilingScenario({ url: server.url, pid: server.proc.pid, connections, seconds: secs })
      : { ...scenario, url: server.url, pid: server.proc.pid, seconds: secs };
  for (const server of servers) await measure(load(server, 2), 0); // warm-up, not recorded
  const cpu = new Map<string, number[]>(servers.map((s) => [s.name, []]));
  const rps = new Map<string, number[]>(servers.map((s) => [s.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const server of servers) {
      const { result } = await measure(load(server, seconds), 0);
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`${server.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      cpu.get(server.name)?.push(result.cpuMicrosPerRequest);
      rps.get(server.name)?.push(result.requestsPerSecond);
    }
  }
  // Without the ceiling (--load by-id), shares are of the first target.
  const reference = flags.load === 'healthz' ? 'ceiling' : (servers[0]?.name ?? '');
  const ceilingCpu = median(cpu.get(reference) ?? []);
  const ceilingRps = median(rps.get(reference) ?? []);
  console.log(`${rounds} rounds × ${seconds} s, ${connections} connections; logs in ${logsDir}`);
  console.log(`pids: ${servers.map((server) => `${server.name} ${server.proc.pid}`).join(', ')}`);
  console.log('target       CPU µs/req (rounds)                 req/s    ceiling÷API CPU   API÷ceiling req/s');
  for (const server of servers) {
    const c = cpu.get(server.name) ?? [];
    const r = median(rps.get(server.name) ?? []);
    console.log(
      `${server.name.padEnd(12)} ${median(c).toFixed(1).padStart(6)} (${c.map((v) => v.toFixed(0)).join(' ')})`.padEnd(
        50,
      ) +
        `${r.toFixed(0).padStart(8)}    ${((ceilingCpu / median(c)) * 100).toFixed(0).padStart(4)}%           ${((r / ceilingRps) * 100).toFixed(0).padStart(4)}%`,
    );
  }
} finally {
  await stopAll();
  await aws.stop();
}
