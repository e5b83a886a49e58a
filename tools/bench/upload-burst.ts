// The upload-burst scenario (issue 15, finding 5): a fresh production bundle, then `uploads`
// concurrent raw `PUT /users/{id}/avatar` of a `bytes`-sized PNG, all started at once; the
// server's peak resident set (VmHWM) is the figure. A fresh process, so nothing the other
// scenarios left in its heap counts. Run at the default UPLOAD_CONCURRENCY (what production
// does with such a burst: the excess gets 503) and with the cap at `uploads` (every upload
// streamed at once: what streaming alone costs).
import { request } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { format, resolveConfig } from 'prettier';
import { pngOfSize } from './png.js';
import { freePort, memoryOf, startNode, waitFor200 } from './processes.js';
import { seedThroughApi } from './seed-users.js';

export interface UploadBurstResult {
  readonly uploads: number;
  readonly bytes: number;
  /** The cap the run set, or undefined for the service's default. */
  readonly uploadConcurrency: number | undefined;
  readonly statuses: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly idleRssBytes: number;
  readonly peakRssBytes: number;
  readonly rssAfterBytes: number;
}

/** The target: 40 concurrent 5 MiB uploads keep the bundle's peak RSS under this. */
export const uploadBurstTargetBytes = 200e6;

/** One PUT with its Content-Length; resolves with the status (0 if the connection failed). */
function put(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'PUT', agent: false, headers: { ...headers, 'content-length': body.length } });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', () => resolve(0));
    req.end(body);
  });
}

export async function runUploadBurst(options: {
  bundleDir: string;
  env: Record<string, string>;
  apiKey: string;
  logFile: string;
  uploads: number;
  bytes: number;
  uploadConcurrency?: number;
}): Promise<UploadBurstResult> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const { uploadConcurrency } = options;
  const api = startNode('api (upload burst)', ['main.mjs'], {
    cwd: options.bundleDir,
    env: {
      ...options.env,
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      ...(uploadConcurrency !== undefined && { UPLOAD_CONCURRENCY: String(uploadConcurrency) }),
    },
    logFile: options.logFile,
  });
  try {
    await waitFor200(api, `${url}/readyz`, performance.now());
    const ids = await seedThroughApi({
      url,
      apiKey: options.apiKey,
      count: options.uploads,
      concurrency: 10,
      emailPrefix: `burst-${Date.now()}`,
    });
    await sleep(2_000);
    const idleRssBytes = memoryOf(api.pid)?.rss ?? NaN;
    const body = pngOfSize(options.bytes);
    const headers = { 'x-api-key': options.apiKey, 'content-type': 'image/png' };
    const started = performance.now();
    const statuses = await Promise.all(ids.map((id) => put(`${url}/users/${id}/avatar`, headers, body)));
    const seconds = (performance.now() - started) / 1000;
    const peakRssBytes = memoryOf(api.pid)?.peak ?? NaN;
    await sleep(2_000);
    const rssAfterBytes = memoryOf(api.pid)?.rss ?? NaN;
    const counted: Record<string, number> = {};
    for (const status of statuses) counted[status] = (counted[status] ?? 0) + 1;
    return {
      uploads: options.uploads,
      bytes: options.bytes,
      uploadConcurrency,
      statuses: counted,
      seconds,
      idleRssBytes,
      peakRssBytes,
      rssAfterBytes,
    };
  } finally {
    await api.stop();
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The runs as one Markdown table, a column each; the first run is the one the target is for. */
export function renderUploadBurst(results: readonly UploadBurstResult[], when: string): string {
  const [first] = results;
  if (!first) return '';
  const row = (figure: string, value: (result: UploadBurstResult) => string) =>
    `| ${figure} | ${results.map(value).join(' | ')} |`;
  const statuses = (result: UploadBurstResult) =>
    Object.entries(result.statuses)
      .map(([status, count]) => `${count} × ${status}`)
      .join(', ');
  const met = (result: UploadBurstResult) => (result.peakRssBytes < uploadBurstTargetBytes ? 'met' : 'missed');
  return [
    `${first.uploads} concurrent ${first.bytes / 1024 / 1024} MiB raw \`PUT /users/{id}/avatar\` on a fresh production bundle (${when}):`,
    '',
    `| Figure | ${results.map((result) => (result.uploadConcurrency === undefined ? 'default `UPLOAD_CONCURRENCY`' : `\`UPLOAD_CONCURRENCY=${result.uploadConcurrency}\``)).join(' | ')} |`,
    `| --- | ${results.map(() => '---').join(' | ')} |`,
    row('Responses', statuses),
    row('Time for the whole burst', (result) => `${result.seconds.toFixed(1)} s`),
    row('RSS before the burst', (result) => mb(result.idleRssBytes)),
    row('Peak RSS (VmHWM)', (result) => mb(result.peakRssBytes)),
    row('RSS 2 s after', (result) => mb(result.rssAfterBytes)),
    '',
    `Target (peak RSS < ${mb(uploadBurstTargetBytes)} at the first column's cap): ${met(first)}.`,
  ].join('\n');
}

const start = '<!-- upload-burst:start -->';
const end = '<!-- upload-burst:end -->';

/** Replaces the upload-burst table in docs/benchmarks.md (between its markers). */
export async function updateUploadBurstDoc(path: string, table: string): Promise<void> {
  const doc = await readFile(path, 'utf8');
  const [from, to] = [doc.indexOf(start), doc.indexOf(end)];
  if (from < 0 || to < from) throw new Error(`${path} lacks the markers ${start} … ${end}: put them back`);
  const updated = `${doc.slice(0, from + start.length)}\n\n${table}\n\n${doc.slice(to)}`;
  const options = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(updated, { ...options, filepath: path }));
}

export const uploadBurstLogName = (dir: string) => join(dir, 'api-upload-burst.log');
