// The api chart's operations kit: the PrometheusRule's rules (rules/api.yaml) and the Grafana
// dashboard (dashboards/api.json), checked as written and as helm renders them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifests, type Manifest } from '@platform/manifest-validation';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runHelm } from './helm.js';
import {
  dashboardQueries,
  dashboardViolations,
  markdownAnchors,
  ruleViolations,
  type RuleContext,
  type RuleGroup,
} from './observability.js';
import { releasePolicyViolations } from './policies.js';
import { metricNames, promqlSyntaxErrors } from './promql.js';
import { deployDir, releases } from './releases.js';
import { helm, render, valuesFile } from './render.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const chartDir = join(deployDir, 'charts', 'api');
const readChartFile = (path: string) => readFileSync(join(chartDir, path), 'utf8');
const sourceRules = () => (parse(readChartFile('rules/api.yaml')) as { groups: RuleGroup[] }).groups;
const sourceDashboard = () => JSON.parse(readChartFile('dashboards/api.json')) as Json;
const runbookAnchors = markdownAnchors(readFileSync(join(deployDir, '..', 'docs', 'runbook.md'), 'utf8'));
const defaultRunbookUrl = (parse(readChartFile('values.yaml')) as Json).prometheusRule.runbookUrl as string;

/** The rules as written: placeholders for the release, `$runbook` for the runbook URL. */
const sourceContext: RuleContext = {
  scope: { namespace: '$namespace', name: '$job' },
  runbookUrl: '$runbook',
  runbookAnchors,
};

const alerts = (groups: RuleGroup[]) => groups.flatMap((group) => group.rules.filter((rule) => rule.alert));
/** A deep copy of the rules with one rule changed, for proving that a check fails. */
function withRule(name: string, edit: (rule: Json) => void): RuleGroup[] {
  const groups = structuredClone(sourceRules());
  const rule = groups.flatMap((group) => group.rules).find((r) => r.alert === name || r.record === name);
  if (!rule) throw new Error(`no rule ${name}`);
  edit(rule);
  return groups;
}

describe('the alerting rules (rules/api.yaml)', () => {
  it('parse as PromQL, read only metrics the api exports, kube-state-metrics series or their own recordings, select only the release, and link the runbook', () => {
    const violations = ruleViolations(sourceRules(), sourceContext);
    expect(violations, violations.join('\n')).toEqual([]);
  });

  it('alert on both SLOs with multiwindow burn rates, and on pods, scaling, AWS and the scrape', () => {
    expect(alerts(sourceRules()).map((rule) => `${rule.alert} ${rule.labels?.severity}`)).toEqual([
      'ApiAvailabilityBudgetBurnFast critical',
      'ApiAvailabilityBudgetBurnSlow warning',
      'ApiLatencyBudgetBurnFast critical',
      'ApiLatencyBudgetBurnSlow warning',
      'ApiUnavailable critical',
      'ApiPodsNotReady warning',
      'ApiDependencyDown warning',
      'ApiPodRestarting warning',
      'ApiHpaAtMaxReplicas warning',
      'ApiAwsErrorRatioHigh warning',
      'ApiMetricsNotScraped warning',
    ]);
    const fast = alerts(sourceRules()).find((rule) => rule.alert === 'ApiAvailabilityBudgetBurnFast')!;
    expect(metricNames(fast.expr)).toEqual([
      'namespace_job:http_request_errors:ratio_rate1h',
      'namespace_job:http_request_errors:ratio_rate5m',
      'namespace_job:http_request_errors:ratio_rate6h',
      'namespace_job:http_request_errors:ratio_rate30m',
    ]);
  });

  it('count 5xx as failures and never 4xx, and leave the probes out of the SLOs', () => {
    const errors = sourceRules()
      .flatMap((group) => group.rules)
      .filter((rule) => rule.record?.startsWith('namespace_job:http_request_errors:'));
    expect(errors).toHaveLength(7);
    for (const rule of errors) {
      expect(rule.expr).toContain('status=~"5.."');
      expect(rule.expr).not.toMatch(/4\.\.|4xx/);
      expect(rule.expr).toContain('route!~"/healthz|/readyz"');
    }
  });
});

