// rollback against real git repositories: a temporary bare repository as the remote and clones of it.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clone, createDeployRepository, createRemote, git, readValues, tag } from './support/git-fixture.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const root = temporaryDirectory('rollback');
const releases = join(root, 'releases');
let count = 0;

beforeAll(async () => {
  createDeployRepository(releases, ['api']);
  for (const n of [2, 3]) {
    const run = await runGitops(['bump', '--env', 'prod', '--app', 'api', '--tag', tag(n)], { cwd: releases });
    expect(run.exitCode, run.stderr).toBe(0);
  }
});

/** prod ran tag 1, then tag 2, then tag 3 (each a bump commit): a copy of the repository made once. */
function repositoryWithReleases(): string {
  count += 1;
  const repository = join(root, `repo-${count}`);
  cpSync(releases, repository, { recursive: true });
  return repository;
}

const rollback = (repository: string, ...args: string[]) =>
  runGitops(['rollback', '--env', 'prod', '--app', 'api', ...args], { cwd: repository });

describe('gitops rollback', () => {
  it('restores the previous tag by a new commit, never rewriting history', async () => {
    const repository = repositoryWithReleases();
    const head = git(repository, 'rev-parse', 'HEAD').trim();

    const run = await rollback(repository);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(readValues(repository, 'prod', 'api')).toContain(`  tag: '${tag(2)}'`);
    expect(git(repository, 'rev-parse', 'HEAD~1').trim()).toBe(head);
    const message = git(repository, 'log', '-1', '--format=%B');
    expect(message.split('\n')[0]).toBe(
      `revert(deploy): roll back api in prod ${tag(3).slice(0, 7)} → ${tag(2).slice(0, 7)}`,
    );
    expect(message).toContain(`Gitops-Change: rollback prod/api ${tag(3)} ${tag(2)}`);
  });

  it('goes further back on a second rollback instead of returning to the tag it left', async () => {
    const repository = repositoryWithReleases();
    await rollback(repository);
    const second = await rollback(repository);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(readValues(repository, 'prod', 'api')).toContain(`  tag: '${tag(1)}'`);
  });

  it('restores a given tag with --to', async () => {
    const repository = repositoryWithReleases();
    const run = await rollback(repository, '--to', tag(1));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readValues(repository, 'prod', 'api')).toContain(`  tag: '${tag(1)}'`);
  });

  it('exits 3 when there is no earlier tag, and 2 for a --to that is not a SHA', async () => {
    count += 1;
    const fresh = createDeployRepository(join(root, `repo-${count}`), ['api']);
    const none = await rollback(fresh);
    expect(none.exitCode).toBe(3);
    expect(none.stderr).toContain('no earlier image tag to roll back to');
    expect((await rollback(fresh, '--to', 'yesterday')).exitCode).toBe(2);
  });

  it('with --push, rolls back on the remote head', async () => {
    const seed = repositoryWithReleases();
    const remote = createRemote(join(root, `remote-${count}.git`), seed);
    const work = clone(remote, join(root, `work-${count}`));
    const run = await rollback(work, '--push');
    expect(run.exitCode, run.stderr).toBe(0);
    const result = clone(remote, join(root, `result-${count}`));
    expect(readValues(result, 'prod', 'api')).toContain(`  tag: '${tag(2)}'`);
  });

  it('with --pr-branch, proposes the rollback as a branch for a pull request, leaving main as it is', async () => {
    const seed = repositoryWithReleases();
    const remote = createRemote(join(root, `remote-${count}.git`), seed);
    const work = clone(remote, join(root, `work-${count}`));
    const main = git(work, 'rev-parse', 'HEAD').trim();
    const run = await rollback(work, '--pr-branch', 'rollback/prod-api');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(git(work, 'ls-remote', 'origin', 'refs/heads/main').split('\t')[0]).toBe(main);
    expect(git(work, 'show', `origin/rollback/prod-api:deploy/values/prod/api.yaml`)).toContain(`  tag: '${tag(2)}'`);
  });
});
