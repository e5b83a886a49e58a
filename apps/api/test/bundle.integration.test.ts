// What the image runs, run here (see production-bundle.ts) against the emulators, as it would run
// against AWS.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { awsEnvironment, type EmbeddedAws } from '@platform/users-emulators';
import { useSharedEmbeddedAws } from '@platform/users-emulators/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { copyProductionBundle, waitForListening } from './production-bundle.js';
import { clientOf, dependencyReported } from './typed-client.js';

let local: EmbeddedAws;
let bundle: Awaited<ReturnType<typeof copyProductionBundle>>;

beforeAll(async () => {
  [bundle, local] = await Promise.all([copyProductionBundle(), useSharedEmbeddedAws()]);
}, 120_000);
afterAll(async () => {
  await local?.stop();
  await bundle?.remove();
});

/** The bundle with a complete production configuration on loopback, plus `env`. */
const runConfiguredBundle = (env: Record<string, string> = {}) =>
  bundle.run({
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    API_KEYS: 'bundle-key',
    TOKEN_SECRET: 'a-production-like-secret-of-32-characters!',
    ...awsEnvironment(local),
    ...env,
  });

describe('the production bundle, alone in a folder', () => {
  it('serves the API against AWS-compatible endpoints and exits cleanly on SIGTERM', async () => {
    const child = runConfiguredBundle();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Whatever fails below, the process does not outlive the test.
    onTestFinished(() => void child.kill('SIGKILL'));
    const url = await waitForListening(child);
    const probes = clientOf(url, null);

    expect((await probes.GET('/healthz')).data).toEqual({ status: 'ok' });
    const readiness = await probes.GET('/readyz');
    expect(readiness.response.status, JSON.stringify(readiness.data ?? readiness.error)).toBe(200);
    // The background dependency check runs in the bundle too: both stores reported ok within seconds.
    await dependencyReported(probes, 'dynamodb', 'ok');
    await dependencyReported(probes, 's3', 'ok');
    const created = await clientOf(url, 'bundle-key').POST('/users', {
      body: { name: 'Bundle', email: `bundle-${Date.now()}@example.com` },
    });
    expect(created.response.status).toBe(201);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it.each([
    ['NODE_ENV=production', {}],
    ['NODE_ENV unset (production is the default of this entry point)', { NODE_ENV: undefined }],
  ])('refuses to start with %s without its configuration, naming each missing variable', async (_, env) => {
    const child = bundle.run(env);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    for (const name of ['AWS_REGION', 'USERS_TABLE', 'AVATARS_BUCKET', 'API_KEYS', 'TOKEN_SECRET']) {
      expect(stderr).toContain(name);
    }
  });
});

/**
 * Sends one raw HTTP/1.1 request; resolves once it is written to the kernel, with its outcome to come.
 * Raw on purpose, not the typed client: the test needs each request written before the process
 * resumes, and the connection's own end (FIN or reset), which fetch hides.
 */
async function sendRaw(port: number, path: string) {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = '';
  const outcome = new Promise<string>((resolve) => {
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    // A clean close: the peer's FIN after a whole response.
    socket.once('end', () => resolve(received.split(' ')[1] ?? 'closed without a response'));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: api\r\nX-API-Key: bundle-key\r\n\r\n`, () => resolve());
  });
  return { outcome, received: () => received };
}

describe('SIGTERM to the production bundle', () => {
  // The worst case, made deterministic: the process is stopped (SIGSTOP) while 100 clients connect
  // and send their requests, so every connection waits in the kernel's listen backlog with its
  // request unread; then SIGTERM and SIGCONT. This is what CPU starvation does to a few
  // connections at a time, at its extreme. No sleep decides the outcome.
  it.each(['0', '300'])(
    'answers all 100 requests already received and resets none, with SHUTDOWN_DELAY_MS=%s',
    async (shutdownDelayMs) => {
      const child = runConfiguredBundle({
        SHUTDOWN_DELAY_MS: shutdownDelayMs,
        SHUTDOWN_GRACE_MS: '20000',
        // This is about shutdown, not the store's speed: on a loaded two-core machine DynamoDB Local
        // can take longer than the default 3 s to answer 100 queries at once, which the API rightly
        // answers with 503 (resilience tests cover that). One 15 s attempt fits the grace period, and
        // a client destroyed before the requests drain would still fail them at once.
        AWS_REQUEST_TIMEOUT_MS: '15000',
        AWS_MAX_ATTEMPTS: '1',
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      onTestFinished(() => void child.kill('SIGKILL'));
      const port = Number(new URL(await waitForListening(child)).port);

      // A keep-alive connection that has had its answer and sits idle: it must be closed cleanly.
      const idle = await sendRaw(port, '/healthz');
      await expect.poll(() => idle.received()).toContain('"status":"ok"');

      child.kill('SIGSTOP');
      const inFlight = await Promise.all(Array.from({ length: 100 }, () => sendRaw(port, '/users?limit=1')));
      child.kill('SIGTERM');
      child.kill('SIGCONT');

      const outcomes = await Promise.all(inFlight.map((request) => request.outcome));
      const counts = outcomes.reduce<Record<string, number>>((c, o) => ({ ...c, [o]: (c[o] ?? 0) + 1 }), {});
      expect(counts).toEqual({ '200': 100 });
      expect(inFlight.every((request) => /\r\nconnection: close\r\n/i.test(request.received()))).toBe(true);
      expect(await idle.outcome).toBe('200');
      expect(await exited).toBe(0);
      const late = await sendRaw(port, '/healthz').then(
        () => 'connected',
        (error: NodeJS.ErrnoException) => error.code,
      );
      expect(late).toBe('ECONNREFUSED');
    },
    60_000,
  );
});

describe('the bundle file', () => {
  it('is plain ASCII, so V8 holds its source, kept for lazy compilation, at one byte a character', () => {
    const source = readFileSync(new URL('../../../dist/apps/api/main.mjs', import.meta.url), 'utf8');
    const first = /\P{ASCII}/u.exec(source);
    expect(
      first && `${JSON.stringify(first[0])} at line ${source.slice(0, first.index).split('\n').length}`,
      'a character outside ASCII in dist/apps/api/main.mjs (tools/node-bundle.mjs replaces those in comments)',
    ).toBeNull();
  });
});
