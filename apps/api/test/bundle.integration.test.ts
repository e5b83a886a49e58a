// What the image runs, run here: build the bundle, copy exactly what the Dockerfile's runtime stage
// copies (read from the Dockerfile) to a folder outside the workspace, with no node_modules above
// it, and start it with plain `node` in production mode — as the image's non-root user when this
// machine lets us switch users — against the emulators, as it would run against AWS.
import { execFile, spawn } from 'node:child_process';
import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { awsEnvironment, startEmbeddedAws, type EmbeddedAws } from '@platform/users-emulators';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { dockerfileOf, readStages, runtimeArtifact, workspaceRoot } from '@platform/dockerfiles';

// The image's USER; only root may start a process as another user.
const imageUser = process.getuid?.() === 0 ? { uid: 65532, gid: 65532 } : undefined;
if (!imageUser)
  console.warn('\n⚠ The bundle runs as the current user: switching to the image user 65532 needs root.\n');
let local: EmbeddedAws;
let bundleDir: string;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(workspaceRoot, 'tools', 'bundle-app.mjs'), 'api'], {
    cwd: workspaceRoot,
  });
  bundleDir = await mkdtemp(join(tmpdir(), 'api-bundle-'));
  for (const { path } of runtimeArtifact(readStages({ path: dockerfileOf('api') })))
    await cp(path, bundleDir, { recursive: true });
  await chmod(bundleDir, 0o755);
  local = await startEmbeddedAws({});
}, 120_000);
afterAll(async () => {
  await local?.stop();
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
});

function runBundle(env: Record<string, string>) {
  return spawn(process.execPath, ['main.mjs'], {
    cwd: bundleDir,
    // HOME as the image's passwd entry for 65532 gives it (the AWS SDK looks for ~/.aws).
    env: { PATH: process.env.PATH ?? '', HOME: '/home/nonroot', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...imageUser,
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
      ...awsEnvironment(local),
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Whatever fails below, the process does not outlive the test.
    onTestFinished(() => void child.kill('SIGKILL'));
    const url = await waitForListening(child);

    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const readiness = await fetch(`${url}/readyz`);
    expect(readiness.status, await readiness.clone().text()).toBe(200);
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
