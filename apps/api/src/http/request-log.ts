import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { primitiveFieldsLogger } from '../logger.js';
import type { AppEnv } from './app-env.js';

/** The route pattern a request matched (`/users/:id`), or `unmatched`; bounded, so safe as a metric label. */
export function matchedRoute(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const path = routePath(c, -1);
  return path === '' || path === '/*' || path === '*' ? 'unmatched' : path;
}

/** Gives each request a child logger and writes one line when it ends: method, route, status, duration. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  // The access line has only primitive fields: written without the wildcard redaction it cannot need.
  const accessLog = primitiveFieldsLogger(logger);
  return async function requestLog(c, next) {
    const started = performance.now();
    const requestId = c.get('requestId');
    c.set('log', logger.child({ requestId }));
    await next();
    const status = c.res.status;
    accessLog[status >= 500 ? 'error' : 'info'](
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        route: matchedRoute(c),
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        userAgent: c.req.header('user-agent'),
      },
      'request',
    );
  };
}
