// `gitops status` against a stand-in for the Kubernetes API (test/support/kubernetes-api-stand-in.ts):
// no cluster can run on the build machines, so an in-process HTTP server on 127.0.0.1 serves Argo CD
// Applications, Deployments and CronJobs to the real @kubernetes/client-node.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesClusterReader } from '../src/cluster/kubernetes-cluster-reader.ts';
import { argoApplication, cronJob, deployment, registry } from './support/argo-cd-objects.ts';
import { createDeployRepository, tag } from './support/git-fixture.ts';
import { KubernetesApiStandIn } from './support/kubernetes-api-stand-in.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const apiServer = new KubernetesApiStandIn();
const repository = createDeployRepository(join(temporaryDirectory('status'), 'repo'), ['api', 'sweeper'], tag(1));
const synced = 'cafe'.repeat(10);
const newer = 'd00d'.repeat(10);

beforeAll(async () => {
  await apiServer.start();
  // The dev cluster: dev and staging. api-dev runs the tag in git; api-staging is rolling out a newer
  // commit; the sweeper (a CronJob) is Degraded in dev and missing in staging.
  apiServer.apply(
    'applications',
    argoApplication({
      app: 'api',
      environment: 'dev',
      sync: 'Synced',
      revision: synced,
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
      health: 'Progressing',
      operation: { phase: 'Running', revision: newer },
      imageTag: tag(0),
    }),
  );
  apiServer.apply('deployments', deployment('api', 'staging', tag(0)));
  apiServer.apply(
    'applications',
    argoApplication({
      app: 'sweeper',
      environment: 'dev',
      sync: 'Synced',
      revision: synced,
      health: 'Degraded',
      workloadKind: 'CronJob',
    }),
  );
  apiServer.apply('cronjobs', cronJob('sweeper', 'dev', tag(1)));
});
afterAll(() => apiServer.stop());

const status = (...args: string[]) =>
  runGitops(['status', ...args], { cwd: repository, cluster: new KubernetesClusterReader(apiServer.kubeConfig()) });

describe('gitops status', () => {
  it('prints a table per app × environment from git and the cluster', async () => {
    const result = await status('--env', 'dev', '--env', 'staging');
    expect(result.exitCode, result.stderr).toBe(0);
    const [cluster, header, ...rows] = result.stdout.split('\n');
    expect(cluster).toBe(`Cluster: stand-in (${apiServer.url})`);
    expect(header!.split(/\s{2,}/)).toEqual([
      'APP',
      'ENV',
      'GIT TAG',
      'SYNC',
      'HEALTH',
      'OPERATION',
      'SYNCED REVISION',
      'LIVE IMAGE',
      'LIVE = GIT',
    ]);
    expect(rows.map((row) => row.split(/\s{2,}/))).toEqual([
      [
        'api',
        'dev',
        tag(1).slice(0, 12),
        'Synced',
        'Healthy',
        'Succeeded',
        synced.slice(0, 12),
        `${registry}/api:${tag(1)}`,
        'yes',
      ],
      [
        'sweeper',
        'dev',
        tag(1).slice(0, 12),
        'Synced',
        'Degraded',
        '-',
        synced.slice(0, 12),
        `${registry}/sweeper:${tag(1)}`,
        'yes',
      ],
      [
        'api',
        'staging',
        tag(1).slice(0, 12),
        'OutOfSync',
        'Progressing',
        'Running',
        newer.slice(0, 12),
        `${registry}/api:${tag(0)}`,
        'NO',
      ],
      ['sweeper', 'staging', tag(1).slice(0, 12), 'not on this cluster', '-', '-', '-', '-', '-'],
    ]);
  });

  it('gives the same as JSON for scripts, and marks environments of the other cluster', async () => {
    const result = await status('--json', '--app', 'api');
    expect(result.exitCode, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => [row.environment, row.found])).toEqual([
      ['dev', true],
      ['staging', true],
      ['prod', false],
    ]);
    expect(rows[0]).toEqual({
      app: 'api',
      environment: 'dev',
      gitTag: tag(1),
      application: 'api-dev',
      found: true,
      sync: 'Synced',
      health: 'Healthy',
      operation: 'Succeeded',
      syncedRevision: synced,
      liveImage: `${registry}/api:${tag(1)}`,
      liveTag: tag(1),
      liveMatchesGit: true,
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
