import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import type { ListingByShards } from './listing-shards.js';
import type { ScenarioResult } from './load.js';

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
  readonly ceilingIdleRssBytes: number | undefined;
  /** GET /users?limit=20 p50 in ms, by the number of users in the table. */
  readonly listingP50ByUsers: readonly { users: number; p50: number }[];
  /** The listing at 1 and at the default number of listing shards, on the same table in the same run. */
  readonly listingByShards: ListingByShards;
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

/** The issue's targets, each with what this run measured. */
export function checkTargets(report: BenchReport): TargetCheck[] {
  const healthz = report.scenarios.find((s) => s.name === report.healthzName);
  const ceiling = report.scenarios.find((s) => s.name === report.ceilingName);
  const ratio = healthz && ceiling ? healthz.requestsPerSecond / ceiling.requestsPerSecond : NaN;
  const smallest = report.listingP50ByUsers[0];
  const largest = report.listingP50ByUsers.at(-1);
  const growth = smallest && largest ? largest.p50 / smallest.p50 : NaN;
  const failures = report.scenarios.reduce((sum, s) => sum + s.non2xx + s.errors, 0);
  return [
    {
      target: '`/healthz` ≥ 70% of the bare-Hono ceiling (requests/s)',
      measured: `${(ratio * 100).toFixed(0)}%`,
      met: ratio >= 0.7,
    },
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
    {
      target: 'idle RSS < 100 MB',
      measured: mb(report.idleRssBytes),
      met: report.idleRssBytes !== undefined && report.idleRssBytes < 100e6,
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
  const healthz = report.scenarios.find((s) => s.name === report.healthzName);
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
  ];
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