describe('the rule checks, on deliberately broken rules', () => {
  it.each([
    ['an expression that does not parse', 'ApiPodRestarting', (r: Json) => (r.expr = 'sum(rate(up[5m]) by'), 'syntax'],
    [
      'an alert on a metric the app does not export',
      'ApiAwsErrorRatioHigh',
      (r: Json) => (r.expr = r.expr.replace('aws_call_errors_total', 'aws_call_failures_total')),
      'aws_call_failures_total',
    ],
    [
      'a recording rule that is never defined',
      'ApiLatencyBudgetBurnFast',
      (r: Json) => (r.expr = r.expr.replace('ratio_rate5m', 'ratio_rate10m')),
      'ratio_rate10m',
    ],
    [
      'a selector reaching past the release',
      'ApiUnavailable',
      (r: Json) => (r.expr = 'kube_deployment_status_replicas_available{deployment="$job"} == 0'),
      'not scoped',
    ],
    ['an alert without severity', 'ApiPodsNotReady', (r: Json) => delete r.labels.severity, 'severity'],
    ['an alert without a description', 'ApiUnavailable', (r: Json) => delete r.annotations.description, 'description'],
    [
      'a runbook_url to a heading the runbook lacks',
      'ApiHpaAtMaxReplicas',
      (r: Json) => (r.annotations.runbook_url = '$runbook#hpa-at-max'),
      '#hpa-at-max',
    ],
  ])('reports %s', (_, name, edit, expected) => {
    const violations = ruleViolations(withRule(name, edit), sourceContext);
    expect(violations.join('\n')).toContain(expected);
  });
});

describe('the Grafana dashboard (dashboards/api.json)', () => {
  it('parses as PromQL in every panel and variable, reads only metrics the api and kube-state-metrics export, scoped to $namespace and $job', () => {
    const violations = dashboardViolations(sourceDashboard());
    expect(violations, violations.join('\n')).toEqual([]);
  });

  it('shows request rate, errors, latency percentiles, AWS calls, pods and the HPA', () => {
    const read = new Set(dashboardQueries(sourceDashboard()).flatMap(({ expr }) => metricNames(expr)));
    const percentiles = dashboardQueries(sourceDashboard()).filter(({ expr }) => expr.includes('histogram_quantile'));
    expect(percentiles.length).toBeGreaterThanOrEqual(3);
    expect([...read]).toEqual(
      expect.arrayContaining([
        'http_requests_total',
        'http_request_duration_seconds_bucket',
        'aws_call_duration_seconds_bucket',
        'aws_call_errors_total',
        'kube_pod_status_ready',
        'kube_pod_container_status_restarts_total',
        'kube_horizontalpodautoscaler_status_current_replicas',
        'kube_horizontalpodautoscaler_spec_min_replicas',
        'kube_horizontalpodautoscaler_spec_max_replicas',
      ]),
    );
  });

  it('reports a panel that reads a metric nobody exports, or that does not parse', () => {
    const dashboard = sourceDashboard();
    const panel = dashboard.panels.find((p: Json) => p.title === 'Request rate by route');
    panel.targets[0].expr = 'sum(rate(http_request_total{namespace="$namespace", job="$job"}[$__rate_interval]))';
    panel.targets.push({
      refId: 'B',
      expr: 'histogram_quantile(0.99, sum by (le) (rate(',
      datasource: panel.datasource,
    });
    const violations = dashboardViolations(dashboard).join('\n');
    expect(violations).toContain('http_request_total');
    expect(violations).toContain('syntax');
  });
});

describe('the PromQL reader', () => {
  it('finds metric names inside functions, aggregations, range selectors and binary operations', () => {
    expect(
      metricNames('sum by (le) (rate(a_bucket{x="1"}[5m])) / on (job) group_left b:c:ratio + max(d offset 1h)'),
    ).toEqual(['a_bucket', 'b:c:ratio', 'd']);
  });

  it('reports a syntax error, and none for valid PromQL', () => {
    expect(promqlSyntaxErrors('sum(rate(x[5m])) by')).not.toEqual([]);
    expect(promqlSyntaxErrors('rate(x{a=~"b|c"}[5m]) > 0')).toEqual([]);
  });
});

