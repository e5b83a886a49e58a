// promote against real git repositories (a temporary bare remote and clones) and, for
// --require-healthy, a stand-in for the Kubernetes API, because no cluster can run on the build machines.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesClusterReader } from '../src/cluster/kubernetes-cluster-reader.ts';
import { argoApplication, deployment } from './support/argo-cd-objects.ts';
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
  withChartRevision,
} from './support/git-fixture.ts';
import { KubernetesApiStandIn } from './support/kubernetes-api-stand-in.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const root = temporaryDirectory('promote');
let count = 0;

/** The chart revision dev runs in repositoryWithDevAhead: a commit that changed every chart. */
const devChart = (repository: string) => git(repository, 'rev-parse', 'HEAD~1').trim();

/**
 * A repository where dev runs tag(2) and a newer chart (a commit that changed the charts) for every app,
 * staging and prod tag(1) and the first chart revision.
 */
function repositoryWithDevAhead(apps = ['api']) {
  count += 1;
  const repository = createDeployRepository(join(root, `repo-${count}`), apps);
  for (const app of apps) {
    const chart = join(repository, `deploy/charts/${app}/values.yaml`);
    writeFileSync(chart, `${readFileSync(chart, 'utf8')}# a chart change\n`);
  }
  git(repository, 'commit', '--quiet', '-am', 'charts change');
  const chartRevision = git(repository, 'rev-parse', 'HEAD').trim();
  for (const app of apps) {
    const path = join(repository, valuesPath('dev', app));
    writeFileSync(path, withChartRevision(readFileSync(path, 'utf8').replace(tag(1), tag(2)), chartRevision));
  }
  git(repository, 'commit', '--quiet', '-am', 'dev runs tag 2 and the new chart');
  return repository;
}

const apiServer = new KubernetesApiStandIn();
beforeAll(() => apiServer.start());
afterAll(() => apiServer.stop());

