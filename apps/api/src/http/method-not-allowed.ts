import type { Context } from 'hono';
import { PatternRouter } from 'hono/router/pattern-router';
import type { AppEnv } from './app-env.js';
import { problemResponse } from './problem.js';

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The not-found handler of an app whose routes are all registered: 405 with `Allow` when the path
 * is served with other methods (HEAD wherever GET is: Hono answers HEAD with the GET route), 404
 * otherwise; both as problem+json.
 */
export function notFoundOrMethodNotAllowed(routes: readonly { method: string; path: string }[]) {
  const router = new PatternRouter<string>();
  // Middleware registered with app.use() answers every method; only routes say what a path serves.
  for (const route of routes) if (route.method !== 'ALL') router.add(route.method, route.path, route.method);
  const allowedFor = (path: string): string[] => {
    const allowed = methods.filter((method) => router.match(method === 'HEAD' ? 'GET' : method, path)[0].length > 0);
    return allowed;
  };

  return function handleNotFound(c: Context<AppEnv>): Response {
    const allowed = allowedFor(c.req.path);
    if (allowed.length > 0) {
      return problemResponse(
        c,
        {
          title: 'Method Not Allowed',
          status: 405,
          detail: `${c.req.path} does not serve ${c.req.method}; it serves ${allowed.join(', ')}.`,
          code: 'REQUEST.METHOD_NOT_ALLOWED',
        },
        { Allow: allowed.join(', ') },
      );
    }
    return problemResponse(c, {
      title: 'Not Found',
      status: 404,
      detail: `Nothing is served at ${c.req.method} ${c.req.path}.`,
      code: 'REQUEST.NOT_FOUND',
    });
  };
}
