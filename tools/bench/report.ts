import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import type { ListingByShards } from './listing-shards.js';
import type { ScenarioResult } from './load.js';
import type { MemoryBreakdown } from './memory.js';
import type { FloorResult } from './sdk-floors.js';
import type { SweeperResult } from './sweeper-run.js';

/** The AWS calls one API path made per request in the run, by operation (from the API's metrics). */
export interface PathCalls {
  readonly name: string;
  readonly calls: Readonly<Record<string, number>>;
}

/** Everything one run measured, and where. */
export interface BenchReport {
  readonly date: string;
  readonly commit: string;
  readonly machine: {
    cores: number;
    cpu: string;
    memoryBytes: number;
    /** Cores' worth of CPU that processes other than the bench's used, on average over the run. */
    othersCores: number;
  };
  readonly node: string;
  readonly scenarios: readonly ScenarioResult[];
  /** Median of the starts, and each start, in ms: spawn to the first 200 from /readyz. */
  readonly startToReadyMs: { median: number; each: readonly number[] };
  readonly idleRssBytes: number | undefined;
  readonly peakRssBytes: number | undefined;
  /** The API process's memory, idle and after each of its scenarios, by kind. */
  readonly memoryAfter: readonly { after: string; memory: MemoryBreakdown }[];
  readonly ceilingIdleRssBytes: number | undefined;
  /** GET /users?limit=20 p50 in ms, by the number of users in the table. */
  readonly listingP50ByUsers: readonly { users: number; p50: number }[];
  /** The listing at 1 and at the default number of listing shards, on the same table in the same run. */
  readonly listingByShards: ListingByShards;
  /** The AWS calls of each data path, per request. */
  readonly pathCalls: readonly PathCalls[];
  /** CPU µs per bare SDK call, by operation, at the API scenarios' concurrency. */
  readonly floors: readonly FloorResult[];
  /** The scenarios measured at both connection counts, to show a per-connection cost. */
  readonly growth: { connections: readonly [number, number]; names: readonly string[] };
  /** The upload burst's peak RSS at the default cap (a process of its own), when it ran. */
  readonly uploadBurstPeakBytes?: number;
  /** The sweeper's run over a large bucket, when it ran. */
  readonly sweeper?: SweeperResult;
  readonly seedingUsersPerSecond: number;
  readonly healthzName: string;
  readonly ceilingName: string;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1e6).toFixed(1)} MB`);
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const int = (value: number) => Math.round(value).toLocaleString('en-US');

/** A data path's floor: the sum of the bare SDK calls it made, each at its measured CPU. */
export interface PathFloor {
  readonly name: string;
  readonly calls: string;
  readonly floorMicros: number;
  readonly apiMicros: number;
  readonly ratio: number;
  /** Operations the path called that the floors did not measure (its floor is then unknown). */
  readonly unmeasured: readonly string[];
}

/** The largest API CPU per request a data path may cost, as a multiple of its floor (issue 13). */
export const floorRatioTarget = 1.3;

export function pathFloors(report: BenchReport): PathFloor[] {
  const floorOf = new Map(report.floors.map((f) => [f.operation, f.cpuMicrosPerCall]));
  return report.pathCalls.map(({ name, calls }) => {
    const entries = Object.entries(calls).sort(([a], [b]) => a.localeCompare(b));
    const unmeasured = entries.filter(([operation]) => !floorOf.has(operation)).map(([operation]) => operation);
    const floorMicros = entries.reduce((sum, [operation, n]) => sum + n * (floorOf.get(operation) ?? NaN), 0);
    const apiMicros = report.scenarios.find((s) => s.name === name)?.cpuMicrosPerRequest ?? NaN;
    return {
      name,
      calls:
        entries.map(([operation, n]) => `${n.toFixed(2).replace(/\.?0+$/, '')} ${operation}`).join(' + ') || 'none',
      floorMicros,
      apiMicros,
      ratio: apiMicros / floorMicros,
      unmeasured,
    };
  });
}

/** CPU µs per request of each growth scenario at the two connection counts. */
export function growthRows(report: BenchReport): { name: string; few: number; many: number }[] {
  const [few, many] = report.growth.connections;
  const cpuAt = (name: string, connections: number) =>
    report.scenarios.find((s) => s.name === name && s.connections === connections)?.cpuMicrosPerRequest ?? NaN;
  return report.growth.names.map((name) => ({ name, few: cpuAt(name, few), many: cpuAt(name, many) }));
}

/** The issue's targets, each with what this run measured. */
export function checkTargets(report: BenchReport): TargetCheck[] {
  const healthz = report.scenarios.find(
    (s) => s.name === report.healthzName && s.connections === report.growth.connections[0],
  );
  const ceiling = report.scenarios.find((s) => s.name === report.ceilingName);
  const ratio = healthz && ceiling ? healthz.requestsPerSecond / ceiling.requestsPerSecond : NaN;
  const smallest = report.listingP50ByUsers[0];
  const largest = report.listingP50ByUsers.at(-1);
  const growth = smallest && largest ? largest.p50 / smallest.p50 : NaN;
  const failures = report.scenarios.reduce((sum, s) => sum + s.non2xx + s.errors, 0);
  const underMb = (bytes: number | undefined, limitMb: number) => bytes !== undefined && bytes <= limitMb * 1e6;
  return [
    {
      target: '`/healthz` ≥ 50% of the bare-Hono ceiling (requests/s)',
      measured: `${(ratio * 100).toFixed(0)}%`,
      met: ratio >= 0.5,
    },
    ...pathFloors(report).map((path) => ({
      target: `\`${path.name}\`: API CPU ≤ ${floorRatioTarget}× its SDK floor`,
      measured: path.unmeasured.length
        ? `no floor for ${path.unmeasured.join(', ')}`
        : path.floorMicros === 0
          ? 'no AWS calls counted'
          : `${path.ratio.toFixed(2)}× (${path.apiMicros.toFixed(0)} / ${path.floorMicros.toFixed(0)} µs)`,
      met: path.ratio <= floorRatioTarget,
    })),
    {
      target: `\`GET /users\` p50 at ${int(largest?.users ?? NaN)} users ≤ 1.5× at ${int(smallest?.users ?? NaN)}`,
      measured: `${growth.toFixed(2)}× (${ms(smallest?.p50 ?? NaN)} → ${ms(largest?.p50 ?? NaN)} ms)`,
      met: growth <= 1.5,
    },
    { target: 'zero non-2xx responses and errors in every scenario', measured: int(failures), met: failures === 0 },
    {
      target: 'start-to-ready < 1 s',
      measured: `${int(report.startToReadyMs.median)} ms`,
      met: report.startToReadyMs.median < 1_000,
    },
    { target: 'idle RSS ≤ 80 MB', measured: mb(report.idleRssBytes), met: underMb(report.idleRssBytes, 80) },
    {
      target: 'peak RSS under the whole bench ≤ 200 MB',
      measured: mb(report.peakRssBytes),
      met: underMb(report.peakRssBytes, 200),
    },
    {
      target: 'upload burst (40 × 5 MiB at the default cap): peak RSS ≤ 200 MB',
      measured: mb(report.uploadBurstPeakBytes),
      met: underMb(report.uploadBurstPeakBytes, 200),
    },
  ];
}

