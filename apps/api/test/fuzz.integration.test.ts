// Property-based fuzzing driven by the OpenAPI document: for every operation, generated invalid
// path ids, query strings, bodies and content types, plus raw requests no client would send.
// The API must never answer 5xx, must answer every 4xx as problem+json, and must change no data.
import fc from 'fast-check';
import { newUserSchema } from '@platform/users-domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, aUser, json, pngBytes, startApiUnderTest, type ApiUnderTest } from './api-harness.js';
import { sendRaw } from './raw-http.js';

let api: ApiUnderTest;
let operations: { method: string; path: string }[];
let before: unknown;

async function everyUser() {
  const users: unknown[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: unknown[]; nextCursor: string | null } = await (
      await api.call(`/users?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    ).json();
    users.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return users;
}

beforeAll(async () => {
  api = await startApiUnderTest();
  for (let i = 0; i < 5; i++) {
    const user = await (await api.call('/users', json(aUser()))).json();
    if (i === 0) await api.call(`/users/${user.id}/avatar`, { method: 'PUT', body: pngBytes() });
  }
  const document = await (await fetch(`${api.url}/openapi.json`)).json();
  operations = Object.entries(document.paths as Record<string, object>).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
  before = await everyUser();
});
afterAll(() => api?.stop());

const hostileSegments = [
  '..',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'a%00b',
  'x'.repeat(4096),
  '%E2%80%AE%E2%80%AD',
  '%F0%9F%92%A9',
  '0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d',
  '0B6F3C1E-8A1D-4C8E-9A55-2F4A1D2B3C4D',
  '%25',
  ' ',
];
const pathId = fc.oneof(
  fc.constantFrom(...hostileSegments),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }).map(encodeURIComponent),
);
const notAValidUser = fc.jsonValue({ maxDepth: 4 }).filter((value) => !newUserSchema.safeParse(value).success);
const body = fc.oneof(
  notAValidUser.map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 2000 }),
  fc.constant('['.repeat(5000) + ']'.repeat(5000)),
  fc.constant('{"name":'),
  fc.uint8Array({ maxLength: 4000 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'text/html',
  'multipart/form-data; boundary=xyz',
  'multipart/form-data',
  'application/x-www-form-urlencoded',
  'image/png',
  'application/octet-stream',
  '*/*',
  'application/problem+json',
);
const query = fc.dictionary(
  fc.constantFrom('limit', 'cursor', 'limit[]', 'x', '__proto__', 'constructor'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  { maxKeys: 4 },
);

function fill(path: string, id: string) {
  return path.replace('{id}', id);
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('finds the operations to fuzz', () => {
    expect(operations.length).toBeGreaterThanOrEqual(11);
  });

  it('never answers 5xx and answers every 4xx as problem+json', async () => {
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(pathId, query, body, contentType, fc.boolean(), async (id, params, payload, type, withKey) => {
          const search = new URLSearchParams(params).toString();
          const url = `${api.url}${fill(operation.path, id)}${search ? `?${search}` : ''}`;
          const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
          const response = await fetch(url, {
            method: operation.method,
            redirect: 'manual',
            headers: { 'content-type': type, ...(withKey && { 'x-api-key': apiKey }) },
            ...(hasBody && { body: payload }),
          });
          const text = await response.text();
          expect(response.status, `${operation.method} ${url} → ${text.slice(0, 200)}`).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type'), `${operation.method} ${url}`).toBe('application/problem+json');
            expect(JSON.parse(text)).toMatchObject({ status: response.status });
          }
        }),
        { numRuns: 40 },
      );
    }
  }, 240_000);

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
  });

  it('answers a duplicated API key header with 401 and an oversized one with 431', async () => {
    const duplicated = await sendRaw(
      api.url,
      `GET /users HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${apiKey}\r\nX-Api-Key: other\r\nConnection: close\r\n\r\n`,
    );
    expect(duplicated.status).toBe(401);
    const oversized = await fetch(`${api.url}/users`, { headers: { 'x-api-key': 'k'.repeat(16 * 1024) } });
    expect(oversized.status).toBe(431);
    expect(oversized.headers.get('content-type')).toBe('application/problem+json');
  });

  it('changed no data', async () => {
    expect(await everyUser()).toEqual(before);
  });
});
