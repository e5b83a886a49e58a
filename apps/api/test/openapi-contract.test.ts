// In-process: the OpenAPI document names every operation for generated clients, and every error it
// documents carries a stable `code`; what the API really answers is held to the same table (here for
// wrong methods and the HTTP layer's own failures, in fuzz.test.ts for whatever fast-check provokes).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statusByDomainCode } from '../src/http/error-handler.js';
import { statusByHttpCode } from '../src/http/problem-codes.js';
import { statusByProblemCode } from '../src/routes/schemas.js';
import { apiInMemory, expectProblem, json } from './api-harness.js';

const api = apiInMemory();
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const document: Json = await (await api.fetch('/openapi.json')).json();
const operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).map(([method, operation]) => ({ path, method, operation: operation as Json })),
);
/** Probes answer their 503 with a status document that the kubelet and monitors read, not a problem. */
const statusDocuments = new Set(['getReadiness', 'getDependencyHealth']);

describe('the OpenAPI document', () => {
  it('gives every operation a unique operationId (camelCase) and a tag', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    for (const { path, method, operation } of operations) {
      expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][a-zA-Z]+$/);
      expect(operation.tags?.length, `${method} ${path} has no tag`).toBeGreaterThan(0);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'listUsers',
        'createUser',
        'getUser',
        'updateUser',
        'deleteUser',
        'uploadAvatar',
        'deleteUserAvatar',
        'getReadiness',
      ]),
    );
  });

  it('documents ETag on every response that carries a user, and If-Match on every change and delete of one', () => {
    for (const { path, method, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        const schema = (response as Json).content?.['application/json']?.schema?.$ref;
        if (schema !== '#/components/schemas/User') continue;
        expect((response as Json).headers?.ETag, `${method} ${path} ${status}`).toBeDefined();
      }
    }
    const conditional = operations.filter(({ operation }) =>
      (operation.parameters ?? []).some((p: Json) => p.in === 'header' && p.name === 'if-match'),
    );
    expect(conditional.map(({ operation }) => operation.operationId).sort()).toEqual(
      ['deleteUser', 'deleteUserAvatar', 'updateUser'].sort(),
    );
    for (const { operation } of conditional) expect(operation.responses['412'], operation.operationId).toBeDefined();
  });

  it('takes a merge patch as application/merge-patch+json or application/json, and no other member', () => {
    const body = document.paths['/users/{id}'].patch.requestBody;
    expect(Object.keys(body.content).sort()).toEqual(['application/json', 'application/merge-patch+json']);
    expect(document.components.schemas.UserPatch).toMatchObject({ additionalProperties: false });
    const email = document.paths['/users'].get.parameters.find((p: Json) => p.name === 'email');
    expect(email).toMatchObject({ in: 'query', required: false });
  });

  it('marks the original paths deprecated, with ids of their own', () => {
    expect(document.paths['/user'].post).toMatchObject({ operationId: 'createUserOriginal', deprecated: true });
    expect(document.paths['/upload'].post).toMatchObject({ operationId: 'uploadAvatarForm', deprecated: true });
    expect(document.paths['/users'].post.deprecated).toBeUndefined();
  });

  it("keeps the HTTP layer's codes apart from the domain's, so each code has one status", () => {
    const shared = Object.keys(statusByHttpCode).filter((code) => code in statusByDomainCode);
    expect(shared).toEqual([]);
  });

  it('documents a required, listed `code` in the problem schema', () => {
    const problem = document.components.schemas.Problem;
    expect(problem.required).toContain('code');
    for (const code of ['AUTH.API_KEY_MISSING', 'REQUEST.INVALID', 'REQUEST.METHOD_NOT_ALLOWED', 'INTERNAL']) {
      expect(problem.properties.code.description).toContain(code);
    }
  });

  it('answers every documented error with a problem whose example carries a code of that status', () => {
    for (const { path, method, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        if (Number(status) < 400 || statusDocuments.has(operation.operationId)) continue;
        const where = `${method} ${path} ${status}`;
        const content = (response as Json).content?.['application/problem+json'];
        expect(content?.schema?.$ref, where).toBe('#/components/schemas/Problem');
        expect(statusByProblemCode[content.example?.code], `${where}: example code ${content.example?.code}`).toBe(
          Number(status),
        );
      }
    }
  });
});

describe('error codes on the wire', () => {
  it.each([
    ['no API key', () => api.fetch('/users'), 401, 'AUTH.API_KEY_MISSING'],
    ['a wrong API key', () => api.fetch('/users', { headers: { 'x-api-key': 'nope' } }), 401, 'AUTH.API_KEY_INVALID'],
    ['an invalid field', () => api.call('/users', json({ name: '', email: 'x' })), 400, 'REQUEST.INVALID'],
    [
      'malformed JSON',
      () => api.call('/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      400,
      'REQUEST.MALFORMED',
    ],
    [
      'a body that is not JSON',
      () => api.call('/users', { method: 'POST', body: 'x' }),
      415,
      'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a body over 16 KiB', () => api.call('/users', json({ name: 'x'.repeat(20_000) })), 413, 'REQUEST.BODY_TOO_LARGE'],
    ['an unknown path', () => api.call('/nothing-here'), 404, 'REQUEST.NOT_FOUND'],
    [
      'a malformed If-Match',
      () => api.call('/users/0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d', { method: 'DELETE', headers: { 'if-match': '3' } }),
      400,
      'REQUEST.INVALID_IF_MATCH',
    ],
  ] as const)('%s: %i %s', async (_, send, status, code) => {
    expect((await expectProblem(await send(), status)).code).toBe(code);
  });

  it.each([
    ['/users/0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d', 'PUT', 'GET, HEAD, PATCH, DELETE'],
    ['/users/0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d/avatar', 'PATCH', 'GET, HEAD, PUT, DELETE'],
    ['/users', 'DELETE', 'GET, HEAD, POST'],
    ['/upload', 'GET', 'POST'],
    ['/healthz', 'POST', 'GET, HEAD'],
  ])('answers %s with %s 405 and the methods it serves in Allow', async (path, method, allow) => {
    const response = await api.call(path, { method });
    const problem = await expectProblem(response, 405);
    expect(problem.code).toBe('REQUEST.METHOD_NOT_ALLOWED');
    expect(response.headers.get('allow')).toBe(allow);
  });

  it('serves HEAD wherever it lists it in Allow', async () => {
    expect((await api.fetch('/healthz', { method: 'HEAD' })).status).toBe(200);
  });

  it('answers any method on any documented path with a served status or a 405 whose Allow lists the documented methods', async () => {
    const methodsByPath = new Map<string, string[]>();
    for (const { path, method } of operations) methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), method]);
    const paths = [...methodsByPath.keys()];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        async (path, method) => {
          const url = path.replace('{id}', '0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d');
          const response = await api.call(url, { method, redirect: 'manual' });
          const documented = methodsByPath.get(path)!.map((m) => m.toUpperCase());
          if (documented.includes(method) || (method === 'HEAD' && documented.includes('GET'))) {
            expect(response.status, `${method} ${url}`).not.toBe(405);
            return;
          }
          expect(response.status, `${method} ${url}`).toBe(405);
          const allowed = response.headers.get('allow')!.split(', ');
          expect(allowed.filter((m) => m !== 'HEAD').sort()).toEqual([...documented].sort());
          // A HEAD response has no body.
          if (method !== 'HEAD') expect((await response.json()).code).toBe('REQUEST.METHOD_NOT_ALLOWED');
        },
      ),
      { numRuns: 60 },
    );
  });
});
