import type { AwsCallObserver } from '@platform/aws-adapters';
import type { MiddlewareHandler } from 'hono';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppEnv } from './http/app-env.js';
import { matchedRoute } from './http/request-log.js';

/** The Prometheus metrics of one process: HTTP traffic, AWS calls, dependency checks, and Node's own process metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to serve an HTTP request, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const awsDuration = new Histogram({
    name: 'aws_call_duration_seconds',
    help: 'Time of an AWS SDK call including retries, by service, operation and outcome.',
    labelNames: ['service', 'operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const awsErrors = new Counter({
    name: 'aws_call_errors_total',
    help: 'Failed AWS SDK calls, by service, operation and error name.',
    labelNames: ['service', 'operation', 'error'] as const,
    registers: [registry],
  });

  const dependencyUp = new Gauge({
    name: 'dependency_up',
    help: "1 when the process's last background check of the dependency succeeded, 0 when it failed.",
    labelNames: ['dependency'] as const,
    registers: [registry],
  });

  // One labels object for both series, and the duration from performance.now(): prom-client's
  // startTimer() copies the labels and reads process.hrtime() on every request.
  const httpMetrics: MiddlewareHandler<AppEnv> = async function httpMetrics(c, next) {
    const started = performance.now();
    await next();
    const labels = { method: c.req.method, route: matchedRoute(c), status: String(c.res.status) };
    httpRequests.inc(labels);
    httpDuration.observe(labels, (performance.now() - started) / 1000);
  };

  const observeAwsCall: AwsCallObserver = ({ service, operation, durationSeconds, errorName }) => {
    awsDuration.observe({ service, operation, outcome: errorName ? 'error' : 'ok' }, durationSeconds);
    if (errorName) awsErrors.inc({ service, operation, error: errorName });
  };

  const recordDependency = (dependency: string, up: boolean) => dependencyUp.set({ dependency }, up ? 1 : 0);

  return { registry, httpMetrics, observeAwsCall, recordDependency };
}

export type Metrics = ReturnType<typeof createMetrics>;