function scenarioRows(report: BenchReport): string[][] {
  return report.scenarios.map((s) => [
    s.name,
    String(s.connections),
    int(s.requestsPerSecond),
    ms(s.p50),
    ms(s.p99),
    int(s.non2xx),
    int(s.errors),
    s.cpuMicrosPerRequest.toFixed(0),
    s.peakRssBytes === undefined ? 'n/a' : (s.peakRssBytes / 1e6).toFixed(0),
  ]);
}

const scenarioHeader = [
  'Scenario',
  'Conns',
  'Requests/s',
  'p50 ms',
  'p99 ms',
  'Non-2xx',
  'Errors',
  'CPU µs/req',
  'Peak RSS MB',
];

function otherRows(report: BenchReport): string[][] {
  const healthz = report.scenarios.find(
    (s) => s.name === report.healthzName && s.connections === report.growth.connections[0],
  );
  const ceiling = report.scenarios.find((s) => s.name === report.ceilingName);
  return [
    [
      '`/healthz` vs the ceiling: requests/s (CPU time per request)',
      healthz && ceiling
        ? `${((100 * healthz.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(0)}% (${((100 * ceiling.cpuMicrosPerRequest) / healthz.cpuMicrosPerRequest).toFixed(0)}%)`
        : 'n/a',
    ],
    [
      'Start-to-ready (spawn → first 200 from /readyz)',
      `${int(report.startToReadyMs.median)} ms (median of ${report.startToReadyMs.each.map(int).join(', ')})`,
    ],
    ['Idle RSS after start', mb(report.idleRssBytes)],
    ['Peak RSS under load (VmHWM)', mb(report.peakRssBytes)],
    ['Idle RSS of the bare-Hono ceiling, for comparison', mb(report.ceilingIdleRssBytes)],
    ...report.listingP50ByUsers.map(({ users, p50 }) => [
      `\`GET /users?limit=20\` p50 at ${int(users)} users`,
      `${ms(p50)} ms`,
    ]),
    ...report.listingByShards.results.map(({ shards, result }) => [
      `\`GET /users?limit=20\` p50 at ${int(report.listingByShards.users)} users, ${shards} listing shard${shards === 1 ? '' : 's'} (CPU per request)`,
      `${ms(result.p50)} ms (${result.cpuMicrosPerRequest.toFixed(0)} µs)`,
    ]),
    ['Direct seeding rate (BatchWriteItem into DynamoDB Local)', `${int(report.seedingUsersPerSecond)} users/s`],
    ...(report.sweeper ? sweeperRows(report.sweeper) : []),
  ];
}

