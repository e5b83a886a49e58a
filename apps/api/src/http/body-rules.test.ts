import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './app-env.js';
import { limitBody, requireJson } from './body-rules.js';
import { HttpProblem } from './problem.js';

const maxBytes = 64;

/** A route behind the two rules, answering the JSON it was sent; problems as `{ status, code }`. */
function jsonEcho() {
  const app = new Hono<AppEnv>();
  app.post('/echo', limitBody(maxBytes), requireJson(), async (c) => c.json(await c.req.json()));
  app.onError((error, c) =>
    error instanceof HttpProblem ? c.json({ code: error.extras.code }, error.status) : c.json({ code: 'other' }, 500),
  );
  return app;
}

const post = (body: string | Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request('http://api.test/echo', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    duplex: 'half',
  } as RequestInit);

/** A body with no declared length: it arrives as a stream, in chunks of `chunk`. */
const streamed = (text: string, chunk = 16) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = new TextEncoder().encode(text);
      for (let at = 0; at < bytes.length; at += chunk) controller.enqueue(bytes.subarray(at, at + chunk));
      controller.close();
    },
  });

describe('limitBody and requireJson', () => {
  it('pass a JSON body within the limit to the route, parsed', async () => {
    const response = await jsonEcho().fetch(post('{"name":"Ada"}', { 'content-length': '14' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'Ada' });
  });

  it('refuse a declared Content-Length over the limit with 413 before reading the body', async () => {
    const request = post('{}', { 'content-length': String(maxBytes + 1) });
    let bodyTouched = false;
    const body = request.body;
    Object.defineProperty(request, 'body', {
      get: () => {
        bodyTouched = true;
        return body;
      },
    });
    const response = await jsonEcho().fetch(request);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: 'REQUEST.BODY_TOO_LARGE' });
    expect(bodyTouched).toBe(false);
  });

  it('leave the web body of a request with a declared length alone (the route reads the bytes once)', async () => {
    const request = post('{"name":"Ada"}', { 'content-length': '14' });
    let bodyReads = 0;
    const body = request.body;
    Object.defineProperty(request, 'body', {
      get: () => {
        bodyReads++;
        return body;
      },
    });
    const response = await jsonEcho().fetch(request);
    expect(response.status).toBe(200);
    expect(bodyReads).toBe(0);
  });

  it('count a body of no declared length as it streams: 413 past the limit, the JSON within it', async () => {
    const over = await jsonEcho().fetch(post(streamed(`{"name":"${'x'.repeat(maxBytes)}"}`)));
    expect(over.status).toBe(413);
    const within = await jsonEcho().fetch(post(streamed('{"name":"Ada Lovelace","n":1}')));
    expect(within.status).toBe(200);
    expect(await within.json()).toEqual({ name: 'Ada Lovelace', n: 1 });
  });

  it('read the text as a Web Response would: a leading byte order mark is dropped', async () => {
    const response = await jsonEcho().fetch(post('\uFEFF{"name":"Zoë"}'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'Zoë' });
  });

  it('refuse a body that is not UTF-8 with 400', async () => {
    const response = await jsonEcho().fetch(post(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'REQUEST.MALFORMED' });
  });
});
