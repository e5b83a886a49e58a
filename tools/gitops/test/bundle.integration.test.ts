// The self-contained bundle the pushing workflow jobs run without `pnpm install`
// (dist/tools/gitops/gitops.mjs, built by `nx run gitops:build`), copied out of the workspace so that
// nothing can be resolved from node_modules, and run as its own process: its help, a real bump pushed
// to a temporary bare remote (git, YAML and the JSON Schema validator are inside), and `wait --via
// github` reading GITHUB_API_URL, GITHUB_REPOSITORY and GITHUB_TOKEN from its environment against the
// GitHub stand-in (test/support/github-api-stand-in.ts; the build machines cannot reach GitHub).
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/exit-codes.ts';
import { clone, createDeployRepository, createRemote, git, tag, testEnvironment } from './support/git-fixture.ts';
import { GitHubApiStandIn } from './support/github-api-stand-in.ts';
import { workspaceRoot } from './support/paths.ts';
import { spawnGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const built = join(workspaceRoot, 'dist', 'tools', 'gitops');
const outside = temporaryDirectory('bundle');
const entry = join(outside, 'gitops.mjs');
const github = new GitHubApiStandIn();

beforeAll(async () => {
  if (!existsSync(join(built, 'gitops.mjs'))) {
    throw new Error(`${built}/gitops.mjs is missing: run pnpm nx run gitops:build (the integration target does).`);
  }
  copyFileSync(join(built, 'gitops.mjs'), entry);
  copyFileSync(join(built, 'package.json'), join(outside, 'package.json'));
  await github.start();
});
afterAll(() => github.stop());

describe('the gitops bundle', () => {
  it('runs --help with plain node, outside the workspace', async () => {
    const run = await spawnGitops(['--help'], { cwd: outside, entry });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('10 could not tell');
  });

  it('bumps and pushes', async () => {
    const seed = createDeployRepository(join(outside, 'seed'), ['api']);
    createRemote(join(outside, 'remote.git'), seed);
    const work = clone(join(outside, 'remote.git'), join(outside, 'work'));
    const run = await spawnGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', tag(7), '--push'], {
      cwd: work,
      entry,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(git(seed, 'ls-remote', 'origin', 'main').split('\t')[0]).toBe(git(work, 'rev-parse', 'HEAD').trim());
  });

  it('waits on GitHub with the settings of its environment, and exits 10 when the token is refused', async () => {
    const seed = createDeployRepository(join(outside, 'seed-wait'), ['api']);
    createRemote(join(outside, 'remote-wait.git'), seed);
    const revision = git(seed, 'rev-parse', 'HEAD').trim();
    github.setStatus(revision, 'argocd/api-dev', 'success');
    const env = (token: string) =>
      testEnvironment({ GITHUB_API_URL: github.url, GITHUB_REPOSITORY: github.repository, GITHUB_TOKEN: token });
    const args = ['wait', '--via', 'github', '--env', 'dev', '--app', 'api', '--revision', revision];
    const ok = await spawnGitops(args, { cwd: seed, entry, env: env(github.token) });
    expect(ok.exitCode, ok.stderr).toBe(ExitCode.ok);
    const refused = await spawnGitops(args, { cwd: seed, entry, env: env('wrong') });
    expect(refused.exitCode).toBe(ExitCode.cannotTell);
  });
});
