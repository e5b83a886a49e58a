// Property-based fuzzing driven by the OpenAPI document, in-process over the in-memory ports: for
// every operation, generated invalid path ids, query strings, bodies and content types. The API
// must never answer 5xx, must answer every 4xx as problem+json, and must change no data (PATCH and
// the DELETEs too, with and without If-Match). Raw requests no client would send go over TCP:
// malformed-http.test.ts.
import fc from 'fast-check';
import { newUserSchema } from '@platform/users-domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { statusByProblemCode } from '../src/routes/schemas.js';
import { apiInMemory, apiKey, aUser, json, pngBytes } from './api-harness.js';

const api = apiInMemory();
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
  for (let i = 0; i < 5; i++) {
    const user = await (await api.call('/users', json(aUser()))).json();
    if (i === 0) await api.call(`/users/${user.id}/avatar`, { method: 'PUT', body: pngBytes() });
  }
  const document = await (await api.fetch('/openapi.json')).json();
  operations = Object.entries(document.paths as Record<string, object>).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
  before = await everyUser();
});

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
const ifMatch = fc.option(fc.constantFrom('"1"', '"2", "1"', 'W/"1"', '*', '', 'nope', '"', '"1" "2"', '*, "1"'), {
  nil: undefined,
});
const query = fc.dictionary(
  fc.constantFrom('limit', 'cursor', 'email', 'limit[]', 'x', '__proto__', 'constructor'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  { maxKeys: 4 },
);

function fill(path: string, id: string) {
  return path.replace('{id}', id);
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('finds the operations to fuzz', () => {
    expect(operations.length).toBeGreaterThanOrEqual(13);
  });

  it('never answers 5xx and answers every 4xx as problem+json', async () => {
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(
          pathId,
          query,
          body,
          contentType,
          ifMatch,
          fc.boolean(),
          async (id, params, payload, type, condition, withKey) => {
            const search = new URLSearchParams(params).toString();
            const url = `${fill(operation.path, id)}${search ? `?${search}` : ''}`;
            const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
            const response = await api.fetch(url, {
              method: operation.method,
              redirect: 'manual',
              headers: {
                'content-type': type,
                ...(withKey && { 'x-api-key': apiKey }),
                ...(condition !== undefined && { 'if-match': condition }),
              },
              ...(hasBody && { body: payload }),
            });
            const text = await response.text();
            expect(response.status, `${operation.method} ${url} → ${text.slice(0, 200)}`).toBeLessThan(500);
            if (response.status >= 400) {
              expect(response.headers.get('content-type'), `${operation.method} ${url}`).toBe(
                'application/problem+json',
              );
              const problem = JSON.parse(text);
              expect(problem).toMatchObject({ status: response.status });
              // Every error carries a stable code, documented with this very status.
              expect(statusByProblemCode[problem.code], `${operation.method} ${url} → code ${problem.code}`).toBe(
                response.status,
              );
            }
          },
        ),
        { numRuns: 100 },
      );
    }
  }, 240_000);

  it('changed no data', async () => {
    expect(await everyUser()).toEqual(before);
  });
});
