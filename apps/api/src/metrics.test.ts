import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './http/app-env.js';
import { createMetrics } from './metrics.js';

async function served(requests: string[]) {
  const metrics = createMetrics();
  const app = new Hono<AppEnv>();
  app.use(metrics.httpMetrics);
  app.get('/users/:id', (c) => c.json({ id: c.req.param('id') }));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  for (const path of requests) await app.request(path);
  return (await metrics.registry.getSingleMetric('http_requests_total')?.get())?.values ?? [];
}

describe('the HTTP metrics', () => {
  it('counts each request under its method, route pattern and status', async () => {
    const values = await served(['/users/a', '/users/b', '/healthz', '/nowhere']);
    const count = (labels: Record<string, string>) =>
      values.find((value) => JSON.stringify(value.labels) === JSON.stringify(labels))?.value;
    expect(count({ method: 'GET', route: '/users/:id', status: '200' })).toBe(2);
    expect(count({ method: 'GET', route: '/healthz', status: '200' })).toBe(1);
    expect(count({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
  });

  it('observes the duration of every counted request under the same labels', async () => {
    const metrics = createMetrics();
    const app = new Hono<AppEnv>();
    app.use(metrics.httpMetrics);
    app.get('/users/:id', async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return c.json({});
    });
    await app.request('/users/a');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/users\/:id",status="200"\} 1$/m);
    const sum = Number(
      /^http_request_duration_seconds_sum\{method="GET",route="\/users\/:id",status="200"\} (\S+)$/m.exec(text)?.[1],
    );
    // In seconds: the 20 ms handler is at least 0.015 (timers fire up to a millisecond early), and
    // far below the 15 and more it would read in milliseconds.
    expect(sum).toBeGreaterThanOrEqual(0.015);
    expect(sum).toBeLessThan(10);
  });
});
