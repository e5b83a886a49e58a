// Trials for issue 13 (F3): the API's memory at several sizes of V8's young generation
// (`--max-semi-space-size`), to choose the chart's `nodeOptions` from measurements. For each size a
// fresh production bundle: its idle RSS (and what makes it up, from /proc and the bundle's own
// Prometheus metrics), then the bench's mix of loads — /healthz, reads, the listing, 50 KiB avatar
// uploads, creates — with CPU µs per request and the peak RSS (VmHWM), then the 40 × 5 MiB upload
// burst on another fresh bundle at UPLOAD_CONCURRENCY=40. Not part of `pnpm bench`; run by hand:
//
//   node --import tsx tools/bench/memory-trials.ts [--sizes default,1,2,4,8,16] [--seconds 5]
//     [--bundle-dir dist/apps/api] [--extra-node-options '<flags>'] [--env MALLOC_ARENA_MAX=2]
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { awsEnvironment, startEmbeddedAws } from '@platform/users-emulators';
import type autocannon from 'autocannon';
import { measure, type Load } from './load.js';
import { memoryBreakdown } from './memory.js';
import { pngOfSize } from './png.js';
import { freePort, memoryOf, startNode, stopAll, waitFor200 } from './processes.js';
import { seedThroughApi } from './seed-users.js';
import { runUploadBurst } from './upload-burst.js';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'default,1,2,4,8,16' },
    seconds: { type: 'string', default: '5' },
    'bundle-dir': { type: 'string', default: 'dist/apps/api' },
    'extra-node-options': { type: 'string', default: '' },
    /** KEY=VALUE added to the bundle's environment, e.g. MALLOC_ARENA_MAX=2; repeatable. */
    env: { type: 'string', multiple: true, default: [] },
  },
});
const sizes = flags.sizes.split(',');
const seconds = Number(flags.seconds);
const bundleDir = resolve(flags['bundle-dir']);
const apiKey = 'trial-api-key';
const logsDir = await mkdtemp(join(tmpdir(), 'memory-trials-'));
const aws = await startEmbeddedAws({});
const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 1e6).toFixed(1));

const rows: string[] = [];
try {
  for (const size of sizes) {
    const nodeOptions = [size === 'default' ? '' : `--max-semi-space-size=${size}`, flags['extra-node-options']]
      .filter(Boolean)
      .join(' ');
    const [port, metricsPort] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${port}`;
    const env = {
      NODE_ENV: 'production',
      HOME: tmpdir(),
      HOST: '127.0.0.1',
      API_KEYS: apiKey,
      TOKEN_SECRET: 'trial-token-secret-of-at-least-32-characters',
      NODE_OPTIONS: nodeOptions,
      ...awsEnvironment(aws),
      ...Object.fromEntries((flags.env ?? []).map((pair) => pair.split(/=(.*)/s).slice(0, 2))),
    };
    const api = startNode(`api ${size}`, ['main.mjs'], {
      cwd: bundleDir,
      env: { ...env, PORT: String(port), METRICS_PORT: String(metricsPort) },
      logFile: join(logsDir, `api-${size}.log`),
    });
    await waitFor200(api, `${url}/readyz`, performance.now());
    await sleep(2_000);
    const idle = memoryOf(api.pid);
    const idleMemory = await memoryBreakdown(api.pid, `http://127.0.0.1:${metricsPort}/metrics`);
    const ids = await seedThroughApi({
      url,
      apiKey,
      count: 100,
      concurrency: 10,
      emailPrefix: `mem-${size}-${Date.now()}`,
    });
    const headers = { 'x-api-key': apiKey };
    const avatar = pngOfSize(50 * 1024);
    let created = 0;
    const load = (name: string, requests: autocannon.Request[]): Load => ({
      name,
      pid: api.pid,
      url,
      connections: 10,
      seconds,
      requests,
    });
    // The bench's own mix (tools/bench/scenarios.ts), kept here so these trials do not follow its changes.
    const loads = [
      load('healthz', [{ method: 'GET', path: '/healthz' }]),
      load(
        'by id',
        ids.map((id) => ({ method: 'GET', path: `/users/${id}`, headers })),
      ),
      load('listing', [{ method: 'GET', path: '/users?limit=20', headers }]),
      load(
        'avatar',
        ids.map((id) => ({
          method: 'PUT',
          path: `/users/${id}/avatar`,
          headers: { ...headers, 'content-type': 'image/png' },
          body: avatar,
        })),
      ),
      load('create', [
        {
          method: 'POST',
          path: '/users',
          headers: { ...headers, 'content-type': 'application/json' },
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ name: 'Load User', email: `mem-${size}-${Date.now()}-${created++}@example.com` }),
          }),
        },
      ]),
    ];
    const cpu: string[] = [];
    for (const each of loads) {
      const { result } = await measure(each, 1);
      cpu.push(`${result.cpuMicrosPerRequest.toFixed(0)}`);
    }
    const loaded = memoryOf(api.pid);
    const loadedMemory = await memoryBreakdown(api.pid, `http://127.0.0.1:${metricsPort}/metrics`);
    await api.stop();
    const burst = await runUploadBurst({
      bundleDir,
      env,
      apiKey,
      logFile: join(logsDir, `burst-${size}.log`),
      uploads: 40,
      bytes: 5 * 1024 * 1024,
      uploadConcurrency: 40,
    });
    const row =
      `| ${size.padEnd(7)} | ${mb(idle?.rss)} (anon ${mb(idleMemory.anonymous)}, file ${mb(idleMemory.fileBacked)}, heap ${mb(idleMemory.heapTotal)}, code ${mb(idleMemory.heapSpaces.code)}) ` +
      `| ${mb(loaded?.peak)} | ${mb(loaded?.rss)} (new ${mb(loadedMemory.heapSpaces.new)}, old ${mb(loadedMemory.heapSpaces.old)}) | ${cpu.join(' / ')} ` +
      `| ${mb(burst.peakRssBytes)} (${Object.entries(burst.statuses)
        .map(([s, n]) => `${n}×${s}`)
        .join(', ')}, ${burst.seconds.toFixed(1)} s) |`;
    rows.push(row);
    console.log(row);
  }
  console.log(
    '\n| semi-space MB | idle RSS MB | peak RSS under the mix MB | RSS after the mix MB | CPU µs/req: healthz / by id / listing / avatar 50 KiB / create | 40 × 5 MiB burst peak MB |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  console.log(`logs in ${logsDir}`);
} finally {
  await stopAll();
  await aws.stop();
}
