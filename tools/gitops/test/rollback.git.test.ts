// rollback against real git repositories: a temporary bare repository as the remote and clones of it.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../src/environments.ts';
import {
  clone,
  createDeployRepository,
  createRemote,
  git,
  initialChartRevision,
  readValues,
  tag,
  valuesPath,
  withChartRevision,
} from './support/git-fixture.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const root = temporaryDirectory('rollback');
const releases = join(root, 'releases');
let count = 0;
/** The chart revisions of the three releases: C[1] the initial one, C[2] and C[3] later chart changes. */
const C: Record<number, string> = {};

/** Edits a values file to a unit by hand and commits it with any message (what a squash merge does). */
function commitUnit(repository: string, environment: Environment, n: number, message: string): string {
  const path = join(repository, valuesPath(environment, 'api'));
  const text = readFileSync(path, 'utf8').replace(/tag: '[0-9a-f]{40}'/, `tag: '${tag(n)}'`);
  writeFileSync(path, withChartRevision(text, C[n]!));
  git(repository, 'commit', '--quiet', '-am', message);
  return git(repository, 'rev-parse', 'HEAD').trim();
}

const unitOf = (repository: string, environment: Environment = 'prod') => {
  const text = readValues(repository, environment, 'api');
  return [/ {2}tag: '([0-9a-f]{40})'/.exec(text)?.[1], / {2}revision: '([0-9a-f]{40})'/.exec(text)?.[1]];
};
const unit = (n: number) => [tag(n), C[n]];

beforeAll(async () => {
  createDeployRepository(releases, ['api']);
  C[1] = initialChartRevision(releases);
  for (const n of [2, 3]) {
    const chart = join(releases, 'deploy/charts/api/values.yaml');
    writeFileSync(chart, `${readFileSync(chart, 'utf8')}# chart change ${n}\n`);
    git(releases, 'commit', '--quiet', '-am', `chart change ${n}`);
    C[n] = git(releases, 'rev-parse', 'HEAD').trim();
    const run = await runGitops(['bump', '--env', 'prod', '--app', 'api', '--tag', tag(n), '--chart-revision', C[n]!], {
      cwd: releases,
    });
    expect(run.exitCode, run.stderr).toBe(0);
  }
});

/** prod ran unit 1, then 2, then 3 (image tag n with chart revision C[n], each a bump commit): a copy. */
function repositoryWithReleases(): string {
  count += 1;
  const repository = join(root, `repo-${count}`);
  cpSync(releases, repository, { recursive: true });
  return repository;
}

const rollback = (repository: string, ...args: string[]) =>
  runGitops(['rollback', '--env', 'prod', '--app', 'api', ...args], { cwd: repository });