/** The sweeper run's figures, as rows of the figure table. */
export function sweeperRows(sweeper: SweeperResult): string[][] {
  const objects = `${int(sweeper.objects)} objects (${int(sweeper.referenced)} referenced)`;
  const { summary } = sweeper;
  const outcome = summary
    ? Object.entries(summary)
        .filter(
          ([key, value]) =>
            typeof value === 'number' && !['level', 'time', 'pid', 'durationMs', 'graceSeconds'].includes(key),
        )
        .map(([key, value]) => `${key} ${int(value as number)}`)
        .join(', ')
    : `no summary line, exit code ${sweeper.exitCode}`;
  return [
    [`Avatar sweeper over ${objects}: run time (spawn → exit ${sweeper.exitCode})`, `${sweeper.seconds.toFixed(1)} s`],
    [`Avatar sweeper over ${objects}: peak RSS (VmHWM)`, mb(sweeper.peakRssBytes)],
    ['Avatar sweeper: what it reported', outcome],
  ];
}

const memoryHeader = [
  'API memory after',
  'RSS MB',
  'file-backed',
  'V8 new space',
  'V8 old space',
  'V8 code',
  'V8 other spaces',
  'external',
  'other anonymous',
];

function memoryRows(report: BenchReport): string[][] {
  const n = (bytes: number | undefined) =>
    bytes === undefined || Number.isNaN(bytes) ? 'n/a' : (bytes / 1e6).toFixed(1);
  return report.memoryAfter.map(({ after, memory: m }) => {
    const { new: young, old, code } = m.heapSpaces;
    const others = m.heapTotal - (young ?? 0) - (old ?? 0) - (code ?? 0);
    return [after, n(m.rss), n(m.fileBacked), n(young), n(old), n(code), n(others), n(m.external), n(m.otherAnonymous)];
  });
}

const floorHeader = ['AWS operation (bare SDK)', 'Calls', 'Failures', 'CPU µs/call'];

function floorRows(report: BenchReport): string[][] {
  return report.floors.map((f) => [f.operation, int(f.calls), int(f.failures), f.cpuMicrosPerCall.toFixed(0)]);
}

const pathHeader = ['Path', 'AWS calls per request (measured)', 'Floor µs', 'API CPU µs/req', 'API ÷ floor'];

function pathRows(report: BenchReport): string[][] {
  return pathFloors(report).map((p) => [
    p.name,
    p.calls,
    p.floorMicros.toFixed(0),
    p.apiMicros.toFixed(0),
    p.unmeasured.length || p.floorMicros === 0 ? 'n/a' : `${p.ratio.toFixed(2)}×`,
  ]);
}

function growthTableRows(report: BenchReport): string[][] {
  return growthRows(report).map(({ name, few, many }) => [
    name,
    few.toFixed(0),
    many.toFixed(0),
    `${(many - few >= 0 ? '+' : '') + (many - few).toFixed(0)} µs (${((100 * (many - few)) / few).toFixed(0)}%)`,
  ]);
}

function growthHeader(report: BenchReport): string[] {
  const [few, many] = report.growth.connections;
  return ['Scenario', `CPU µs/req, ${few} conns`, `CPU µs/req, ${many} conns`, 'Change'];
}

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

