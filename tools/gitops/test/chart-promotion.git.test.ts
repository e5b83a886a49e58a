// A chart change travels like an image (issue 11, done-when 1): it lands in dev only, promotion moves
// chart and image together to staging, then by pull request to prod, and `status` shows each
// environment's unit and which differ. Real git (a temporary bare remote and clones) and, for status,
// the Kubernetes API stand-in serving Applications that run what git says (no cluster can run here).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesClusterReader } from '../src/cluster/kubernetes-cluster-reader.ts';
import type { Environment } from '../src/environments.ts';
import { argoApplication, deployment } from './support/argo-cd-objects.ts';
import {
  clone,
  createDeployRepository,
  createRemote,
  git,
  initialChartRevision,
  tag,
  valuesPath,
} from './support/git-fixture.ts';
import { KubernetesApiStandIn } from './support/kubernetes-api-stand-in.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const root = temporaryDirectory('chart-promotion');
const apiServer = new KubernetesApiStandIn();
beforeAll(() => apiServer.start());
afterAll(() => apiServer.stop());

const unitIn = (repository: string, environment: Environment, app: string) => {
  const text = git(repository, 'show', `HEAD:${valuesPath(environment, app)}`);
  return {
    tag: / {2}tag: '([0-9a-f]{40})'/.exec(text)?.[1],
    chartRevision: / {2}revision: '([0-9a-f]{40})'/.exec(text)?.[1],
  };
};

describe('a chart change, promoted like an image', () => {
  it('lands in dev only, then moves with the image to staging, then by pull request to prod', async () => {
    const seed = createDeployRepository(join(root, 'seed'), ['api', 'worker']);
    const first = initialChartRevision(seed);
    const remote = createRemote(join(root, 'remote.git'), seed);
    const work = clone(remote, join(root, 'work'));

    // A merge to main changes a default of api's chart (worker's chart stays as it was).
    const chart = join(work, 'deploy/charts/api/values.yaml');
    writeFileSync(chart, `${readFileSync(chart, 'utf8')}# a new default would go here\n`);
    git(work, 'commit', '--quiet', '-am', 'api chart: a change of its defaults');
    git(work, 'push', '--quiet', 'origin', 'main');
    const merge = git(work, 'rev-parse', 'HEAD').trim();

    // The release bumps dev for both apps, as release.yml does: the tag for new images, the chart
    // revision for every app it bumps — which moves only where the chart changed.
    const release = await runGitops(
      ['bump', '--env', 'dev', '--app', 'api,worker', '--tag', merge, '--chart-revision', merge, '--push'],
      { cwd: work },
    );
    expect(release.exitCode, release.stderr).toBe(0);
    expect(unitIn(work, 'dev', 'api')).toEqual({ tag: merge, chartRevision: merge });
    expect(unitIn(work, 'dev', 'worker')).toEqual({ tag: merge, chartRevision: first });
    for (const environment of ['staging', 'prod'] as const) {
      expect(unitIn(work, environment, 'api')).toEqual({ tag: tag(1), chartRevision: first });
    }

    // status: dev runs the new unit, staging and prod the old one; staging differs from dev in both.
    const runs = (environment: Environment) => {
      const unit = unitIn(work, environment, 'api');
      const head = git(work, 'rev-parse', 'HEAD').trim();
      apiServer.apply(
        'applications',
        argoApplication({
          app: 'api',
          environment,
          sync: 'Synced',
          revision: head,
          chartRevision: unit.chartRevision,
          health: 'Healthy',
          operation: { phase: 'Succeeded', revision: head },
          imageTag: unit.tag,
        }),
      );
      apiServer.apply('deployments', deployment('api', environment, unit.tag!));
    };
    const status = async () => {
      const run = await runGitops(['status', '--app', 'api', '--json'], {
        cwd: work,
        cluster: new KubernetesClusterReader(apiServer.kubeConfig()),
      });
      expect(run.exitCode, run.stderr).toBe(0);
      return (
        JSON.parse(run.stdout) as {
          environment: string;
          gitChartRevision: string;
          liveChartMatchesGit: boolean;
          previousEnvironment?: { differs: string[] };
        }[]
      ).map((row) => [
        row.environment,
        row.gitChartRevision,
        row.liveChartMatchesGit,
        row.previousEnvironment?.differs,
      ]);
    };
    runs('dev');
    runs('staging');
    expect(await status()).toEqual([
      ['dev', merge, true, undefined],
      ['staging', first, true, ['image', 'chart']],
      ['prod', first, false, []], // prod's Application is on the other cluster
    ]);

    // Promotion to staging moves both, in one commit.
    const toStaging = await runGitops(['promote', '--from', 'dev', '--to', 'staging', '--app', 'api', '--push'], {
      cwd: work,
    });
    expect(toStaging.exitCode, toStaging.stderr).toBe(0);
    expect(unitIn(work, 'staging', 'api')).toEqual({ tag: merge, chartRevision: merge });
    expect(git(work, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe(valuesPath('staging', 'api'));
    runs('staging');
    expect((await status())[1]).toEqual(['staging', merge, true, []]);

    // To prod by a pull request branch; its merge is the prod deployment.
    const toProd = await runGitops(
      ['promote', '--from', 'staging', '--to', 'prod', '--app', 'api', '--pr-branch', 'promote/prod-api'],
      { cwd: work },
    );
    expect(toProd.exitCode, toProd.stderr).toBe(0);
    expect(unitIn(work, 'prod', 'api')).toEqual({ tag: tag(1), chartRevision: first });
    git(work, 'fetch', '--quiet', 'origin');
    git(work, 'merge', '--quiet', '--ff-only', 'origin/promote/prod-api');
    git(work, 'push', '--quiet', 'origin', 'main');
    expect(unitIn(work, 'prod', 'api')).toEqual({ tag: merge, chartRevision: merge });
    expect((await status())[2]).toEqual(['prod', merge, false, []]);
  });
});
