import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import { cpuSecondsOf, memoryOf } from './processes.js';

/** What one scenario measured. Latencies are in milliseconds, from every response (not only 2xx). */
export interface ScenarioResult {
  readonly name: string;
  readonly connections: number;
  readonly seconds: number;
  readonly responses: number;
  /** Requests sent, answered or not (those in flight when the load stopped are sent, not answered). */
  readonly sent: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Responses whose status was not 2xx. */
  readonly non2xx: number;
  /** Connection errors and timeouts: requests that got no response at all. */
  readonly errors: number;
  /** Responses by status code, to say what the non-2xx were. */
  readonly statuses: Readonly<Record<string, number>>;
  /** CPU time (user + system) the server process spent per response, in microseconds. */
  readonly cpuMicrosPerRequest: number;
  /** The server's largest resident set seen while the load ran (sampled every 100 ms), in bytes. */
  readonly peakRssBytes: number | undefined;
}

/** A load to drive: autocannon's request list, cycled through by each connection. */
export interface Load {
  readonly name: string;
  /** The server process, whose CPU time and memory are measured. */
  readonly pid: number;
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** Stop after this many requests instead of after `seconds` (a load that uses up what it acts on). */
  readonly amount?: number;
  readonly requests: autocannon.Request[];
}

/** Raw samples of one or more runs, merged before percentiles are taken. */
interface Samples {
  latencies: number[];
  statuses: Record<string, number>;
  errors: number;
  sent: number;
  seconds: number;
  cpuSeconds: number;
  peakRss: number | undefined;
}

let current: autocannon.Instance | undefined;

/** Stops the load in progress (on Ctrl-C); its run resolves with what it measured so far. */
export function stopLoad(): void {
  current?.stop();
}

function drive(load: Load): Promise<Samples> {
  const samples: Samples = {
    latencies: [],
    statuses: {},
    errors: 0,
    sent: 0,
    seconds: 0,
    cpuSeconds: 0,
    peakRss: undefined,
  };
  const cpuBefore = cpuSecondsOf(load.pid);
  const sampleRss = () => {
    const rss = memoryOf(load.pid)?.rss;
    if (rss !== undefined) samples.peakRss = Math.max(samples.peakRss ?? 0, rss);
  };
  const rssTimer = setInterval(sampleRss, 100);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        connections: load.connections,
        ...(load.amount === undefined ? { duration: load.seconds } : { amount: load.amount }),
        pipelining: 1,
        timeout: 10,
        requests: load.requests,
      },
      (error, result) => {
        current = undefined;
        clearInterval(rssTimer);
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        sampleRss();
        samples.errors = result.errors;
        samples.sent = result.requests.sent;
        samples.seconds = result.duration;
        samples.cpuSeconds = cpuSecondsOf(load.pid) - cpuBefore;
        resolve(samples);
      },
    );
    current = instance;
    // autocannon's own histogram has 1 ms resolution; record each response's exact time instead.
    // (The event's listener gets the client first, which @types/autocannon leaves out.)
    (instance as unknown as EventEmitter).on(
      'response',
      (_client: unknown, status: number, _bytes: number, ms: number) => {
        samples.latencies.push(ms);
        samples.statuses[status] = (samples.statuses[status] ?? 0) + 1;
      },
    );
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function summarise(name: string, connections: number, runs: readonly Samples[]): ScenarioResult {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const run of runs)
    for (const [status, count] of Object.entries(run.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const non2xx = Object.entries(statuses).reduce(
    (sum, [status, count]) => (status.startsWith('2') ? sum : sum + count),
    0,
  );
  return {
    name,
    connections,
    seconds,
    responses: latencies.length,
    sent: runs.reduce((sum, run) => sum + run.sent, 0),
    requestsPerSecond: seconds > 0 ? latencies.length / seconds : 0,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    non2xx,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    statuses,
    cpuMicrosPerRequest:
      latencies.length > 0 ? (runs.reduce((sum, run) => sum + run.cpuSeconds, 0) * 1e6) / latencies.length : NaN,
    peakRssBytes: runs.reduce<number | undefined>(
      (max, run) => (run.peakRss === undefined ? max : Math.max(max ?? 0, run.peakRss)),
      undefined,
    ),
  };
}

/** Warms the server up for `warmupSeconds` (not recorded), then drives the load and measures it. */
export async function measure(load: Load, warmupSeconds = 1): Promise<{ result: ScenarioResult; warmup2xx: number }> {
  const warmup = warmupSeconds > 0 ? await drive({ ...load, seconds: warmupSeconds }) : undefined;
  const run = await drive(load);
  return { result: summarise(load.name, load.connections, [run]), warmup2xx: count2xx(warmup) };
}

function count2xx(samples: Samples | undefined): number {
  return Object.entries(samples?.statuses ?? {}).reduce(
    (sum, [status, count]) => (status.startsWith('2') ? sum + count : sum),
    0,
  );
}

/**
 * Drives two loads in alternating rounds (A, B, A, B, …) and merges each one's rounds, so that
 * whatever else the machine does in the meantime weighs on both alike: their ratio is the figure.
 */
export async function measureAlternating(
  a: Load,
  b: Load,
  rounds: number,
  warmupSeconds = 1,
): Promise<[ScenarioResult, ScenarioResult]> {
  if (warmupSeconds > 0) {
    await drive({ ...a, seconds: warmupSeconds });
    await drive({ ...b, seconds: warmupSeconds });
  }
  const runsA: Samples[] = [];
  const runsB: Samples[] = [];
  for (let round = 0; round < rounds; round++) {
    runsA.push(await drive(a));
    runsB.push(await drive(b));
  }
  return [summarise(a.name, a.connections, runsA), summarise(b.name, b.connections, runsB)];
}
