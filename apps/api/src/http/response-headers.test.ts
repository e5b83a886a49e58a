import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.js';
import { responseHeaders, securityHeaders } from './response-headers.js';

/** An app behind the middleware: `/id` answers the request id it was given, `/etag` a JSON body with its own header. */
function app() {
  const hono = new Hono<AppEnv>();
  hono.use(responseHeaders({ limitLength: 16 }));
  hono.get('/id', (c) => c.json({ requestId: c.get('requestId') }));
  hono.get('/etag', (c) => c.json({ ok: true }, 200, { ETag: '"1"' }));
  hono.get('/fails', () => {
    throw new Error('boom');
  });
  hono.onError((_, c) => c.json({ failed: true }, 500));
  return hono;
}

/** The response's headers other than those that depend on the body or the connection. */
const securityOf = (headers: Headers) =>
  Object.fromEntries(
    [...headers].filter(
      ([name]) =>
        !['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'x-request-id', 'etag'].includes(name),
    ),
  );

describe('responseHeaders', () => {
  // A real Node server (@hono/node-server, as in production) beside the in-process app.request().
  const server = createAdaptorServer({ fetch: app().fetch });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const overNode = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
  const inProcess = (path: string, init?: RequestInit) => app().request(path, init);

  it("lists what Hono's secureHeaders() sets by default, names and values", async () => {
    const hono = new Hono();
    hono.use(secureHeaders());
    hono.get('/', (c) => c.text(''));
    expect(securityOf((await hono.request('/')).headers)).toEqual(Object.fromEntries(securityHeaders));
  });

  it.each([
    ['over Node', overNode],
    ['in-process', inProcess],
  ])(
    'sets the security headers on every response, %s, a failure and a route with its own header too',
    async (_, send) => {
      for (const path of ['/id', '/etag', '/fails']) {
        const response = await send(path);
        expect(securityOf(response.headers), path).toEqual(Object.fromEntries(securityHeaders));
      }
      expect((await send('/etag')).headers.get('etag')).toBe('"1"');
    },
  );

  it.each([
    ['over Node', overNode],
    ['in-process', inProcess],
  ])("answers with the client's request id when it is a short token, else a new UUID, %s", async (_, send) => {
    const echoed = await send('/id', { headers: { 'x-request-id': 'abc-123=' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123=');
    expect(await echoed.json()).toEqual({ requestId: 'abc-123=' });
    for (const refused of ['has space', 'x'.repeat(17), '']) {
      const response = await send('/id', { headers: { 'x-request-id': refused } });
      const id = response.headers.get('x-request-id');
      expect(id, refused).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await response.json()).toEqual({ requestId: id });
    }
  });
});
