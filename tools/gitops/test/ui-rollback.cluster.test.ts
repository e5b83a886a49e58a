// The rollback procedure of deploy/README.md end to end, against real git repositories (a temporary
// bare remote, clones, a pull request branch merged by squash with its own message) and the Kubernetes
// API stand-in (test/support/kubernetes-api-stand-in.ts) serving prod's Argo CD Application. What the
// Argo CD UI and the ApplicationSet controller do is modelled on the stand-in's objects
// (test/support/application-set-stand-in.ts): no Argo CD can run on the build machines.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubernetesClusterReader } from '../src/cluster/kubernetes-cluster-reader.ts';
import { argoApplication, deployment, templateSyncPolicy } from './support/argo-cd-objects.ts';
import { reconcileFromApplicationSet, templateAutomated } from './support/application-set-stand-in.ts';
import { clone, createDeployRepository, createRemote, git, tag, valuesPath } from './support/git-fixture.ts';
import { type KubeObject, KubernetesApiStandIn } from './support/kubernetes-api-stand-in.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const root = temporaryDirectory('ui-rollback');
const apiServer = new KubernetesApiStandIn();
beforeAll(() => apiServer.start());
afterAll(() => apiServer.stop());

/** The parts of the stand-in's Application object this test changes. */
type Application = KubeObject & {
  spec: { syncPolicy: Record<string, unknown> & { automated?: unknown } };
  status: {
    sync: { status: string; revisions: string[] };
    operationState: { syncResult: { revisions: string[] } };
  };
};

interface StatusRow {
  environment: string;
  gitTag: string;
  gitChartRevision: string;
  liveTag: string;
  liveChartRevision: string;
  liveMatchesGit: boolean;
  liveChartMatchesGit: boolean;
  sync: string;
  syncPolicy: { autoSyncOff: boolean; differences: string[] };
}

