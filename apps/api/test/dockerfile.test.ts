import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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

  it('installs with the frozen lockfile, after copying every workspace manifest, and builds with Nx', () => {
    const installAt = build.instructions.findIndex(
      (i) => i.getKeyword() === 'RUN' && argumentsOf(i).join(' ').includes('pnpm install'),
    );
    expect(runs(build)).toContain('pnpm install --frozen-lockfile');
    expect(runs(build).some((command) => /nx run api:build/.test(command))).toBe(true);

    const copiedBeforeInstall = build.instructions
      .slice(0, installAt)
      .filter((i) => i.getKeyword() === 'COPY')
      .flatMap((i) => argumentsOf(i).slice(0, -1));
    const workspace = parse(readFileSync(join(workspaceRoot, 'pnpm-workspace.yaml'), 'utf8')) as { packages: string[] };
    const manifests = workspace.packages.flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readFileSync(join(workspaceRoot, 'pnpm-lock.yaml'), 'utf8')
            .match(new RegExp(`^  (${pattern.slice(0, -2)}/[\\w.-]+):$`, 'gm'))!
            .map((line) => `${line.trim().slice(0, -1)}/package.json`)
        : [`${pattern}/package.json`],
    );
    for (const manifest of [...manifests, 'package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml']) {
      expect(copiedBeforeInstall, manifest).toContain(manifest);
    }
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
