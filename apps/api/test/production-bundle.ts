// The production bundle as the image runs it: exactly what the Dockerfile's runtime stage copies
// (read from the Dockerfile) from dist/apps/api — built once by the `api:build` task this project's
// tests depend on — copied to a folder outside the workspace, with no node_modules above it, and
// started with plain `node` in production mode, as the image's non-root user when this machine
// lets us switch users.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dockerfileOf, readStages, runtimeArtifact } from '@platform/dockerfiles';

// The image's USER; only root may start a process as another user.
const imageUser = process.getuid?.() === 0 ? { uid: 65532, gid: 65532 } : undefined;

/** Copies the image's files to a fresh folder; `remove()` deletes it. */
export async function copyProductionBundle() {
  const artifacts = runtimeArtifact(readStages({ path: dockerfileOf('api') }));
  const missing = artifacts.filter(({ path }) => !existsSync(path)).map(({ path }) => path);
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} missing: run \`pnpm nx run api:build\` (api:test depends on it)`);
  }
  if (!imageUser)
    console.warn('\n⚠ The bundle runs as the current user: switching to the image user 65532 needs root.\n');
  const dir = await mkdtemp(join(tmpdir(), 'api-bundle-'));
  for (const { path } of artifacts) await cp(path, dir, { recursive: true });
  await chmod(dir, 0o755);

  return {
    /** Starts `node main.mjs` with NODE_ENV=production (as the image sets it) and only the given variables; `undefined` unsets one. */
    run(env: Record<string, string | undefined>) {
      const variables = { PATH: process.env.PATH ?? '', HOME: '/home/nonroot', NODE_ENV: 'production', ...env };
      return spawn(process.execPath, ['main.mjs'], {
        cwd: dir,
        // HOME as the image's passwd entry for 65532 gives it (the AWS SDK looks for ~/.aws).
        env: Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== undefined)),
        stdio: ['ignore', 'pipe', 'pipe'],
        ...imageUser,
      });
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Resolves to the API's URL once the bundle logs "listening"; rejects if it exits first. */
export function waitForListening(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('the child has no stdout pipe'));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line);
      if (event.msg === 'listening') resolve(event.url);
    });
    child.once('exit', (code) => reject(new Error(`bundle exited with ${code} before listening`)));
  });
}
