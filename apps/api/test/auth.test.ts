import { beforeAll, describe, expect, it } from 'vitest';
import { publicPaths } from '../src/routes/docs.js';
import { apiInMemory, apiKey, aUser, json, rotatedApiKey } from './api-harness.js';

const api = apiInMemory();
let operations: { method: string; path: string; secured: boolean }[];

beforeAll(async () => {
  const document = await (await api.fetch('/openapi.json')).json();
  operations = Object.entries(document.paths as Record<string, Record<string, { security?: unknown[] }>>).flatMap(
    ([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path: path.replace('{id}', '0b6f3c1e-8a1d-4c8e-9a55-2f4a1d2b3c4d'),
        secured: (operation.security?.length ?? 0) > 0,
      })),
  );
});

describe('API key authentication, for every operation in the OpenAPI document', () => {
  it('documents the operations (so the checks below cover something)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(11);
  });

  it('leaves public only the probes and the documentation', () => {
    for (const { path, secured } of operations) {
      if (!secured) expect([...publicPaths]).toContain(path);
    }
  });

  it('answers 401 problem+json without a key and with a wrong key', async () => {
    for (const { method, path, secured } of operations.filter((o) => o.secured)) {
      expect(secured).toBe(true);
      for (const headers of [{}, { 'x-api-key': 'wrong' }, { 'x-api-key': '' }]) {
        const response = await api.fetch(path, { method, headers, redirect: 'manual' });
        expect(response.status, `${method} ${path} with ${JSON.stringify(headers)}`).toBe(401);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(response.headers.get('www-authenticate')).toContain('X-API-Key');
      }
    }
  });

  it('serves the public operations without a key', async () => {
    for (const { method, path } of operations.filter((o) => !o.secured)) {
      const response = await api.fetch(path, { method });
      expect(response.status, `${method} ${path}`).toBe(200);
    }
  });

  it('accepts each of several configured keys, so keys can be rotated', async () => {
    for (const key of [apiKey, rotatedApiKey]) {
      const response = await api.fetch('/users', json(aUser(), { headers: { 'x-api-key': key } }));
      expect(response.status).toBe(201);
    }
  });

  it('protects paths no route serves as well, so nothing is revealed without a key', async () => {
    expect((await api.fetch('/admin')).status).toBe(401);
    expect((await api.call('/admin')).status).toBe(404);
  });
});
