// The chart's alerts and dashboard read only metrics this app really exports: every metric name in
// deploy/charts/api/rules/api.yaml and dashboards/api.json, found with Prometheus' own PromQL
// grammar, must appear in a live scrape of the real API after it served a few requests (on DynamoDB
// Local and the S3 emulator). Recording rules, kube-state-metrics (`kube_*`) and Prometheus' own
// `up` come from elsewhere; deploy/test/observability.test.ts checks those names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { aUser } from './api-harness.js';
import { startApiUnderTest, type EmulatorApi } from './emulator-harness.js';
import { clientOf, dependencyReported } from './typed-client.js';

const chartDir = join(import.meta.dirname, '..', '..', '..', 'deploy', 'charts', 'api');

interface Rule {
  record?: string;
  expr: string;
}

/** The metric names of a PromQL expression; fails on a syntax error, which would hide names. */
function metricNames(expr: string): string[] {
  const names: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) throw new Error(`not PromQL at ${node.from}: ${expr}`);
      const identifier = node.name === 'VectorSelector' ? node.node.getChild('Identifier') : null;
      if (identifier) names.push(expr.slice(identifier.from, identifier.to));
    },
  });
  return names;
}

/** Panel targets (Grafana's interval variables made durations) and `label_values(selector, label)` variables. */
function dashboardExpressions(dashboard: { panels?: unknown[]; templating?: { list?: unknown[] } }): string[] {
  type Panel = { panels?: Panel[]; targets?: { expr?: string }[] };
  const panels = (list: Panel[] = []): Panel[] => list.flatMap((panel) => [panel, ...panels(panel.panels)]);
  const targets = panels(dashboard.panels as Panel[]).flatMap((panel) => panel.targets ?? []);
  const variables = (dashboard.templating?.list ?? []) as { type: string; query: { query: string } | string }[];
  return [
    ...targets.map((target) => (target.expr ?? '').replace(/\$__rate_interval|\$__interval|\$__range/g, '5m')),
    ...variables
      .filter((variable) => variable.type === 'query')
      .map((variable) => (typeof variable.query === 'string' ? variable.query : variable.query.query))
      .map((query) => /^label_values\((.+),\s*\w+\)$/.exec(query.trim())?.[1] ?? query),
  ];
}

/** Every metric name the chart reads that the app itself must export. */
function appMetricsTheChartReads(): string[] {
  const rules = (
    parse(readFileSync(join(chartDir, 'rules', 'api.yaml'), 'utf8')) as { groups: { rules: Rule[] }[] }
  ).groups.flatMap((group) => group.rules);
  const dashboard = JSON.parse(readFileSync(join(chartDir, 'dashboards', 'api.json'), 'utf8'));
  const recorded = new Set(rules.flatMap((rule) => (rule.record ? [rule.record] : [])));
  const names = [...rules.map((rule) => rule.expr), ...dashboardExpressions(dashboard)].flatMap(metricNames);
  return [...new Set(names)].filter((name) => !recorded.has(name) && !name.startsWith('kube_') && name !== 'up').sort();
}

/** The names of the samples in a Prometheus text exposition (histograms as _bucket, _sum, _count). */
function sampleNames(exposition: string): Set<string> {
  return new Set(
    exposition
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? ''),
  );
}

let api: EmulatorApi;
let exposition: string;
let exported: Set<string>;
beforeAll(async () => {
  api = await startApiUnderTest();
  const probes = clientOf(api.url, null);
  const user = aUser();
  const created = await api.client.POST('/users', { body: user });
  expect(created.response.status).toBe(201);
  // The same email again: DynamoDB cancels the transaction, which the app counts as an AWS call error.
  expect((await api.client.POST('/users', { body: { ...user, name: 'Someone Else' } })).response.status).toBe(409);
  expect((await api.client.GET('/users', { params: { query: { limit: '5' } } })).response.status).toBe(200);
  expect((await probes.GET('/readyz')).response.status).toBe(200);
  // dependency_up exists once the first background check has finished.
  await dependencyReported(probes, 'dynamodb', 'ok');
  await dependencyReported(probes, 's3', 'ok');
  // The metrics port is not part of the API's document: plain fetch.
  exposition = await (await fetch(api.metricsUrl)).text();
  exported = sampleNames(exposition);
});
afterAll(() => api?.stop());

describe('the metrics the chart reads, against a live scrape of the API', () => {
  it('finds the app metrics in the rules and the dashboard', () => {
    expect(appMetricsTheChartReads()).toEqual(
      expect.arrayContaining([
        'http_requests_total',
        'http_request_duration_seconds_bucket',
        'http_request_duration_seconds_count',
        'aws_call_duration_seconds_bucket',
        'aws_call_duration_seconds_count',
        'aws_call_errors_total',
        'process_resident_memory_bytes',
      ]),
    );
  });

  it('exports every one of them once it has served requests, DynamoDB calls and an AWS error among them', () => {
    expect(appMetricsTheChartReads().filter((name) => !exported.has(name))).toEqual([]);
  });

  it('labels AWS calls by service, operation and outcome', () => {
    expect(exposition).toMatch(
      /aws_call_duration_seconds_count\{service="DynamoDB",operation="TransactWriteItems",outcome="ok"\} \d+/,
    );
  });

  it('would notice a name the app does not export', () => {
    expect(exported.has('http_request_total')).toBe(false);
    expect(exported.has('http_request_duration_seconds')).toBe(false);
  });
});
