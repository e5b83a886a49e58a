// In-process (app.request over in-memory ports): what the API says about itself. Readiness over
// real dependencies that fail is in resilience.integration.test.ts.
import { describe, expect, it } from 'vitest';
import { apiInMemory, apiKey, aUser, json } from './api-harness.js';

const ok = async () => undefined;
const denied = Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/api is not authorized'), {
  name: 'AccessDeniedException',
});
const api = apiInMemory({
  dependencyChecks: [
    { name: 'dynamodb', check: ok },
    { name: 's3', check: ok },
  ],
});

describe('probes', () => {
  it('reports liveness without touching a backend', async () => {
    const response = await api.fetch('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready while DynamoDB fails, and never calls it: a regional blip must not empty the Service', async () => {
    let calls = 0;
    const failing = apiInMemory({
      dependencyChecks: [
        { name: 'dynamodb', check: () => ((calls += 1), Promise.reject(denied)) },
        { name: 's3', check: ok },
      ],
    });
    await failing.checkDependencies();
    calls = 0;
    const response = await failing.fetch('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
    expect(calls).toBe(0);
  });
});

describe('dependency health', () => {
  it('is unknown (503) until the first background check has run', async () => {
    const fresh = apiInMemory({ dependencyChecks: [{ name: 'dynamodb', check: ok }] });
    const response = await fresh.fetch('/healthz/dependencies');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unknown',
      dependencies: { dynamodb: { status: 'unknown', checkedAt: null } },
    });
  });

  it('reports every dependency ok, without an API key, after a check', async () => {
    await api.checkDependencies();
    const response = await api.fetch('/healthz/dependencies');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      dependencies: {
        dynamodb: { status: 'ok', checkedAt: expect.any(String) },
        s3: { status: 'ok', checkedAt: expect.any(String) },
      },
    });
  });

  it('names a failing dependency but not its error, which goes to the log only, and sets dependency_up', async () => {
    let calls = 0;
    const failing = apiInMemory({
      dependencyChecks: [
        { name: 'dynamodb', check: () => ((calls += 1), Promise.reject(denied)) },
        { name: 's3', check: ok },
      ],
    });
    await failing.checkDependencies();
    const response = await failing.fetch('/healthz/dependencies');
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toMatchObject({
      status: 'degraded',
      dependencies: { dynamodb: { status: 'failed' }, s3: { status: 'ok' } },
    });
    expect(JSON.stringify(body)).not.toMatch(/AccessDenied|arn:/);
    expect(JSON.stringify(failing.logs)).toContain('AccessDeniedException');
    const metrics = await failing.scrapeMetrics();
    expect(metrics).toContain('dependency_up{dependency="dynamodb"} 0');
    expect(metrics).toContain('dependency_up{dependency="s3"} 1');
    // Reading the report calls no backend: only the background check does.
    expect(calls).toBe(1);
  });

  it('reports a dependency that never answers as failed after the check time-out', async () => {
    const hanging = apiInMemory({ dependencyChecks: [{ name: 's3', check: () => new Promise(() => undefined) }] });
    await hanging.checkDependencies();
    expect((await (await hanging.fetch('/healthz/dependencies')).json()).dependencies.s3.status).toBe('failed');
  }, 5_000);
});

describe('documentation', () => {
  it('serves an OpenAPI 3.1 document with the API key scheme', async () => {
    const document = await (await api.fetch('/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.ApiKey).toEqual({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/users',
        '/user',
        '/users/{id}',
        '/users/{id}/avatar',
        '/upload',
        '/healthz',
        '/readyz',
        '/healthz/dependencies',
      ]),
    );
  });

  it('serves Swagger UI at /swagger and /docs', async () => {
    for (const path of ['/swagger', '/docs']) {
      const response = await api.fetch(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('/openapi.json');
    }
  });
});

describe('request ids, headers and logs', () => {
  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    expect((await api.fetch('/healthz', { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe(
      'abc-123',
    );
    const replaced = (await api.fetch('/healthz', { headers: { 'x-request-id': 'bad id;' } })).headers.get(
      'x-request-id',
    );
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id in every problem', async () => {
    const response = await api.call('/users/not-an-id', { headers: { 'x-request-id': 'trace-me' } });
    expect((await response.json()).requestId).toBe('trace-me');
  });

  it('sets secure headers', async () => {
    const response = await api.fetch('/healthz');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBeTruthy();
  });

  it('logs one JSON line per request, with route and status, and never the API key', async () => {
    await api.call('/users', json(aUser(), { headers: { 'x-request-id': 'log-line-check' } }));
    const lines = api.logs.filter((line) => line.requestId === 'log-line-check');
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'request', method: 'POST', route: '/users', status: 201, level: 'info' }),
    ]);
    expect(JSON.stringify(api.logs)).not.toContain(apiKey);
  });

  it('answers an unknown path with a 404 problem', async () => {
    const response = await api.call('/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('metrics', () => {
  it('exports request and process metrics (AWS call metrics: observability-contract.integration.test.ts)', async () => {
    await api.call('/users', json(aUser()));
    const text = await api.scrapeMetrics();
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/users",status="201"\} \d+/);
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/users",status="201"\}/,
    );
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('does not serve metrics on the public port', async () => {
    expect((await api.call('/metrics')).status).toBe(404);
  });
});
