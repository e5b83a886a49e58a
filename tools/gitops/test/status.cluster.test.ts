// `gitops status` against a stand-in for the Kubernetes API (test/support/kubernetes-api-stand-in.ts):
// no cluster can run on the build machines, so an in-process HTTP server on 127.0.0.1 serves Argo CD
// Applications, Deployments and CronJobs to the real @kubernetes/client-node.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesClusterReader } from '../src/cluster/kubernetes-cluster-reader.ts';
import { argoApplication, cronJob, deployment, registry, templateSyncPolicy } from './support/argo-cd-objects.ts';
import { createDeployRepository, git, initialChartRevision, tag, valuesPath } from './support/git-fixture.ts';
import { KubernetesApiStandIn } from './support/kubernetes-api-stand-in.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const apiServer = new KubernetesApiStandIn();
const repository = createDeployRepository(join(temporaryDirectory('status'), 'repo'), ['api', 'sweeper'], tag(1));
const chart = initialChartRevision(repository);
const olderChart = 'a1d'.repeat(13) + 'a';
const synced = 'cafe'.repeat(10);
const newer = 'd00d'.repeat(10);

// staging runs another unit than dev for api in git: a newer image tag.
{
  const path = join(repository, valuesPath('staging', 'api'));
  writeFileSync(path, readFileSync(path, 'utf8').replace(`tag: '${tag(1)}'`, `tag: '${tag(2)}'`));
  git(repository, 'commit', '--quiet', '-am', 'staging runs tag 2');
}

beforeAll(async () => {
  await apiServer.start();
  // The dev cluster: dev and staging. api-dev runs the unit in git; api-staging is rolling out a newer
  // commit and still runs an older image and chart; the sweeper (a CronJob) is Degraded in dev, with
  // auto-sync switched off and prune off (after a UI rollback and a re-enable that lost prune), and is
  // missing in staging.
  apiServer.apply(
    'applications',
    argoApplication({
      app: 'api',
      environment: 'dev',
      sync: 'Synced',
      revision: synced,
      chartRevision: chart,
      health: 'Healthy',
      operation: { phase: 'Succeeded', revision: synced },
      imageTag: tag(1),
    }),
  );
  apiServer.apply('deployments', deployment('api', 'dev', tag(1)));
  apiServer.apply(
    'applications',
    argoApplication({
      app: 'api',
      environment: 'staging',
      sync: 'OutOfSync',
      revision: newer,
      chartRevision: olderChart,
      health: 'Progressing',
      operation: { phase: 'Running', revision: newer },
      imageTag: tag(0),
    }),
  );
  apiServer.apply('deployments', deployment('api', 'staging', tag(0)));
  const policy = templateSyncPolicy('dev') as { automated: Record<string, unknown> };
  apiServer.apply(
    'applications',
    argoApplication({
      app: 'sweeper',
      environment: 'dev',
      sync: 'Synced',
      revision: synced,
      chartRevision: chart,
      health: 'Degraded',
      workloadKind: 'CronJob',
      syncPolicy: { ...policy, automated: { ...policy.automated, enabled: false, prune: false } },
    }),
  );
  apiServer.apply('cronjobs', cronJob('sweeper', 'dev', tag(1)));
});
afterAll(() => apiServer.stop());

const status = (...args: string[]) =>
  runGitops(['status', ...args], { cwd: repository, cluster: new KubernetesClusterReader(apiServer.kubeConfig()) });

describe('gitops status', () => {
  it('prints a table per app × environment: the unit in git and live, what differs, the sync policy', async () => {
    const result = await status('--env', 'dev', '--env', 'staging');
    expect(result.exitCode, result.stderr).toBe(0);
    const [cluster, header, ...rows] = result.stdout.split('\n');
    expect(cluster).toBe(`Cluster: stand-in (${apiServer.url})`);
    expect(header!.split(/\s{2,}/)).toEqual([
      'APP',
      'ENV',
      'GIT TAG',
      'GIT CHART',
      'VS PREVIOUS',
      'SYNC',
      'HEALTH',
      'OPERATION',
      'SYNCED REVISION',
      'LIVE IMAGE',
      'LIVE CHART',
      'LIVE = GIT',
      'SYNC POLICY',
    ]);
    const short = (sha: string) => sha.slice(0, 12);
    expect(rows.map((row) => row.split(/\s{2,}/))).toEqual(
      [
        [
          'api',
          'dev',
          short(tag(1)),
          short(chart),
          '-',
          'Synced',
          'Healthy',
          'Succeeded',
          short(synced),
          `${registry}/api:${tag(1)}`,
          short(chart),
          'yes',
          'as in git',
        ],
        [
          'sweeper',
          'dev',
          short(tag(1)),
          short(chart),
          '-',
          'Synced',
          'Degraded',
          '-',
          short(synced),
          `${registry}/sweeper:${tag(1)}`,
          short(chart),
          'yes',
          'AUTO-SYNC OFF, DIFFERS',
        ],
        [
          'api',
          'staging',
          short(tag(2)),
          short(chart),
          'dev ≠ (image)',
          'OutOfSync',
          'Progressing',
          'Running',
          short(newer),
          `${registry}/api:${tag(0)}`,
          short(olderChart),
          'NO (image, chart)',
          'as in git',
        ],
        [
          'sweeper',
          'staging',
          short(tag(1)),
          short(chart),
          'same as dev',
          'not on this cluster',
          '-',
          '-',
          '-',
          '-',
          '-',
          '-',
          '-',
        ],
        'sweeper-dev: auto-sync is off (after a UI rollback: realign git first, then switch it on); spec.syncPolicy differs from the ApplicationSet template at /automated/prune',
      ].map((row) => (typeof row === 'string' ? [row] : row)),
    );
  });

  it('gives the same as JSON for scripts, and marks environments of the other cluster', async () => {
    const result = await status('--json', '--app', 'api');
    expect(result.exitCode, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => [row.environment, row.found, row.previousEnvironment])).toEqual([
      ['dev', true, undefined],
      ['staging', true, { environment: 'dev', differs: ['image'] }],
      ['prod', false, { environment: 'staging', differs: ['image'] }],
    ]);
    expect(rows[0]).toEqual({
      app: 'api',
      environment: 'dev',
      gitTag: tag(1),
      gitChartRevision: chart,
      application: 'api-dev',
      found: true,
      sync: 'Synced',
      health: 'Healthy',
      operation: 'Succeeded',
      syncedRevision: synced,
      liveImage: `${registry}/api:${tag(1)}`,
      liveTag: tag(1),
      liveMatchesGit: true,
      liveChartRevision: chart,
      liveChartMatchesGit: true,
      syncPolicy: { autoSyncOff: false, differences: [] },
    });
  });

  it('exits 7 when the cluster refuses the credentials', async () => {
    const result = await runGitops(['status'], {
      cwd: repository,
      cluster: new KubernetesClusterReader(apiServer.kubeConfig('expired')),
    });
    expect(result.exitCode).toBe(7);
    expect(result.stderr).toContain('refused to let you read');
  });

  it('exits 7 without any cluster access, and 2 for an unknown environment', async () => {
    expect((await runGitops(['status'], { cwd: repository })).exitCode).toBe(7);
    expect((await status('--env', 'qa')).exitCode).toBe(2);
  });
});
