import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.js';

/** A backing service that must answer before the process takes traffic. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

const readinessTimeoutMs = 2_000;

const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Liveness: the process is up (touches no backend)',
  responses: {
    200: { description: 'Alive', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } },
  },
});

const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'unavailable', 'shutting-down']),
    checks: z.record(z.string(), z.object({ status: z.enum(['ok', 'failed']) })),
  })
  .openapi('Readiness');

const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'Readiness: DynamoDB and S3 answer and the process is not shutting down',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: ReadinessSchema } } },
    503: {
      description: 'Not ready; `checks` names the failing dependency',
      content: { 'application/json': { schema: ReadinessSchema } },
    },
  },
});

function withTimeout(check: ReadinessCheck): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${readinessTimeoutMs} ms`), { name: 'TimeoutError' })),
      readinessTimeoutMs,
    );
  });
  return Promise.race([check.check(), timeout]).finally(() => clearTimeout(timer));
}

/** Liveness and readiness probes. */
export function registerHealthRoutes(
  app: OpenAPIHono<AppEnv>,
  options: { checks: readonly ReadinessCheck[]; isShuttingDown: () => boolean },
): void {
  app.openapi(healthzRoute, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(readyzRoute, async (c) => {
    if (options.isShuttingDown()) return c.json({ status: 'shutting-down' as const, checks: {} }, 503);
    const results = await Promise.allSettled(options.checks.map(withTimeout));
    // Only which dependency failed goes out (the probe is public); the error goes to the log.
    const checks = Object.fromEntries(
      options.checks.map((check, i) => [
        check.name,
        { status: results[i]?.status === 'rejected' ? ('failed' as const) : ('ok' as const) },
      ]),
    );
    const failures = results.flatMap((result, i) =>
      result.status === 'rejected' ? [{ check: options.checks[i]?.name, err: result.reason as unknown }] : [],
    );
    const ready = results.every((result) => result.status === 'fulfilled');
    if (!ready) c.get('log').warn({ failures }, 'not ready');
    return ready
      ? c.json({ status: 'ready' as const, checks }, 200)
      : c.json({ status: 'unavailable' as const, checks }, 503);
  });
}