describe('a UI rollback in Argo CD, then gitops rollback, then auto-sync back on', () => {
  it('leaves git, the Application and its sync policy consistent, and re-enabling restores prune and selfHeal', async () => {
    // prod ran unit 1, 2, then 3 (image tag n, chart revision after chart change n); each a commit.
    const seed = createDeployRepository(join(root, 'seed'), ['api']);
    const values: Record<number, string> = { 1: git(seed, 'rev-parse', 'HEAD').trim() };
    const charts: Record<number, string> = { 1: git(seed, 'rev-parse', 'HEAD~1').trim() };
    for (const n of [2, 3]) {
      const chart = join(seed, 'deploy/charts/api/values.yaml');
      writeFileSync(chart, `${readFileSync(chart, 'utf8')}# chart change ${n}\n`);
      git(seed, 'commit', '--quiet', '-am', `chart change ${n}`);
      charts[n] = git(seed, 'rev-parse', 'HEAD').trim();
      const bump = await runGitops(
        ['bump', '--env', 'prod', '--app', 'api', '--tag', tag(n), '--chart-revision', charts[n]!],
        { cwd: seed },
      );
      expect(bump.exitCode, bump.stderr).toBe(0);
      values[n] = git(seed, 'rev-parse', 'HEAD').trim();
    }
    const remote = createRemote(join(root, 'remote.git'), seed);
    const work = clone(remote, join(root, 'work'));
    const cluster = new KubernetesClusterReader(apiServer.kubeConfig());
    const status = async () => {
      const run = await runGitops(['status', '--env', 'prod', '--json'], { cwd: work, cluster });
      expect(run.exitCode, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as StatusRow[])[0]!;
    };
    const live = () => apiServer.get('applications', 'argocd', 'api-prod') as Application;

    // Unit 3 runs, as the ApplicationSet generated it.
    apiServer.apply(
      'applications',
      argoApplication({
        app: 'api',
        environment: 'prod',
        sync: 'Synced',
        revision: values[3]!,
        chartRevision: charts[3],
        health: 'Healthy',
        operation: { phase: 'Succeeded', revision: values[3]! },
        imageTag: tag(3),
      }),
    );
    apiServer.apply('deployments', deployment('api', 'prod', tag(3)));
    expect(await status()).toMatchObject({ liveMatchesGit: true, liveChartMatchesGit: true });

    // 1. History and Rollback in the UI to unit 2's history entry: Argo CD sets automated.enabled to
    //    false and syncs the entry's revisions (chart at charts[2], values at values[2]).
    const policy = templateSyncPolicy('prod') as { automated: Record<string, unknown> };
    const rolledBack = argoApplication({
      app: 'api',
      environment: 'prod',
      sync: 'OutOfSync',
      revision: values[3]!,
      chartRevision: charts[3],
      health: 'Healthy',
      operation: { phase: 'Succeeded', revision: values[2]! },
      imageTag: tag(2),
      syncPolicy: { ...policy, automated: { ...policy.automated, enabled: false } },
    }) as Application;
    rolledBack.status.operationState.syncResult.revisions = [charts[2]!, values[2]!];
    apiServer.apply('applications', rolledBack);
    apiServer.apply('deployments', deployment('api', 'prod', tag(2)));
    expect(await status()).toMatchObject({
      liveTag: tag(2),
      liveChartRevision: charts[2],
      liveMatchesGit: false,
      liveChartMatchesGit: false,
      syncPolicy: { autoSyncOff: true, differences: [] },
    });

    // 2. gitops rollback to the same deployment (the values revision of the history entry), by pull request.
    const proposed = await runGitops(
      ['rollback', '--env', 'prod', '--app', 'api', '--to', values[2]!, '--pr-branch', 'rollback/prod-api'],
      { cwd: work },
    );
    expect(proposed.exitCode, proposed.stderr).toBe(0);

    // 3. The pull request is squash-merged, with a message of the reviewer's own.
    git(work, 'fetch', '--quiet', 'origin');
    git(work, 'merge', '--quiet', '--squash', 'origin/rollback/prod-api');
    git(work, 'commit', '--quiet', '-m', 'Roll prod back (#42)');
    git(work, 'push', '--quiet', 'origin', 'main');
    const merged = git(work, 'rev-parse', 'HEAD').trim();

    // The ApplicationSet follows git: the chart source moves to charts[2]; auto-sync stays off (the
    // one ignored field). What runs is what git says: Argo CD compares Synced.
    const followed = reconcileFromApplicationSet(live(), work, 'prod', 'api') as Application;
    followed.status.sync = { ...followed.status.sync, status: 'Synced', revisions: [charts[2]!, merged] };
    apiServer.apply('applications', followed);

    // 4. No difference between the Application and git, except that auto-sync is off.
    expect(await status()).toMatchObject({
      gitTag: tag(2),
      gitChartRevision: charts[2],
      liveMatchesGit: true,
      liveChartMatchesGit: true,
      sync: 'Synced',
      syncPolicy: { autoSyncOff: true, differences: [] },
    });

    // 5. Auto-sync back on in the UI — as Argo CD 3.2 did it, losing prune and selfHeal — is flagged…
    const reenabled = live();
    reenabled.spec.syncPolicy.automated = { enabled: true, prune: false, selfHeal: false };
    apiServer.apply('applications', reenabled);
    expect((await status()).syncPolicy).toEqual({
      autoSyncOff: false,
      differences: ['/automated/prune', '/automated/selfHeal'],
    });

    // 6. …and the ApplicationSet puts the template's policy back: prune and selfHeal on.
    apiServer.apply('applications', reconcileFromApplicationSet(live(), work, 'prod', 'api'));
    expect((await status()).syncPolicy).toEqual({ autoSyncOff: false, differences: [] });
    expect(live().spec.syncPolicy.automated).toEqual(templateAutomated('prod'));

    // The next rollback goes further back (unit 1), not forward to the bad unit 3, whatever the
    // squash-merge's message said.
    const next = await runGitops(['rollback', '--env', 'prod', '--app', 'api', '--pr-branch', 'rollback/prod-api-2'], {
      cwd: work,
    });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(git(work, 'show', `origin/rollback/prod-api-2:${valuesPath('prod', 'api')}`)).toContain(
      `  revision: '${charts[1]}'`,
    );
  });
});
