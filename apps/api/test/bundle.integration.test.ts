// The production bundle is what the image runs: build it, copy it alone to a folder outside the
// workspace (no node_modules anywhere above it), and run it with plain `node` in production mode
// against the emulators, as it would run against AWS.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { startEmbeddedAws, type EmbeddedAws } from '../src/embedded-aws.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const workspaceRoot = join(import.meta.dirname, '..', '..', '..');
let local: EmbeddedAws;
let bundleDir: string;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(workspaceRoot, 'apps', 'api', 'build.mjs')], {
    cwd: workspaceRoot,
  });
  bundleDir = await mkdtemp(join(tmpdir(), 'api-bundle-'));
  for (const file of ['main.mjs', 'package.json']) {
    await copyFile(join(workspaceRoot, 'dist', 'apps', 'api', file), join(bundleDir, file));
  }
  local = await startEmbeddedAws({});
}, 120_000);
afterAll(async () => {
  await local?.stop();
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
});

function runBundle(env: Record<string, string>) {
  return spawn(process.execPath, ['main.mjs'], {
    cwd: bundleDir,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function waitForListening(child: ReturnType<typeof runBundle>): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const event = JSON.parse(line);
      if (event.msg === 'listening') resolve(event.url);
    });
    child.once('exit', (code) => reject(new Error(`bundle exited with ${code} before listening`)));
  });
}

describe('the production bundle, alone in a folder', () => {
  it('serves the API against AWS-compatible endpoints and exits cleanly on SIGTERM', async () => {
    const child = runBundle({
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      API_KEYS: 'bundle-key',
      TOKEN_SECRET: 'a-production-like-secret-of-32-characters!',
      AWS_REGION: local.region,
      USERS_TABLE: local.usersTable,
      AVATARS_BUCKET: local.avatarsBucket,
      AWS_ENDPOINT_URL_DYNAMODB: local.dynamoDbEndpoint,
      AWS_ENDPOINT_URL_S3: local.s3Endpoint,
      AWS_ACCESS_KEY_ID: local.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: local.credentials.secretAccessKey,
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await waitForListening(child);

    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const created = await fetch(`${url}/users`, {
      method: 'POST',
      headers: { 'x-api-key': 'bundle-key', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bundle', email: `bundle-${Date.now()}@example.com` }),
    });
    expect(created.status).toBe(201);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start in production without its configuration, naming each missing variable', async () => {
    const child = runBundle({});
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    for (const name of ['AWS_REGION', 'USERS_TABLE', 'AVATARS_BUCKET', 'API_KEYS', 'TOKEN_SECRET']) {
      expect(stderr).toContain(name);
    }
  });
});
