// The metric names the api chart's rules and dashboard may read, by where they come from.

const histogram = (name: string) => [`${name}_bucket`, `${name}_sum`, `${name}_count`];

/**
 * What apps/api exports on its metrics port: its own metrics (apps/api/src/metrics.ts) and the
 * prom-client defaults the chart reads. apps/api/test/observability-contract.integration.test.ts
 * checks every name the chart uses against a live scrape of the real API, so this list cannot
 * promise what the app does not deliver.
 */
export const apiMetrics: ReadonlySet<string> = new Set([
  'http_requests_total',
  ...histogram('http_request_duration_seconds'),
  ...histogram('aws_call_duration_seconds'),
  'aws_call_errors_total',
  'dependency_up',
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_heap_bytes',
  'process_open_fds',
  'process_max_fds',
  'process_start_time_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_size_total_bytes',
  'nodejs_active_handles',
  ...histogram('nodejs_gc_duration_seconds'),
]);

/** kube-state-metrics (v2) series about the release's pods, Deployment and HPA. */
export const kubeStateMetrics: ReadonlySet<string> = new Set([
  'kube_deployment_status_replicas_available',
  'kube_pod_status_ready',
  'kube_pod_status_phase',
  'kube_pod_container_status_restarts_total',
  'kube_horizontalpodautoscaler_status_current_replicas',
  'kube_horizontalpodautoscaler_status_desired_replicas',
  'kube_horizontalpodautoscaler_spec_min_replicas',
  'kube_horizontalpodautoscaler_spec_max_replicas',
]);

/** Series Prometheus writes itself for every scrape target. */
export const scrapeMetrics: ReadonlySet<string> = new Set(['up']);
