import type { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import type { AppEnv } from '../http/app-env.js';

/** The paths that need no API key: probes and documentation. */
export const publicPaths: ReadonlySet<string> = new Set([
  '/healthz',
  '/readyz',
  '/healthz/dependencies',
  '/openapi.json',
  '/swagger',
  '/docs',
]);

/** The OpenAPI 3.1 document, generated from the route schemas, and Swagger UI to try it. */
export function registerDocRoutes(app: OpenAPIHono<AppEnv>, version: string): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Users API',
      version,
      description: 'Users and their avatars, on DynamoDB and S3. Errors are application/problem+json (RFC 9457).',
    },
  });
  const ui = swaggerUI({ url: '/openapi.json', persistAuthorization: true });
  app.get('/swagger', ui);
  app.get('/docs', ui);
}
