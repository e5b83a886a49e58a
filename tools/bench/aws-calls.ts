// The AWS calls an API path makes, counted by the API itself: its `aws_call_duration_seconds`
// histogram (apps/api/src/metrics.ts, fed by the clients' call observer) has a count per service
// and operation. Read before and after a scenario, divided by its responses: measured, not assumed.

/** Calls so far by operation (`DynamoDB GetItem`), any outcome, from the API's /metrics. */
export async function awsCallCounts(metricsUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${metricsUrl}/metrics`);
  if (!response.ok) throw new Error(`${metricsUrl}/metrics answered ${response.status}`);
  const counts = new Map<string, number>();
  const line = /^aws_call_duration_seconds_count\{([^}]*)\} (\S+)$/gm;
  for (const [, labels = '', value = '0'] of (await response.text()).matchAll(line)) {
    const label = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(labels)?.[1] ?? '?';
    const operation = label('operation');
    counts.set(operation, (counts.get(operation) ?? 0) + Number(value));
  }
  return counts;
}

/**
 * Below this many calls per request an operation is not the path's: the API's background
 * dependency checks (a HeadBucket and a GetItem every few seconds) land in every scenario.
 */
export const backgroundCallsPerRequest = 0.05;

/**
 * Calls per request by operation between two readings, background calls left out. `requests` is
 * what the load generator sent: the requests in flight when it stopped still reach the API, and
 * their calls are in the second reading (taken once they have finished).
 */
export function callsPerRequest(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  requests: number,
): Record<string, number> {
  const perRequest: Record<string, number> = {};
  for (const [operation, count] of after) {
    const calls = (count - (before.get(operation) ?? 0)) / requests;
    if (requests > 0 && calls >= backgroundCallsPerRequest) perRequest[operation] = calls;
  }
  return perRequest;
}
