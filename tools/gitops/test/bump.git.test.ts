// bump against real git repositories: a temporary bare repository as the remote and clones of it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  changedLines,
  clone,
  createDeployRepository,
  createRemote,
  git,
  initialChartRevision,
  lineIndex,
  readValues,
  tag,
  valuesPath,
  writeFile,
} from './support/git-fixture.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const root = temporaryDirectory('bump');
let count = 0;
function freshRepository(apps = ['api']) {
  count += 1;
  return createDeployRepository(join(root, `repo-${count}`), apps);
}

describe('gitops bump', () => {
  it('sets image.tag by a commit that changes that one line, byte for byte', async () => {
    const repository = freshRepository();
    const before = readValues(repository, 'staging', 'api');

    const run = await runGitops(['bump', '--env', 'staging', '--app', 'api', '--tag', tag(2)], { cwd: repository });

    expect(run.exitCode, run.stderr).toBe(0);
    const after = readValues(repository, 'staging', 'api');
    expect(changedLines(before, after)).toEqual([
      { index: lineIndex(before, '  tag:'), before: `  tag: '${tag(1)}'`, after: `  tag: '${tag(2)}'` },
    ]);
    expect(git(repository, 'status', '--porcelain')).toBe('');
    expect(git(repository, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe(valuesPath('staging', 'api'));
  });

  it('writes a conventional commit naming app, environment, old → new tag and the source commit', async () => {
    const repository = freshRepository();
    await runGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', tag(3)], { cwd: repository });

    const message = git(repository, 'log', '-1', '--format=%B');
    expect(message.split('\n')[0]).toBe(`chore(deploy): bump api in dev ${tag(1).slice(0, 7)} → ${tag(3).slice(0, 7)}`);
    const chart = initialChartRevision(repository);
    expect(message).toContain(`- api in dev: image tag ${tag(1)} → ${tag(3)}; chart revision ${chart} (unchanged)`);
    expect(message).toContain(`Source commit: ${tag(3)}`);
    expect(message).toContain(`Gitops-Change: bump dev/api ${tag(1)} ${tag(3)} ${chart} ${chart}`);
  });

  it('makes no commit when the tag is already there', async () => {
    const repository = freshRepository();
    const head = git(repository, 'rev-parse', 'HEAD');

    const run = await runGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', tag(1)], { cwd: repository });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Nothing to commit');
    expect(git(repository, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('bumps several apps in one commit', async () => {
    const repository = freshRepository(['api', 'worker']);
    const run = await runGitops(['bump', '--env', 'dev', '--app', 'api,worker', '--tag', tag(4)], { cwd: repository });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(readValues(repository, 'dev', 'api')).toContain(`tag: '${tag(4)}'`);
    expect(readValues(repository, 'dev', 'worker')).toContain(`tag: '${tag(4)}'`);
    expect(git(repository, 'rev-list', '--count', 'HEAD').trim()).toBe('3');
  });

  it('resolves a short SHA of the repository to the full tag', async () => {
    const repository = freshRepository();
    const head = git(repository, 'rev-parse', 'HEAD').trim();
    const run = await runGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', head.slice(0, 8)], {
      cwd: repository,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readValues(repository, 'dev', 'api')).toContain(`tag: '${head}'`);
  });

  it('refuses a result the chart schema rejects, and commits nothing', async () => {
    const repository = freshRepository();
    writeFile(repository, valuesPath('dev', 'api'), readValues(repository, 'dev', 'api') + 'replicaCount: 0\n');
    git(repository, 'commit', '--quiet', '-am', 'a values file the schema rejects');
    const head = git(repository, 'rev-parse', 'HEAD');

    const run = await runGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', tag(5)], { cwd: repository });

    expect(run.exitCode).toBe(6);
    expect(run.stderr).toMatch(/fails deploy\/charts\/api\/values\.schema\.json[\s\S]*\/replicaCount must be >= 1/);
    expect(git(repository, 'rev-parse', 'HEAD')).toBe(head);
  });

  describe('--chart-revision', () => {
    /** A commit after the recorded chart revision that changes only `path`. */
    function commitChanging(repository: string, path: string): string {
      writeFile(repository, path, `${readFileSync(join(repository, path), 'utf8')}# changed\n`);
      git(repository, 'commit', '--quiet', '-am', `change ${path}`);
      return git(repository, 'rev-parse', 'HEAD').trim();
    }

    it("moves chart.revision, with the tag in one commit, when the app's chart changed since the recorded one", async () => {
      const repository = freshRepository(['api', 'worker']);
      const before = readValues(repository, 'dev', 'api');
      const release = commitChanging(repository, 'deploy/charts/api/values.yaml');

      const run = await runGitops(
        ['bump', '--env', 'dev', '--app', 'api,worker', '--tag', tag(2), '--chart-revision', release],
        { cwd: repository },
      );

      expect(run.exitCode, run.stderr).toBe(0);
      const chart = initialChartRevision(repository);
      expect(changedLines(before, readValues(repository, 'dev', 'api'))).toEqual([
        { index: lineIndex(before, '  tag:'), before: `  tag: '${tag(1)}'`, after: `  tag: '${tag(2)}'` },
        {
          index: lineIndex(before, '  revision:'),
          before: `  revision: '${chart}'`,
          after: `  revision: '${release}'`,
        },
      ]);
      // worker's chart did not change: its revision stays, only its tag moves.
      expect(readValues(repository, 'dev', 'worker')).toContain(`  revision: '${chart}'`);
      expect(readValues(repository, 'dev', 'worker')).toContain(`  tag: '${tag(2)}'`);
      expect(git(repository, 'rev-list', '--count', `${release}..HEAD`).trim()).toBe('1');
    });

    it('moves only chart.revision when given alone, and nothing when the chart did not change', async () => {
      const repository = freshRepository();
      const unrelated = commitChanging(repository, 'README.md');
      const head = git(repository, 'rev-parse', 'HEAD');
      const nothing = await runGitops(['bump', '--env', 'dev', '--app', 'api', '--chart-revision', unrelated], {
        cwd: repository,
      });
      expect(nothing.exitCode, nothing.stderr).toBe(0);
      expect(nothing.stdout).toContain('Nothing to commit');
      expect(git(repository, 'rev-parse', 'HEAD')).toBe(head);

      const release = commitChanging(repository, 'deploy/charts/api/Chart.yaml');
      const moved = await runGitops(['bump', '--env', 'dev', '--app', 'api', '--chart-revision', release], {
        cwd: repository,
      });
      expect(moved.exitCode, moved.stderr).toBe(0);
      expect(readValues(repository, 'dev', 'api')).toContain(`  revision: '${release}'`);
      expect(readValues(repository, 'dev', 'api')).toContain(`  tag: '${tag(1)}'`);
      expect(git(repository, 'log', '-1', '--format=%s')).toBe(
        `chore(deploy): bump api in dev chart ${initialChartRevision(repository).slice(0, 7)} → ${release.slice(0, 7)}\n`,
      );
    });

    it('refuses a bump without --tag or --chart-revision, and a values file without chart.revision', async () => {
      const repository = freshRepository();
      const neither = await runGitops(['bump', '--env', 'dev', '--app', 'api'], { cwd: repository });
      expect(neither.exitCode).toBe(2);
      expect(neither.stderr).toContain('--tag <sha>, --chart-revision <sha>, or both');

      writeFile(
        repository,
        valuesPath('dev', 'api'),
        readValues(repository, 'dev', 'api').replace(/^chart:\n {2}revision: .*\n/m, ''),
      );
      git(repository, 'commit', '--quiet', '-am', 'no chart revision');
      const run = await runGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', tag(5)], { cwd: repository });
      expect(run.exitCode).toBe(6);
      expect(run.stderr).toContain('has no chart.revision');
    });
  });

  it('refuses a values file without image.tag', async () => {
    const repository = freshRepository();
    writeFile(
      repository,
      valuesPath('dev', 'api'),
      readValues(repository, 'dev', 'api').replace(/^ {2}tag: .*\n/m, ''),
    );
    git(repository, 'commit', '--quiet', '-am', 'no tag');
    const run = await runGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', tag(5)], { cwd: repository });
    expect(run.exitCode).toBe(6);
    expect(run.stderr).toContain('has no image.tag');
  });

  it.each([
    [['--env', 'qa', '--app', 'api', '--tag', tag(2)], 2, 'Unknown environment "qa"'],
    [['--env', 'dev', '--app', 'billing', '--tag', tag(2)], 3, 'Unknown app "billing"'],
    [['--env', 'dev', '--app', 'api', '--tag', 'latest'], 2, '--tag must be a 40-character commit SHA'],
    [['--env', 'dev', '--app', '../api', '--tag', tag(2)], 2, 'is not an app name'],
    [['--env', 'dev', '--tag', tag(2)], 2, 'Missing --app'],
  ])('answers %j with exit code %i', async (args, exitCode, message) => {
    const repository = freshRepository();
    const run = await runGitops(['bump', ...args], { cwd: repository });
    expect(run.exitCode).toBe(exitCode);
    expect(run.stderr).toContain(message);
  });

  it('says so when the app is not deployed in that environment', async () => {
    const repository = freshRepository();
    git(repository, 'rm', '--quiet', valuesPath('prod', 'api'));
    git(repository, 'commit', '--quiet', '-m', 'api leaves prod');
    const run = await runGitops(['bump', '--env', 'prod', '--app', 'api', '--tag', tag(2)], { cwd: repository });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('deploy/values/prod/api.yaml does not exist');
  });

  it('refuses to run on a dirty working tree, outside git, or --push without a remote', async () => {
    const repository = freshRepository();
    const notGit = temporaryDirectory('not-git');
    expect((await runGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', tag(2)], { cwd: notGit })).exitCode).toBe(
      4,
    );

    const noRemote = await runGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', tag(2), '--push'], {
      cwd: repository,
    });
    expect(noRemote.exitCode).toBe(4);
    expect(noRemote.stderr).toContain('no git remote "origin"');

    writeFileSync(join(repository, 'README.md'), 'edited\n');
    const dirty = await runGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', tag(2)], { cwd: repository });
    expect(dirty.exitCode).toBe(4);
    expect(dirty.stderr).toContain('uncommitted changes (README.md)');
  });

  it('with --push, edits the remote head rather than a stale checkout, keeping changes made meanwhile', async () => {
    const seed = freshRepository();
    const remote = createRemote(join(root, `remote-${count}.git`), seed);
    const stale = clone(remote, join(root, `stale-${count}`));
    // Someone else changes the same values file (and another file) after our clone was made.
    const other = clone(remote, join(root, `other-${count}`));
    const edited = readValues(other, 'dev', 'api').replace('maxReplicas: 2', 'maxReplicas: 3 # raised meanwhile');
    writeFile(other, valuesPath('dev', 'api'), edited);
    writeFile(other, 'docs/notes.md', 'unrelated\n');
    git(other, 'add', '-A');
    git(other, 'commit', '--quiet', '-m', 'unrelated change');
    git(other, 'push', '--quiet');

    const output = join(root, `github-output-${count}`);
    writeFileSync(output, '');
    const run = await runGitops(
      ['bump', '--env', 'dev', '--app', 'api', '--tag', tag(7), '--push', '--github-output'],
      { cwd: stale, githubOutputFile: output },
    );

    expect(run.exitCode, run.stderr).toBe(0);
    const result = clone(remote, join(root, `result-${count}`));
    expect(changedLines(edited, readValues(result, 'dev', 'api'))).toEqual([
      { index: lineIndex(edited, '  tag:'), before: `  tag: '${tag(1)}'`, after: `  tag: '${tag(7)}'` },
    ]);
    expect(readFileSync(join(result, 'docs/notes.md'), 'utf8')).toBe('unrelated\n');
    // The stale checkout was fast-forwarded to the pushed commit, which the step outputs name.
    const pushed = git(result, 'rev-parse', 'HEAD').trim();
    expect(git(stale, 'rev-parse', 'HEAD').trim()).toBe(pushed);
    expect(readFileSync(output, 'utf8')).toBe(`changed=true\ncommit=${pushed}\nrevision=${pushed}\n`);
  });
});
