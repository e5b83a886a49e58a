// The API under test, in three layers that share one interface (`fetch`/`call` a path, read its
// log lines), so a test states only what it needs:
//   apiInMemory()        Hono's app.request() over the in-memory ports: no socket, no emulator.
//   serveInMemory()      the real servers on a loopback port over the in-memory ports, for what
//                        needs TCP (malformed HTTP, connections at shutdown).
//   startApiUnderTest()  (emulator-harness.ts) the real servers on DynamoDB Local and the S3
//                        emulator, for what needs real AWS semantics.
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import type { UserRepository, UsersContext } from '@platform/users-domain';
import { png, testContext } from '@platform/users-domain/testing';
import { createApp } from '../src/app.js';
import { watchDependencies, type DependencyCheck } from '../src/dependency-health.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { startServer, type RunningServer } from '../src/server.js';

export const apiKey = 'test-key-1';
export const rotatedApiKey = 'test-key-2';

export interface HttpApi {
  /** A request to a path of the API, as the client sends it. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The same, with the API key set unless the request sets X-API-Key itself. */
  call(path: string, init?: RequestInit): Promise<Response>;
  /** Every log line the API wrote, parsed. */
  readonly logs: Record<string, unknown>[];
}

export interface ApiUnderTest extends HttpApi {
  readonly url: string;
  readonly metricsUrl: string;
  readonly server: RunningServer;
  stop(): Promise<void>;
}

export interface Options {
  env?: Record<string, string>;
  /** Wraps the use-case context, e.g. to slow a port down. */
  wrapContext?: (ctx: UsersContext) => UsersContext;
}

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    API_KEYS: `${apiKey},${rotatedApiKey}`,
    AVATAR_MAX_BYTES: String(64 * 1024),
    LOG_LEVEL: 'info',
    ...env,
  });
}

export function capturedLogger(level: string) {
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger(
    level,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    }),
  );
  return { logs, logger };
}

function withApiKey(init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  if (!headers.has('x-api-key')) headers.set('x-api-key', apiKey);
  return { ...init, headers };
}

/** The in-memory ports and everything the app is built from, as serveApi builds it from AWS. */
function inMemoryDependencies(options: Options & { dependencyChecks?: DependencyCheck[] }) {
  const config = testConfig(options.env);
  const { ctx } = testContext({
    avatarMaxBytes: config.avatarMaxBytes,
    avatarMaxPixels: config.avatarMaxPixels,
    now: () => new Date(),
  });
  const { logs, logger } = capturedLogger(config.logLevel);
  const metrics = createMetrics();
  // Not started: a test runs a check when it wants one (checkDependencies).
  const dependencies = watchDependencies({
    checks: options.dependencyChecks ?? [],
    intervalMs: config.dependencyCheckIntervalMs,
    logger,
    record: metrics.recordDependency,
  });
  const deps = {
    ctx: options.wrapContext ? options.wrapContext(ctx) : ctx,
    apiKeys: config.apiKeys,
    dependencies,
    logger,
    metrics,
    version: config.version,
    uploadConcurrency: config.uploadConcurrency,
  };
  return { config, logs, deps };
}

/** The app in-process (Hono's `app.request()`), over fresh in-memory ports. */
export function apiInMemory(options: Options & { dependencyChecks?: DependencyCheck[] } = {}) {
  const { logs, deps } = inMemoryDependencies(options);
  const app = createApp({ ...deps, isShuttingDown: () => false });
  const fetch = async (path: string, init?: RequestInit) => app.request(path, init);
  return {
    fetch,
    call: (path: string, init?: RequestInit) => fetch(path, withApiKey(init)),
    logs,
    scrapeMetrics: () => deps.metrics.registry.metrics(),
    /** Runs the background dependency check once, now. */
    checkDependencies: () => deps.dependencies.checkNow(),
  } satisfies HttpApi & Record<string, unknown>;
}

export function overHttp(
  server: RunningServer,
  logs: Record<string, unknown>[],
  stop: () => Promise<void>,
): ApiUnderTest {
  const fetchPath = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  return {
    url: server.url,
    metricsUrl: server.metricsUrl,
    server,
    logs,
    fetch: fetchPath,
    call: (path, init) => fetchPath(path, withApiKey(init)),
    stop,
  };
}

/** The real servers on a random loopback port, over fresh in-memory ports. */
export async function serveInMemory(options: Options = {}): Promise<ApiUnderTest> {
  const { config, logs, deps } = inMemoryDependencies(options);
  const server = await startServer({
    deps,
    host: config.host,
    port: config.port,
    metricsPort: config.metricsPort,
    registry: deps.metrics.registry,
    shutdownGraceMs: config.shutdownGraceMs,
    shutdownDelayMs: config.shutdownDelayMs,
    headersTimeoutMs: config.headersTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    logger: deps.logger,
  });
  return overHttp(server, logs, () => server.shutdown());
}

/** Expects an RFC 9457 problem with this status, and no stack trace or AWS detail in it; returns it. */
export async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = await response.json();
  expect(problem).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
    requestId: expect.any(String),
  });
  expect(JSON.stringify(problem)).not.toMatch(/at .*\.(ts|js):\d+|Exception|\$metadata/);
  return problem;
}

/** A JSON request body with its Content-Type. */
export function json(body: unknown, init: RequestInit = {}): RequestInit {
  return {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: JSON.stringify(body),
  };
}

let sequence = 0;
/** A fresh, valid user body: every call gives a new email. */
export function aUser(overrides: Partial<{ name: string; email: string }> = {}) {
  sequence += 1;
  return { name: `Test User ${sequence}`, email: `user-${sequence}-${Date.now()}@example.com`, ...overrides };
}

/** A whole PNG of exactly `size` bytes (at least 57): what the API accepts as an avatar. */
export function pngBytes(size = 256): Uint8Array {
  return new Uint8Array(png(size));
}

/** The eight bytes every PNG starts with. */
export const pngSignature = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Holds every user listing at its start until `release()`, so a test knows exactly which requests
 * are in flight: `entered(n)` resolves once n listings are being held.
 */
export function holdListings() {
  let count = 0;
  let open: () => void;
  const released = new Promise<void>((resolve) => (open = resolve));
  const waiting: { n: number; resolve: () => void }[] = [];
  return {
    wrapContext(ctx: UsersContext): UsersContext {
      const users: UserRepository = Object.create(ctx.users);
      users.list = async (page) => {
        count += 1;
        for (const waiter of waiting.filter((w) => count >= w.n)) waiter.resolve();
        await released;
        return ctx.users.list(page);
      };
      return { ...ctx, users };
    },
    entered: (n: number) => new Promise<void>((resolve) => (count >= n ? resolve() : waiting.push({ n, resolve }))),
    release: () => open(),
  };
}

/** A new user made through the API, as a client would; its id. */
export async function createdUser(api: HttpApi): Promise<{ id: string }> {
  const response = await api.call('/users', json(aUser()));
  if (response.status !== 201) throw new Error(`POST /users answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string };
}