describe('gitops promote', () => {
  it('copies the unit, image tag and chart revision, and nothing else from dev to staging, by one commit', async () => {
    const repository = repositoryWithDevAhead();
    const before = readValues(repository, 'staging', 'api');
    const [oldChart, newChart] = [initialChartRevision(repository), devChart(repository)];

    const run = await runGitops(['promote', '--from', 'dev', '--to', 'staging', '--app', 'api'], { cwd: repository });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(changedLines(before, readValues(repository, 'staging', 'api'))).toEqual([
      { index: lineIndex(before, '  tag:'), before: `  tag: '${tag(1)}'`, after: `  tag: '${tag(2)}'` },
      {
        index: lineIndex(before, '  revision:'),
        before: `  revision: '${oldChart}'`,
        after: `  revision: '${newChart}'`,
      },
    ]);
    const message = git(repository, 'log', '-1', '--format=%B');
    expect(message.split('\n')[0]).toBe(
      `chore(deploy): promote api from dev to staging ${tag(1).slice(0, 7)} → ${tag(2).slice(0, 7)}, chart ${oldChart.slice(0, 7)} → ${newChart.slice(0, 7)}`,
    );
    expect(message).toContain(
      `- api in staging: image tag ${tag(1)} → ${tag(2)}; chart revision ${oldChart} → ${newChart}`,
    );
    expect(message).toContain(`Gitops-Change: promote staging/api ${tag(1)} ${tag(2)} ${oldChart} ${newChart}`);
  });

  it('refuses a unit whose chart schema rejects the target values, committing nothing (exit code 6)', async () => {
    const repository = repositoryWithDevAhead();
    const schema = join(repository, 'deploy/charts/api/values.schema.json');
    const strict = JSON.parse(readFileSync(schema, 'utf8')) as {
      required?: string[];
      properties: Record<string, unknown>;
    };
    strict.properties.onlyInTheNewChart = { type: 'boolean' };
    strict.required = [...(strict.required ?? []), 'onlyInTheNewChart'];
    writeFileSync(schema, JSON.stringify(strict));
    git(repository, 'commit', '--quiet', '-am', 'a chart whose schema needs a new value');
    const path = join(repository, valuesPath('dev', 'api'));
    writeFileSync(path, withChartRevision(readFileSync(path, 'utf8'), git(repository, 'rev-parse', 'HEAD').trim()));
    writeFileSync(path, `${readFileSync(path, 'utf8')}onlyInTheNewChart: true\n`);
    git(repository, 'commit', '--quiet', '-am', 'dev renders it');
    const head = git(repository, 'rev-parse', 'HEAD');

    const run = await runGitops(['promote', '--from', 'dev', '--to', 'staging', '--app', 'api'], { cwd: repository });

    expect(run.exitCode).toBe(6);
    expect(run.stderr).toContain('deploy/values/staging/api.yaml merged with deploy/charts/api/values.yaml at');
    expect(git(repository, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('promotes --all in one commit, skipping apps the next environment does not run', async () => {
    const repository = repositoryWithDevAhead(['api', 'search', 'sweeper']);
    git(repository, 'rm', '--quiet', valuesPath('staging', 'sweeper'));
    git(repository, 'commit', '--quiet', '-m', 'sweeper is not in staging yet');
    const head = git(repository, 'rev-parse', 'HEAD').trim();

    const run = await runGitops(['promote', '--from', 'dev', '--to', 'staging', '--all'], { cwd: repository });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain('Skipping sweeper: it has no values file in staging');
    expect(git(repository, 'rev-parse', 'HEAD~1').trim()).toBe(head);
    expect(git(repository, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n')).toEqual([
      valuesPath('staging', 'api'),
      valuesPath('staging', 'search'),
    ]);
  });

  it('makes no commit when the next environment already runs the tags', async () => {
    const repository = repositoryWithDevAhead();
    await runGitops(['promote', '--from', 'dev', '--to', 'staging', '--app', 'api'], { cwd: repository });
    const head = git(repository, 'rev-parse', 'HEAD');
    const again = await runGitops(['promote', '--from', 'dev', '--to', 'staging', '--app', 'api'], { cwd: repository });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('Nothing to commit');
    expect(git(repository, 'rev-parse', 'HEAD')).toBe(head);
  });

  it.each([
    [['--from', 'dev', '--to', 'prod', '--app', 'api'], 2, 'promotion goes one step at a time'],
    [['--from', 'staging', '--to', 'dev', '--app', 'api'], 2, 'promotion goes one step at a time'],
    [['--from', 'dev', '--to', 'staging'], 2, 'Say which apps'],
    [['--from', 'dev', '--to', 'staging', '--app', 'api', '--all'], 2, 'Say which apps'],
    [['--from', 'dev', '--to', 'staging', '--app', 'billing'], 3, 'Unknown app "billing"'],
    [
      ['--from', 'dev', '--to', 'staging', '--app', 'api', '--push', '--pr-branch', 'x'],
      2,
      'Use either --push or --pr-branch',
    ],
    [['--from', 'dev', '--to', 'staging', '--app', 'api', '--pr-branch', 'x'], 4, 'no git remote "origin"'],
  ])('answers %j with exit code %i', async (args, exitCode, message) => {
    const repository = repositoryWithDevAhead();
    const run = await runGitops(['promote', ...args], { cwd: repository });
    expect(run.exitCode).toBe(exitCode);
    expect(run.stderr).toContain(message);
  });

  it('with --pr-branch, pushes a new branch made from the remote main for a pull request', async () => {
    const seed = repositoryWithDevAhead();
    // staging already runs tag 2; prod is next.
    await runGitops(['promote', '--from', 'dev', '--to', 'staging', '--app', 'api'], { cwd: seed });
    const remote = createRemote(join(root, `remote-${count}.git`), seed);
    const work = clone(remote, join(root, `work-${count}`));
    const main = git(work, 'rev-parse', 'HEAD').trim();
    const output = join(root, `output-${count}`);
    writeFileSync(output, '');

    const run = await runGitops(
      [
        'promote',
        '--from',
        'staging',
        '--to',
        'prod',
        '--app',
        'api',
        '--pr-branch',
        'promote/prod-1',
        '--github-output',
      ],
      { cwd: work, githubOutputFile: output },
    );

    expect(run.exitCode, run.stderr).toBe(0);
    expect(git(work, 'ls-remote', 'origin', 'refs/heads/main').split('\t')[0]).toBe(main);
    const branch = git(work, 'ls-remote', 'origin', 'refs/heads/promote/prod-1').split('\t')[0]!;
    expect(git(work, 'rev-parse', `${branch}^`).trim()).toBe(main);
    expect(git(work, 'show', `${branch}:${valuesPath('prod', 'api')}`)).toContain(`tag: '${tag(2)}'`);
    expect(git(work, 'rev-parse', 'HEAD').trim()).toBe(main);
    expect(readFileSync(output, 'utf8')).toBe(
      `changed=true\ncommit=${branch}\nrevision=${branch}\nbranch=promote/prod-1\n`,
    );

    const again = await runGitops(
      ['promote', '--from', 'staging', '--to', 'prod', '--app', 'api', '--pr-branch', 'promote/prod-1'],
      { cwd: work },
    );
    expect(again.exitCode).toBe(4);
    expect(again.stderr).toContain('already has a branch promote/prod-1');
  });

  describe('--require-healthy --via cluster', () => {
    const promoteChecked = (repository: string, token?: string) =>
      runGitops(
        ['promote', '--from', 'dev', '--to', 'staging', '--app', 'api', '--require-healthy', '--via', 'cluster'],
        {
          cwd: repository,
          cluster: new KubernetesClusterReader(apiServer.kubeConfig(token)),
        },
      );
    const devRuns = (health: 'Healthy' | 'Degraded', liveTag: string, chartRevision: string) => {
      apiServer.apply(
        'applications',
        argoApplication({
          app: 'api',
          environment: 'dev',
          sync: 'Synced',
          revision: 'ab'.repeat(20),
          chartRevision,
          health,
          imageTag: liveTag,
          operation: { phase: 'Succeeded', revision: 'ab'.repeat(20) },
        }),
      );
      apiServer.apply('deployments', deployment('api', 'dev', liveTag));
    };

    it('promotes a unit that runs Synced and Healthy in the source environment', async () => {
      const repository = repositoryWithDevAhead();
      devRuns('Healthy', tag(2), devChart(repository));
      const run = await promoteChecked(repository);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(readValues(repository, 'staging', 'api')).toContain(tag(2));
    });

    it('refuses a tag that is Degraded, or not the one running, and commits nothing (exit code 8)', async () => {
      const repository = repositoryWithDevAhead();
      const head = git(repository, 'rev-parse', 'HEAD');
      devRuns('Degraded', tag(2), devChart(repository));
      const degraded = await promoteChecked(repository);
      expect(degraded.exitCode).toBe(8);
      expect(degraded.stderr).toContain('api-dev: health is Degraded');

      devRuns('Healthy', tag(9), devChart(repository));
      const other = await promoteChecked(repository);
      expect(other.exitCode).toBe(8);
      expect(other.stderr).toContain(
        `runs 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:${tag(9)}, not tag ${tag(2).slice(0, 7)}`,
      );

      devRuns('Healthy', tag(2), initialChartRevision(repository));
      const olderChart = await promoteChecked(repository);
      expect(olderChart.exitCode).toBe(8);
      expect(olderChart.stderr).toContain(
        `renders chart ${initialChartRevision(repository).slice(0, 7)}, not ${devChart(repository).slice(0, 7)}`,
      );

      apiServer.remove('applications', 'argocd', 'api-dev');
      const missing = await promoteChecked(repository);
      expect(missing.exitCode).toBe(8);
      expect(missing.stderr).toContain('api-dev: no such Application');
      expect(git(repository, 'rev-parse', 'HEAD')).toBe(head);
    });

    it('exits 7 when the cluster cannot be read', async () => {
      const run = await promoteChecked(repositoryWithDevAhead(), 'wrong');
      expect(run.exitCode).toBe(7);
    });
  });
});
