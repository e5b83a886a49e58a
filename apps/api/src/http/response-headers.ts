import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.js';

/**
 * What `secureHeaders()` sets by default, as Node header names: the test beside this file holds the
 * two to the same names and values.
 */
export const securityHeaders: readonly (readonly [string, string])[] = [
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-frame-options', 'SAMEORIGIN'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
];

const validRequestId = /^[\w\-=]+$/;

/**
 * The request id (`X-Request-Id`: the client's, if it is a short token, else a new UUID) and the
 * security headers on every response. On Node they go straight onto the ServerResponse, before the
 * route runs, instead of through Hono's Web `Headers`, which are built, validated and copied into
 * Node's header object for every response (docs/benchmarks.md, issue 13). In-process
 * (`app.request()`) Hono's own `requestId()` and `secureHeaders()` do the same.
 */
export function responseHeaders(options: { limitLength: number }): MiddlewareHandler<AppEnv> {
  const honoRequestId = requestId(options);
  const honoSecureHeaders = secureHeaders();
  return async function responseHeaders(c, next) {
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (!outgoing)
      return honoRequestId(c, async () => {
        await honoSecureHeaders(c, next);
      });
    const sent = c.req.header('x-request-id');
    const id = sent && sent.length <= options.limitLength && validRequestId.test(sent) ? sent : randomUUID();
    c.set('requestId', id);
    outgoing.setHeader('x-request-id', id);
    for (const [name, value] of securityHeaders) outgoing.setHeader(name, value);
    await next();
  };
}