/** The report as plain text for the terminal. */
export function renderText(report: BenchReport): string {
  const targets = checkTargets(report);
  const { machine } = report;
  return [
    `${machine.cores} cores (${machine.cpu}), Node ${report.node}; other processes used ${machine.othersCores.toFixed(2)} of the ${machine.cores} cores on average during the run.`,
    '',
    textTable(scenarioHeader, scenarioRows(report)),
    '',
    textTable(['Figure', 'Value'], otherRows(report)),
    '',
    textTable(memoryHeader, memoryRows(report)),
    '',
    textTable(floorHeader, floorRows(report)),
    '',
    textTable(pathHeader, pathRows(report)),
    '',
    textTable(growthHeader(report), growthTableRows(report)),
    '',
    textTable(
      ['Target', 'Measured', 'Met'],
      targets.map((t) => [t.target.replaceAll('`', ''), t.measured, t.met ? 'met' : 'MISSED']),
    ),
  ].join('\n');
}

/** One run as a Markdown section: machine, tables, targets. */
export function renderMarkdown(report: BenchReport): string {
  const { machine } = report;
  const targets = checkTargets(report);
  const nonOk = report.scenarios
    .filter((s) => s.non2xx > 0 || s.errors > 0)
    .map(
      (s) =>
        `${s.name}: ${
          Object.entries(s.statuses)
            .filter(([status]) => !status.startsWith('2'))
            .map(([status, n]) => `${n}× ${status}`)
            .join(', ') || 'none'
        }${s.errors ? `, ${s.errors} errors` : ''}`,
    );
  return [
    `### ${report.date}`,
    '',
    `${machine.cores} cores (${machine.cpu}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB memory, Node ${report.node}, commit \`${report.commit}\`. ` +
      `Other processes (not the bench, the API, the ceiling or the emulators) used ${machine.othersCores.toFixed(2)} of the ${machine.cores} cores on average during the run.`,
    '',
    markdownTable(scenarioHeader, scenarioRows(report), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']),
    '',
    markdownTable(['Figure', 'Value'], otherRows(report), ['l', 'r']),
    '',
    markdownTable(memoryHeader, memoryRows(report), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']),
    '',
    markdownTable(floorHeader, floorRows(report), ['l', 'r', 'r', 'r']),
    '',
    markdownTable(pathHeader, pathRows(report), ['l', 'l', 'r', 'r', 'r']),
    '',
    markdownTable(growthHeader(report), growthTableRows(report), ['l', 'r', 'r', 'r']),
    '',
    markdownTable(
      ['Target', 'Measured', 'Met'],
      targets.map((t) => [t.target, t.measured, t.met ? 'met' : '**missed**']),
      ['l', 'r', 'l'],
    ),
    ...(nonOk.length > 0 ? ['', `Non-2xx and errors: ${nonOk.join('; ')}.`] : []),
  ].join('\n');
}

const latestStart = '<!-- bench:latest:start -->';
const latestEnd = '<!-- bench:latest:end -->';
const previousStart = '<!-- bench:previous:start -->';
const previousEnd = '<!-- bench:previous:end -->';

function between(text: string, start: string, end: string): string | undefined {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  return from >= 0 && to > from ? text.slice(from + start.length, to).trim() : undefined;
}

function replaceBetween(text: string, start: string, end: string, content: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  return `${text.slice(0, from + start.length)}\n\n${content}\n\n${text.slice(to)}`;
}

/**
 * Writes this run into the doc's "Latest" section and moves what was there to "Previous"; the
 * hand-written rest of the doc is kept. The result is formatted with the workspace's Prettier.
 */
export async function updateDoc(path: string, report: BenchReport): Promise<void> {
  let doc = existsSync(path)
    ? await readFile(path, 'utf8')
    : `# Benchmarks\n\n## Latest run\n\n${latestStart}\n${latestEnd}\n\n## Previous run\n\n${previousStart}\n${previousEnd}\n`;
  for (const marker of [latestStart, latestEnd, previousStart, previousEnd]) {
    if (!doc.includes(marker))
      throw new Error(`${path} lacks the marker ${marker}: put it back where the run's table goes`);
  }
  const old = between(doc, latestStart, latestEnd);
  if (old) doc = replaceBetween(doc, previousStart, previousEnd, old);
  doc = replaceBetween(doc, latestStart, latestEnd, renderMarkdown(report));
  const options = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(doc, { ...options, filepath: path }));
}
