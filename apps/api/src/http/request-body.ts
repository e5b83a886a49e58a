import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';

/**
 * The request body as it streams in. On Node it is the IncomingMessage itself: read straight from
 * the socket with Node's own back-pressure, without the web-stream copy @hono/node-server makes on
 * first read (which nothing has made yet: it wraps the body lazily). In-process (`app.request()`)
 * it is the Request's body. A request without a body is a stream of no bytes.
 */
export function streamedBody(c: Context<AppEnv>): AsyncIterable<Uint8Array> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming ?? c.req.raw.body ?? noBytes();
}

async function* noBytes(): AsyncGenerator<Uint8Array> {
  // yields nothing
}
