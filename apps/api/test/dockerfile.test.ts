import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argumentsOf, readStages, runtimeArtifact, withKeyword, workspaceRoot } from './dockerfile.js';

const stages = readStages();
const [build, runtime] = [stages[0]!, stages.at(-1)!];
const runs = (stage: typeof build) => withKeyword(stage, 'RUN').map((i) => argumentsOf(i).join(' '));

describe('apps/api/Dockerfile', () => {
  it('builds in one stage and runs in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build.name).toBe('build');
  });

  it('pins every base image by digest, with its tag in the comment above', () => {
    for (const stage of stages) {
      expect(stage.image).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(stage.image).not.toMatch(/:latest\b/);
      expect(stage.comment).toMatch(/[\w./-]+:[\w.-]+/);
    }
  });

  it('runs Node 24 in both stages', () => {
    for (const stage of stages) expect(stage.image).toMatch(/node(js)?[:]?24/);
  });

  it('fetches dependencies from the lockfile alone, installs them frozen and offline, and builds with Nx', () => {
    const steps = build.instructions.map((i) => `${i.getKeyword()} ${argumentsOf(i).join(' ')}`);
    const at = (step: string) => steps.indexOf(step);
    expect(at('COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./')).toBeGreaterThan(-1);
    expect(at('RUN pnpm fetch --frozen-lockfile')).toBeGreaterThan(
      at('COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./'),
    );
    expect(at('COPY . .')).toBeGreaterThan(at('RUN pnpm fetch --frozen-lockfile'));
    expect(at('RUN pnpm install --offline --frozen-lockfile')).toBeGreaterThan(at('COPY . .'));
    expect(at('RUN pnpm nx run api:build')).toBeGreaterThan(at('RUN pnpm install --offline --frozen-lockfile'));
  });

  it('runs as a non-root numeric user in production mode, exposing the API and metrics ports', () => {
    const [user] = argumentsOf(withKeyword(runtime, 'USER').at(-1)!);
    expect(user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(withKeyword(runtime, 'ENV').flatMap(argumentsOf)).toContain('NODE_ENV=production');
    expect(withKeyword(runtime, 'EXPOSE').flatMap(argumentsOf)).toEqual(expect.arrayContaining(['3000', '9464']));
    expect(withKeyword(runtime, 'CMD').flatMap(argumentsOf).join(' ')).toContain('main.mjs');
  });

  it('copies only the production bundle from the build stage into the runtime stage', () => {
    expect(runtimeArtifact()).toEqual([{ from: 'build', path: join(workspaceRoot, 'dist', 'apps', 'api') + '/' }]);
    expect(runs(runtime)).toEqual([]);
  });

  it('keeps secrets, local data, dependencies, git and tests out of the build context', () => {
    const ignored = readFileSync(join(workspaceRoot, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['.env', '.env.*', '.data', '**/node_modules', '.git', '**/*.test.ts'])
      expect(ignored).toContain(pattern);
  });
});