describe('gitops rollback', () => {
  it('restores the whole previous unit, image tag and chart revision, by a new commit', async () => {
    const repository = repositoryWithReleases();
    const head = git(repository, 'rev-parse', 'HEAD').trim();
    const deployedBy = git(repository, 'rev-parse', 'HEAD~2').trim();

    const run = await rollback(repository);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(unitOf(repository)).toEqual(unit(2));
    expect(git(repository, 'rev-parse', 'HEAD~1').trim()).toBe(head);
    const message = git(repository, 'log', '-1', '--format=%B');
    expect(message.split('\n')[0]).toBe(
      `revert(deploy): roll back api in prod ${tag(3).slice(0, 7)} → ${tag(2).slice(0, 7)}, chart ${C[3]!.slice(0, 7)} → ${C[2]!.slice(0, 7)}`,
    );
    expect(message).toContain(`Restores the unit (image tag and chart revision) deployed by ${deployedBy}`);
  });

  it('goes further back on a second rollback instead of returning to the unit it left', async () => {
    const repository = repositoryWithReleases();
    await rollback(repository);
    const second = await rollback(repository);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(unitOf(repository)).toEqual(unit(1));
    const third = await rollback(repository);
    expect(third.exitCode).toBe(3);
    expect(third.stderr).toContain('no earlier deployment to roll back to');
  });

  it('reads the file, not commit messages: after a squash-merged rollback with its own message, it goes further back', async () => {
    // The reproduced bug: the rollback pull request was squash-merged with a custom message, which
    // lost the trailer the old rollback relied on, and the next rollback went forward to the bad unit.
    const repository = repositoryWithReleases();
    commitUnit(repository, 'prod', 2, 'Fix prod (#123)\n\nSquash-merged by a human, no trailer at all.');

    const run = await rollback(repository);

    expect(run.exitCode, run.stderr).toBe(0);
    expect(unitOf(repository)).toEqual(unit(1));
  });

  it('rolls back to a unit deployed again after a rollback, not past it', async () => {
    const repository = repositoryWithReleases();
    commitUnit(repository, 'prod', 2, 'back to 2');
    commitUnit(repository, 'prod', 3, '3 was fine after all');
    const run = await rollback(repository);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(unitOf(repository)).toEqual(unit(2));
  });

  it('restores the unit as the file was at the commit --to names', async () => {
    const repository = repositoryWithReleases();
    const first = git(repository, 'log', '--format=%H', '--', valuesPath('prod', 'api')).trim().split('\n').at(-1)!;
    // A later commit that did not touch the file, like the main commit Argo CD's history shows.
    const run = await rollback(repository, '--to', git(repository, 'rev-parse', `${first}`).trim().slice(0, 10));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(unitOf(repository)).toEqual(unit(1));
  });

  it('with --if-current, rolls back only while the file holds the unit of that commit (else exit code 4)', async () => {
    const repository = repositoryWithReleases();
    const failedBump = git(repository, 'rev-parse', 'HEAD').trim();
    // A later release replaced the unit the failed bump deployed: that one is left alone.
    commitUnit(repository, 'prod', 1, 'a later deployment');
    const head = git(repository, 'rev-parse', 'HEAD');
    const refused = await rollback(repository, '--if-current', failedBump);
    expect(refused.exitCode).toBe(4);
    expect(refused.stderr).toContain(
      `Refusing the rollback: deploy/values/prod/api.yaml no longer holds the unit of ${failedBump.slice(0, 12)} (image ${tag(3)}, chart ${C[3]})`,
    );
    expect(git(repository, 'rev-parse', 'HEAD')).toBe(head);

    const current = git(repository, 'rev-parse', 'HEAD').trim();
    const rolled = await rollback(repository, '--if-current', current);
    expect(rolled.exitCode, rolled.stderr).toBe(0);
  });

  it('lists the deployments of the file with --list, changing nothing', async () => {
    const repository = repositoryWithReleases();
    commitUnit(repository, 'prod', 2, 'Fix prod (#123)');
    const head = git(repository, 'rev-parse', 'HEAD');

    const run = await rollback(repository, '--list');

    expect(run.exitCode, run.stderr).toBe(0);
    expect(git(repository, 'rev-parse', 'HEAD')).toBe(head);
    const rows = run.stdout.split('\n').slice(2);
    const row = (n: number, note: string) => new RegExp(`  ${tag(n)}  ${C[n]}  ${note}\\s`);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(new RegExp(`^${head.slice(0, 12)}  `));
    expect(rows[0]).toMatch(row(2, 'current'));
    expect(rows[0]).toContain('Fix prod (#123)');
    expect(rows[1]).toMatch(row(3, 'rolled back from'));
    expect(rows[2]).toMatch(row(2, 'same unit as current'));
    expect(rows[3]).toMatch(row(1, 'default rollback target'));
  });

  it('exits 3 when there is no earlier deployment or --to is no commit', async () => {
    count += 1;
    const fresh = createDeployRepository(join(root, `repo-${count}`), ['api']);
    const none = await rollback(fresh);
    expect(none.exitCode).toBe(3);
    expect(none.stderr).toContain('no earlier deployment to roll back to');
    const unknown = await rollback(fresh, '--to', 'yesterday');
    expect(unknown.exitCode).toBe(3);
    expect(unknown.stderr).toContain('--to "yesterday" is not a commit');
  });

  it('refuses --push for prod (exit code 2): prod changes only by pull request', async () => {
    const repository = repositoryWithReleases();
    const run = await rollback(repository, '--push');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('use --pr-branch <name> instead of --push');
  });

  it('with --push, rolls back dev on the remote head', async () => {
    const seed = repositoryWithReleases();
    commitUnit(seed, 'dev', 2, 'dev runs 2');
    commitUnit(seed, 'dev', 3, 'dev runs 3');
    const remote = createRemote(join(root, `remote-${count}.git`), seed);
    const work = clone(remote, join(root, `work-${count}`));
    const run = await runGitops(['rollback', '--env', 'dev', '--app', 'api', '--push'], { cwd: work });
    expect(run.exitCode, run.stderr).toBe(0);
    const result = clone(remote, join(root, `result-${count}`));
    expect(unitOf(result, 'dev')).toEqual(unit(2));
  });

  it('with --pr-branch, proposes the prod rollback as a branch for a pull request, leaving main as it is', async () => {
    const seed = repositoryWithReleases();
    const remote = createRemote(join(root, `remote-${count}.git`), seed);
    const work = clone(remote, join(root, `work-${count}`));
    const main = git(work, 'rev-parse', 'HEAD').trim();
    const run = await rollback(work, '--pr-branch', 'rollback/prod-api');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(git(work, 'ls-remote', 'origin', 'refs/heads/main').split('\t')[0]).toBe(main);
    const proposed = git(work, 'show', `origin/rollback/prod-api:${valuesPath('prod', 'api')}`);
    expect(proposed).toContain(`  tag: '${tag(2)}'`);
    expect(proposed).toContain(`  revision: '${C[2]}'`);
  });
});
