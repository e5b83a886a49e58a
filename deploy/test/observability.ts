// The rules the api chart's operations kit must keep, as functions that return what is wrong (empty
// when nothing is), so that tests can also prove they catch a broken rule or panel.
import { apiMetrics, kubeStateMetrics, scrapeMetrics } from './metric-catalog.js';
import { metricNames, promqlSyntaxErrors, selectors, type Selector } from './promql.js';

export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Rule[];
}

/**
 * The release an expression must select: its namespace, and the chart's full name, which is the
 * Service (so the ServiceMonitor's `job` label), the Deployment, its pods' prefix and the HPA.
 * In rules/api.yaml and the dashboard these are the placeholders `$namespace` and `$job`.
 */
export interface Scope {
  readonly namespace: string;
  readonly name: string;
}

const severities = new Set(['critical', 'warning', 'info']);

/** Whether a selector names the release: its namespace exactly, and its job, Deployment, HPA or pods. */
function selectsRelease(selector: Selector, scope: Scope): boolean {
  const has = (label: string, op: string, test: (value: string) => boolean) =>
    selector.matchers.some((m) => m.label === label && m.op === op && test(m.value));
  const named = (value: string) => value === scope.name;
  return (
    has('namespace', '=', (value) => value === scope.namespace) &&
    (has('job', '=', named) ||
      has('deployment', '=', named) ||
      has('horizontalpodautoscaler', '=', named) ||
      has('pod', '=~', (value) => value.startsWith(`${scope.name}-`)))
  );
}

/** Syntax errors, metric names outside `known`, and (with a scope) selectors that reach past the release. */
export function expressionViolations(where: string, expr: string, known: ReadonlySet<string>, scope?: Scope): string[] {
  const syntax = promqlSyntaxErrors(expr);
  if (syntax.length > 0) return syntax.map((error) => `${where}: PromQL syntax error ${error}`);
  return selectors(expr).flatMap((selector) => {
    const name = selector.metric ?? '{…}';
    return [
      ...(selector.metric && known.has(selector.metric)
        ? []
        : [`${where}: reads ${name}, which is neither exported by the api, recorded here, nor allow-listed`]),
      ...(scope && !selectsRelease(selector, scope)
        ? [
            `${where}: ${name} is not scoped to namespace="${scope.namespace}" and the release's job, pods, Deployment or HPA`,
          ]
        : []),
    ];
  });
}

/** Slugs of a Markdown file's headings, as GitHub makes them for `#anchors`. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, heading = ''] of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    let slug = base;
    for (let n = 1; anchors.has(slug); n++) slug = `${base}-${n}`;
    anchors.add(slug);
  }
  return anchors;
}

export interface RuleContext {
  /** The scope the expressions must select (the placeholders in the source, real names when rendered). */
  readonly scope: Scope;
  /** What every runbook_url must start with, before its `#anchor`. */
  readonly runbookUrl: string;
  /** The headings of docs/runbook.md, as anchors. */
  readonly runbookAnchors: ReadonlySet<string>;
}

/**
 * Everything wrong with a PrometheusRule's groups: expressions that do not parse, read unknown
 * metrics or reach past the release; alerts without severity, summary, description or a
 * runbook_url to an existing heading; recording rules no alert uses; duplicate names.
 */
export function ruleViolations(groups: readonly RuleGroup[], context: RuleContext): string[] {
  const rules = groups.flatMap((group) => group.rules.map((rule) => ({ group: group.name, rule })));
  const records = new Set(rules.flatMap(({ rule }) => (rule.record ? [rule.record] : [])));
  const known = new Set([...apiMetrics, ...kubeStateMetrics, ...scrapeMetrics, ...records]);
  const violations: string[] = [];
  const seen = new Set<string>();

  for (const { group, rule } of rules) {
    const name = rule.alert ?? rule.record ?? '<unnamed>';
    const where = `${group}/${name}`;
    if (seen.has(name)) violations.push(`${where}: defined twice`);
    seen.add(name);
    violations.push(...expressionViolations(where, rule.expr ?? '', known, context.scope));
    if (!rule.alert) continue;
    if (!severities.has(rule.labels?.severity ?? ''))
      violations.push(`${where}: severity label must be one of ${[...severities].join(', ')}`);
    for (const annotation of ['summary', 'description'])
      if (!rule.annotations?.[annotation]?.trim()) violations.push(`${where}: has no ${annotation} annotation`);
    const url = rule.annotations?.runbook_url ?? '';
    const [base, anchor = ''] = url.split('#');
    if (base !== context.runbookUrl) violations.push(`${where}: runbook_url ${url} is not under ${context.runbookUrl}`);
    else if (!context.runbookAnchors.has(anchor))
      violations.push(`${where}: runbook_url points at #${anchor}, which is no heading of docs/runbook.md`);
  }

  const read = new Set(rules.flatMap(({ rule }) => metricNames(rule.expr ?? '')));
  for (const record of records) if (!read.has(record)) violations.push(`${record}: recording rule that no rule reads`);
  return violations;
}

/** Grafana's own interval variables, which are not PromQL until Grafana fills them in. */
const grafanaIntervals = /\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}/g;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every panel of a dashboard, those inside collapsed rows included. */
export function dashboardPanels(dashboard: Json): Json[] {
  return ((dashboard.panels ?? []) as Json[]).flatMap((panel) => [panel, ...dashboardPanels(panel)]);
}

/**
 * The PromQL of a dashboard: each panel target (Grafana's interval variables replaced by a
 * duration), and the selector inside each `label_values(selector, label)` variable query.
 */
export function dashboardQueries(dashboard: Json): { where: string; expr: string; variable: boolean }[] {
  const targets = dashboardPanels(dashboard).flatMap((panel) =>
    ((panel.targets ?? []) as Json[]).map((target) => ({
      where: `panel "${panel.title}" target ${target.refId}`,
      expr: String(target.expr ?? '').replace(grafanaIntervals, '5m'),
      variable: false,
    })),
  );
  const variables = ((dashboard.templating?.list ?? []) as Json[])
    .filter((variable) => variable.type === 'query')
    .map((variable) => {
      const query = String(typeof variable.query === 'object' ? variable.query.query : variable.query);
      const labelValues = /^label_values\((.+),\s*[a-zA-Z_]\w*\)$/.exec(query.trim());
      return { where: `variable ${variable.name}`, expr: labelValues?.[1] ?? query, variable: true };
    });
  return [...targets, ...variables];
}

/**
 * Everything wrong with the dashboard: queries that do not parse or read metrics that neither the
 * api nor kube-state-metrics export (recording rules are not allowed: the dashboard must work
 * without the PrometheusRule), panel queries not scoped to `$namespace` and `$job`, panels that do
 * not use the `$datasource` variable, duplicate panel ids.
 */
export function dashboardViolations(dashboard: Json): string[] {
  const known = new Set([...apiMetrics, ...kubeStateMetrics]);
  const scope: Scope = { namespace: '$namespace', name: '$job' };
  const violations = dashboardQueries(dashboard).flatMap(({ where, expr, variable }) =>
    expressionViolations(where, expr, known, variable ? undefined : scope),
  );
  const ids = new Set<unknown>();
  for (const panel of dashboardPanels(dashboard)) {
    if (ids.has(panel.id)) violations.push(`panel "${panel.title}": id ${panel.id} is used twice`);
    ids.add(panel.id);
    if (panel.type !== 'row' && panel.datasource?.uid !== '${datasource}')
      violations.push(`panel "${panel.title}": datasource must be the $datasource variable`);
  }
  return violations;
}
