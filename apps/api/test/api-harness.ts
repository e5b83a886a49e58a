// Starts the real API on a random loopback port against DynamoDB Local and the S3 emulator (shared
// by the test run, with a table and bucket of the file's own), as a test's one fixture. Nothing is mocked: requests go over HTTP, and the
// API talks to the emulators through the same AWS SDK clients it uses against AWS.
import { Writable } from 'node:stream';
import { embeddedAwsConfig, type EmbeddedAws } from '@platform/users-emulators';
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import type { UserRepository, UsersContext } from '@platform/users-domain';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import type { RunningServer } from '../src/server.js';
import { serveApi } from '../src/start.js';

export const apiKey = 'test-key-1';
export const rotatedApiKey = 'test-key-2';

export interface ApiUnderTest {
  readonly url: string;
  readonly metricsUrl: string;
  readonly local: EmbeddedAws;
  readonly server: RunningServer;
  /** Every log line the API wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** fetch against the API with the API key set. */
  call(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function startApiUnderTest(
  options: {
    env?: Record<string, string>;
    local?: EmbeddedAws;
    /** Wraps the use-case context, e.g. to slow a port down. */
    wrapContext?: (ctx: UsersContext) => UsersContext;
  } = {},
): Promise<ApiUnderTest> {
  const local = options.local ?? (await useSharedEmbeddedAws());
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    API_KEYS: `${apiKey},${rotatedApiKey}`,
    AVATAR_MAX_BYTES: String(64 * 1024),
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger(
    config.logLevel,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    }),
  );
  const { running: server } = await serveApi(config, embeddedAwsConfig(local), {
    credentials: local.credentials,
    logger,
    ...(options.wrapContext && { wrapContext: options.wrapContext }),
  });

  return {
    url: server.url,
    metricsUrl: server.metricsUrl,
    local,
    server,
    logs,
    call(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('x-api-key')) headers.set('x-api-key', apiKey);
      return fetch(`${server.url}${path}`, { ...init, headers });
    },
    async stop() {
      await server.shutdown();
      if (!options.local) await local.stop();
    },
  };
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

/** A minimal valid PNG signature followed by `size - 8` bytes of padding. */
export function pngBytes(size = 256): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (let i = 8; i < size; i++) bytes[i] = i % 251;
  return bytes;
}

/** Makes every user listing wait `delayMs` first, so requests are in flight for as long as a test needs. */
export function withSlowListing(delayMs: number) {
  return (ctx: UsersContext): UsersContext => {
    const users: UserRepository = Object.create(ctx.users);
    users.list = async (page) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return ctx.users.list(page);
    };
    return { ...ctx, users };
  };
}