describe.skipIf(!helm)('the api chart with the operations kit on', () => {
  const prod = releases().find((r) => r.app === 'api' && r.env === 'prod')!;
  const kitOn = (extra: Json = {}) =>
    valuesFile({
      serviceMonitor: { enabled: true },
      prometheusRule: { enabled: true, labels: { release: 'kube-prometheus-stack' }, alertLabels: { team: 'users' } },
      grafanaDashboard: { enabled: true, annotations: { grafana_folder: 'Users' } },
      ...extra,
    });
  const find = (manifests: Manifest[], kind: string, name?: string) =>
    manifests.find((m) => m.kind === kind && (name === undefined || m.metadata?.name === name));

  it('renders neither the PrometheusRule nor the dashboard by default, in any environment', () => {
    for (const release of releases().filter((r) => r.app === 'api')) {
      const manifests = render(release);
      expect(find(manifests, 'PrometheusRule'), release.env).toBeUndefined();
      const labels = (m: Manifest) => (m.metadata?.labels ?? {}) as Record<string, string>;
      expect(
        manifests.filter((m) => labels(m).grafana_dashboard),
        release.env,
      ).toEqual([]);
    }
  });

  it('renders a PrometheusRule and a dashboard ConfigMap that the schemas accept, with no unknown field', async () => {
    const manifests = render(prod, kitOn());
    expect(await validateManifests(manifests)).toEqual([]);
    expect(releasePolicyViolations(manifests, 'prod')).toEqual([]);
    expect(find(manifests, 'PrometheusRule')?.metadata?.labels).toMatchObject({ release: 'kube-prometheus-stack' });
    expect(find(manifests, 'ConfigMap', 'api-dashboard')?.metadata).toMatchObject({
      labels: { grafana_dashboard: '1' },
      annotations: { grafana_folder: 'Users' },
    });
  });

  it("fills in the release's namespace, job and runbook URL, so the rendered rules pass every check", () => {
    const rule = find(render(prod, kitOn()), 'PrometheusRule')!;
    const groups = (rule.spec as { groups: RuleGroup[] }).groups;
    const violations = ruleViolations(groups, {
      scope: { namespace: 'users-prod', name: 'api' },
      runbookUrl: defaultRunbookUrl,
      runbookAnchors,
    });
    expect(violations, violations.join('\n')).toEqual([]);
    expect(JSON.stringify(groups)).not.toMatch(/\$(namespace|job|runbook)\b/);
    for (const alert of alerts(groups)) expect(alert.labels).toMatchObject({ team: 'users' });
    expect(alerts(groups).find((a) => a.alert === 'ApiPodRestarting')?.labels?.severity).toBe('warning');
  });

  it('leaves out the HPA alert when the HPA is off', () => {
    const manifests = render(prod, kitOn({ autoscaling: { enabled: false } }));
    const groups = (find(manifests, 'PrometheusRule')!.spec as { groups: RuleGroup[] }).groups;
    expect(alerts(groups).map((a) => a.alert)).not.toContain('ApiHpaAtMaxReplicas');
    expect(alerts(groups)).toHaveLength(10);
  });

  it('ships the dashboard as valid JSON with a uid, title and variables for its release', () => {
    const configMap = find(render(prod, kitOn()), 'ConfigMap', 'api-dashboard')!;
    const dashboard = JSON.parse((configMap.data as Record<string, string>)['api.json']!) as Json;
    expect(dashboard.uid).toBe('api-users-prod');
    expect(dashboard.title).toBe('Users API (users-prod)');
    const current = Object.fromEntries(
      dashboard.templating.list.map((variable: Json) => [variable.name, variable.current?.value]),
    );
    expect(current).toMatchObject({ namespace: 'users-prod', job: 'api' });
    expect(dashboardViolations(dashboard)).toEqual([]);
  });

  it('refuses the PrometheusRule without the ServiceMonitor whose job label it selects', () => {
    const result = runHelm(helm!, [
      'template',
      'api',
      prod.chartDir,
      '-f',
      prod.valuesFile,
      '-f',
      kitOn({ serviceMonitor: { enabled: false } }),
    ]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('serviceMonitor.enabled');
  });

  it('rejects in values an unknown key, a runbook URL with an anchor, a label that is not a string', () => {
    for (const [values, field] of [
      [{ prometheusRule: { runbook: 'https://example.com' } }, 'runbook'],
      [{ prometheusRule: { runbookUrl: 'https://example.com/runbook.md#top' } }, 'runbookUrl'],
      [{ grafanaDashboard: { labels: { grafana_dashboard: 1 } } }, 'grafana_dashboard'],
    ] as const) {
      const result = runHelm(helm!, [
        'lint',
        '--strict',
        prod.chartDir,
        '-f',
        prod.valuesFile,
        '-f',
        valuesFile(values),
      ]);
      expect(result.status).not.toBe(0);
      expect(result.stdout + result.stderr).toContain(field);
    }
  });
});
