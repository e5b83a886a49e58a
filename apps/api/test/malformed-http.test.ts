// Raw requests no client would send, over real TCP to the real servers (in-memory ports): what
// Node's HTTP parser rejects must still be answered as a 4xx problem+json.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { statusByProblemCode } from '../src/routes/schemas.js';
import { apiKey, aUser, json, pngSignature, serveInMemory, type ApiUnderTest } from './api-harness.js';
import { sendRaw } from './raw-http.js';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await serveInMemory();
});
afterAll(() => api?.stop());

describe('malformed HTTP', () => {
  it.each([
    [
      'Content-Length together with Transfer-Encoding',
      'POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    [
      'two different Content-Lengths',
      'POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
    ],
    ['a broken request line', 'GET /users HTTP/9.9 nonsense\r\n\r\n'],
    ['a NUL in the path', 'GET /users/\0 HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['an 80 KiB header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(80 * 1024)}\r\n\r\n`],
    [
      'an invalid chunk size',
      'POST /users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    ],
  ])('answers a request with %s with a 4xx problem', async (_, request) => {
    const response = await sendRaw(api.url, request);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(statusByProblemCode[JSON.parse(response.body).code]).toBe(response.status);
  });

  it.each([
    ['the asterisk form of GET', 'GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['the asterisk form of OPTIONS', 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['no Host header (HTTP/1.1)', 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n'],
    ['no Host header (HTTP/1.0)', 'GET /healthz HTTP/1.0\r\n\r\n'],
  ])('answers %s with 400 problem+json saying what is wrong', async (_, request) => {
    const response = await sendRaw(api.url, request);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({
      detail: expect.stringMatching(/Host header|must be a path/),
      code: 'REQUEST.MALFORMED',
    });
  });

  it('serves a request in absolute form like any other', async () => {
    const response = await sendRaw(api.url, 'GET http://x/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(response.status).toBe(200);
  });

  it('answers a duplicated API key header with 401 and an oversized one with 431', async () => {
    const duplicated = await sendRaw(
      api.url,
      `GET /users HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${apiKey}\r\nX-Api-Key: other\r\nConnection: close\r\n\r\n`,
    );
    expect(duplicated.status).toBe(401);
    const oversized = await api.fetch('/users', { headers: { 'x-api-key': 'k'.repeat(16 * 1024) } });
    expect(oversized.status).toBe(431);
    expect(oversized.headers.get('content-type')).toBe('application/problem+json');
    expect((await oversized.json()).code).toBe('REQUEST.HEADERS_TOO_LARGE');
  });
});

describe('a client too slow to send its request', () => {
  let slow: ApiUnderTest;
  beforeAll(async () => {
    slow = await serveInMemory({ env: { HEADERS_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '600' } });
  });
  afterAll(() => slow?.stop());

  it.each([
    ['headers that never end', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n'],
    [
      'a body that never arrives',
      `POST /users HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${apiKey}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na`,
    ],
  ])('gets 408 problem+json and the connection closed, for %s', async (_, request) => {
    const response = await sendRaw(slow.url, request);
    expect(response.error).toBeUndefined();
    expect(response.status).toBe(408);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body).code).toBe('REQUEST.TIMEOUT');
  });
});

describe('a client that goes away mid-request', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await serveInMemory();
  });
  afterAll(() => api?.stop());

  // The bodies start like a PNG: a file no image type starts like is answered 415 at its first bytes.
  const startsLikeAPng = (rest: string) => Buffer.concat([pngSignature, Buffer.from(rest)]);
  it.each([
    ['half of a declared body', 'Content-Length: 60000', startsLikeAPng('x'.repeat(992))],
    [
      'a malformed chunked body',
      'Transfer-Encoding: chunked',
      Buffer.concat([Buffer.from('10\r\n'), startsLikeAPng('01234567'), Buffer.from('\r\nzz\r\n')]),
    ],
  ])('is logged at info and counted as 499, not as a server error, after %s', async (_, framing, body) => {
    const user = await (await api.call('/users', json(aUser()))).json();
    const socket = connect(Number(new URL(api.url).port), '127.0.0.1');
    socket.on('error', () => undefined);
    // Expect: 100-continue makes Node answer 100 once the app has the request: only then is the body sent.
    const continued = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write(
      `PUT /users/${user.id}/avatar HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${apiKey}\r\nContent-Type: image/png\r\n` +
        `Expect: 100-continue\r\n${framing}\r\n\r\n`,
    );
    await continued;
    await new Promise<void>((resolve) => socket.write(body, () => resolve()));
    socket.destroy();

    const line = await vi.waitFor(() => {
      const found = api.logs.find((entry) => entry.msg === 'request' && entry.route === '/users/:id/avatar');
      if (!found) throw new Error('no request line yet');
      return found;
    });
    expect(line).toMatchObject({ status: 499, level: 'info' });
    expect(api.logs.filter((entry) => entry.msg === 'unhandled error')).toEqual([]);
    const metrics = await (await fetch(api.metricsUrl)).text();
    expect(metrics).toMatch(/http_requests_total\{method="PUT",route="\/users\/:id\/avatar",status="499"\} [1-9]/);
    expect(metrics).not.toMatch(/status="500"/);
    api.logs.length = 0;
  });
});
