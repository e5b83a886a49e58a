// PromQL read offline with Prometheus' own grammar (@prometheus-io/lezer-promql, what the Prometheus
// UI's editor uses): syntax errors, and the vector selectors of an expression with their matchers.
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';

/** One label matcher of a selector: `job="api"` is { label: 'job', op: '=', value: 'api' }. */
export interface LabelMatcher {
  readonly label: string;
  readonly op: string;
  readonly value: string;
}

/** One vector selector: `rate(http_requests_total{job="api"}[5m])` holds http_requests_total{job="api"}. */
export interface Selector {
  /** The metric name, or undefined for a selector by labels only (`{__name__=~"..."}`). */
  readonly metric: string | undefined;
  readonly matchers: readonly LabelMatcher[];
}

/** Where the parser found no valid PromQL, as `at <offset>: <text around it>`; empty when it parses. */
export function promqlSyntaxErrors(expr: string): string[] {
  const errors: string[] = [];
  if (expr.trim() === '') return ['empty expression'];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`at ${node.from}: "${expr.slice(Math.max(0, node.from - 20), node.to + 20)}"`);
    },
  });
  return errors;
}

/** The text of a PromQL string literal, without its quotes (PromQL strings are Go strings). */
function stringValue(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

function matcherOf(node: SyntaxNode, expr: string): LabelMatcher {
  const text = (child: SyntaxNode | null) => (child ? expr.slice(child.from, child.to) : '');
  const literal = node.getChild('StringLiteral');
  return {
    label: text(node.getChild('LabelName')),
    op: text(node.getChild('MatchOp')),
    value: literal ? stringValue(text(literal)) : '',
  };
}

/** Every vector selector of an expression (those inside range selectors and subqueries too). */
export function selectors(expr: string): Selector[] {
  const found: Selector[] = [];
  parser.parse(expr).iterate({
    enter(ref) {
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const identifier = node.getChild('Identifier');
      const matchers = node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? [];
      found.push({
        metric: identifier ? expr.slice(identifier.from, identifier.to) : undefined,
        matchers: matchers.map((matcher) => matcherOf(matcher, expr)),
      });
    },
  });
  return found;
}

/** The metric names an expression reads, each once. */
export function metricNames(expr: string): string[] {
  return [...new Set(selectors(expr).flatMap((selector) => (selector.metric ? [selector.metric] : [])))];
}
