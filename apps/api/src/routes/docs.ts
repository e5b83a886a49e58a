import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.js';
import { swaggerUiAssets } from './swagger-ui-assets.js';

/**
 * What the Swagger UI page may load: its own scripts, styles and images from this origin (the CSS
 * draws its icons as data: URIs) and requests to this API; nothing from anywhere else, no inline
 * script or style, no plugins, no framing, no form posts, no <base>. Swagger UI's React sets
 * styles through the DOM (allowed), and the page's only inline <style> comes with the standalone
 * preset, which is not loaded, so 'unsafe-inline' is not needed.
 */
export const swaggerUiContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const assets = swaggerUiAssets();

/** The paths that need no API key: probes, the OpenAPI document and Swagger UI with its files. */
export const publicPaths: ReadonlySet<string> = new Set([
  '/healthz',
  '/readyz',
  '/healthz/dependencies',
  '/openapi.json',
  '/swagger',
  '/docs',
  ...assets.files.map((file) => file.path),
]);

/**
 * The OpenAPI 3.1 document, generated from the route schemas, and Swagger UI to try it: the pinned
 * swagger-ui-dist served by this API itself, each file at a URL carrying its content's hash and
 * cached for a year, the page revalidated on every load.
 */
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

  for (const path of ['/swagger', '/docs']) {
    app.get(path, (c) => {
      c.header('Content-Security-Policy', swaggerUiContentSecurityPolicy);
      c.header('Cache-Control', 'no-cache');
      return c.html(assets.page);
    });
  }
  for (const file of assets.files) {
    app.get(file.path, (c) => {
      c.header('Content-Security-Policy', swaggerUiContentSecurityPolicy);
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      c.header('Content-Type', file.contentType);
      return c.body(file.body());
    });
  }
}
