import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { DependencyHealth } from '../dependency-health.js';
import type { AppEnv } from '../http/app-env.js';

const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'getLiveness',
  tags: ['operations'],
  summary: 'Liveness: the process is up (touches no backend)',
  responses: {
    200: { description: 'Alive', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } },
  },
});

const ReadinessSchema = z.object({ status: z.enum(['ready', 'shutting-down']) }).openapi('Readiness');

const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  operationId: 'getReadiness',
  tags: ['operations'],
  summary: 'Readiness: the process has started and is not shutting down (touches no backend)',
  description:
    'Deliberately blind to DynamoDB and S3: a regional blip would otherwise make every pod unready at once ' +
    'and empty the Service, failing even requests that need neither. Dependency health is ' +
    '`/healthz/dependencies` and the `dependency_up` metric.',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: ReadinessSchema } } },
    503: { description: 'Shutting down', content: { 'application/json': { schema: ReadinessSchema } } },
  },
});

const DependencyStatusSchema = z.object({
  status: z.enum(['ok', 'failed', 'unknown']),
  checkedAt: z.string().nullable().openapi({ format: 'date-time' }),
});

const DependenciesSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'unknown']),
    dependencies: z.record(z.string(), DependencyStatusSchema),
  })
  .openapi('DependencyHealth');

const dependenciesRoute = createRoute({
  method: 'get',
  path: '/healthz/dependencies',
  operationId: 'getDependencyHealth',
  tags: ['operations'],
  summary: 'The last background check of DynamoDB and S3 (for people and monitors, never a probe)',
  description:
    'Reports the result of the check each process runs every DEPENDENCY_CHECK_INTERVAL_MS; a request here ' +
    'calls no backend. Only the status of each dependency is shown; the error goes to the log.',
  responses: {
    200: { description: 'Every dependency answered', content: { 'application/json': { schema: DependenciesSchema } } },
    503: {
      description: 'A dependency failed its last check, or none has been checked yet',
      content: { 'application/json': { schema: DependenciesSchema } },
    },
  },
});

/** Liveness and readiness probes, and the dependency report. */
export function registerHealthRoutes(
  app: OpenAPIHono<AppEnv>,
  options: { dependencies: Pick<DependencyHealth, 'snapshot'>; isShuttingDown: () => boolean },
): void {
  app.openapi(healthzRoute, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(readyzRoute, (c) =>
    options.isShuttingDown()
      ? c.json({ status: 'shutting-down' as const }, 503)
      : c.json({ status: 'ready' as const }, 200),
  );

  app.openapi(dependenciesRoute, (c) => {
    const snapshot = options.dependencies.snapshot();
    return c.json(snapshot, snapshot.status === 'ok' ? 200 : 503);
  });
}
