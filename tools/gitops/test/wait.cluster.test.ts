// `gitops wait` against a stand-in for the Kubernetes API (test/support/kubernetes-api-stand-in.ts):
// no cluster can run on the build machines, so an in-process HTTP server on 127.0.0.1 serves the
// Application objects and their watch streams to the real @kubernetes/client-node.
import { EventEmitter, once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KubernetesClusterReader } from '../src/cluster/kubernetes-cluster-reader.ts';
import { argoApplication, type ApplicationState } from './support/argo-cd-objects.ts';
import { git, writeFile } from './support/git-fixture.ts';
import { KubernetesApiStandIn } from './support/kubernetes-api-stand-in.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const target = 'beef'.repeat(10);
const previous = 'aaaa'.repeat(10);
const outside = temporaryDirectory('wait'); // not a git repository: revisions must match exactly
const apiServer = new KubernetesApiStandIn();

beforeAll(() => apiServer.start());
afterAll(() => apiServer.stop());
beforeEach(() => {
  apiServer.dropWatches();
  apiServer.remove('applications', 'argocd', 'api-dev');
  apiServer.requests.length = 0;
});

const state = (overrides: Partial<ApplicationState>) =>
  argoApplication({
    app: 'api',
    environment: 'dev',
    sync: 'OutOfSync',
    revision: previous,
    health: 'Healthy',
    ...overrides,
  });

const itemPath = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/api-dev';
const collectionPath = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';

function startWait(args: string[] = [], cwd = outside, cluster = new KubernetesClusterReader(apiServer.kubeConfig())) {
  const lines: string[] = [];
  const printed = new EventEmitter();
  // 20s: far more than these cases need even on a busy machine, and under the test's own time-out, so a
  // wait that never ends fails with its own message.
  const run = runGitops(['wait', '--env', 'dev', '--app', 'api', '--revision', target, '--timeout', '20s', ...args], {
    cwd,
    cluster,
    onStderr: (line) => {
      lines.push(line);
      printed.emit('line');
    },
  });
  /** Resolves once wait has printed a line with this text. */
  const seen = async (text: string) => {
    while (!lines.some((line) => line.includes(text))) await once(printed, 'line');
  };
  return { run, seen };
}

describe('gitops wait', () => {
  it('returns at once when the Application is already Synced and Healthy at the revision', async () => {
    apiServer.apply(
      'applications',
      state({ sync: 'Synced', revision: target, operation: { phase: 'Succeeded', revision: target } }),
    );
    const result = await startWait().run;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('api-dev is Synced at beefbeefbeef');
    expect(apiServer.requests.filter((r) => r.watch)).toEqual([]);
  });

  it('follows OutOfSync → Progressing → Synced and Healthy through one watch, without polling lists', async () => {
    apiServer.apply('applications', state({}));
    const { run, seen } = startWait();
    await apiServer.watching();
    apiServer.apply(
      'applications',
      state({ revision: target, health: 'Progressing', operation: { phase: 'Running', revision: target } }),
    );
    await seen('Progressing');
    apiServer.apply(
      'applications',
      state({
        sync: 'Synced',
        revision: target,
        health: 'Progressing',
        operation: { phase: 'Succeeded', revision: target },
      }),
    );
    apiServer.apply(
      'applications',
      state({ sync: 'Synced', revision: target, operation: { phase: 'Succeeded', revision: target } }),
    );

    const result = await run;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr.split('\n')).toEqual([
      `api-dev: OutOfSync at ${previous.slice(0, 12)}, Healthy`,
      `api-dev: OutOfSync at ${target.slice(0, 12)}, Progressing, last operation Running`,
      `api-dev: Synced at ${target.slice(0, 12)}, Progressing, last operation Succeeded`,
      `api-dev: Synced at ${target.slice(0, 12)}, Healthy, last operation Succeeded`,
    ]);
    expect(apiServer.requests.filter((r) => r.path === itemPath)).toHaveLength(1);
    expect(apiServer.requests.filter((r) => r.path === collectionPath && !r.watch)).toEqual([]);
    expect(apiServer.requests.filter((r) => r.watch)).toHaveLength(1);
  });

  it('resumes a dropped watch connection from the last resource version it saw', async () => {
    apiServer.apply('applications', state({}));
    const { run, seen } = startWait();
    await apiServer.watching();
    const progressing = apiServer.apply(
      'applications',
      state({ revision: target, health: 'Progressing', operation: { phase: 'Running', revision: target } }),
    );
    await seen('Progressing');

    expect(apiServer.dropWatches()).toBe(1);
    // What happens while the client is disconnected must reach it when it resumes.
    apiServer.apply(
      'applications',
      state({ sync: 'Synced', revision: target, operation: { phase: 'Succeeded', revision: target } }),
    );

    const result = await run;
    expect(result.exitCode, result.stderr).toBe(0);
    const watches = apiServer.requests.filter((r) => r.watch);
    expect(watches).toHaveLength(2);
    expect(watches[1]!.resourceVersion).toBe(progressing.metadata.resourceVersion);
  });

  it('reads the Application afresh when its watch version has expired (410 Gone)', async () => {
    apiServer.apply('applications', state({}));
    const { run } = startWait();
    await apiServer.watching();
    apiServer.dropWatches();
    apiServer.compactHistory();
    apiServer.apply(
      'applications',
      state({ sync: 'Synced', revision: target, operation: { phase: 'Succeeded', revision: target } }),
    );

    const result = await run;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(apiServer.requests.filter((r) => r.path === itemPath)).toHaveLength(2);
  });

  const degraded = () =>
    state({
      sync: 'Synced',
      revision: target,
      health: 'Degraded',
      healthMessage: 'HorizontalPodAutoscaler "api": FailedGetResourceMetric',
      operation: { phase: 'Succeeded', revision: target },
    });

  it('takes Degraded right after the sync for a rollout settling, and succeeds when it turns Healthy', async () => {
    apiServer.apply('applications', state({}));
    const { run, seen } = startWait(['--degraded-grace', '15s']);
    await apiServer.watching();
    apiServer.apply('applications', degraded());
    await seen('Degraded');
    apiServer.apply(
      'applications',
      state({ sync: 'Synced', revision: target, operation: { phase: 'Succeeded', revision: target } }),
    );
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(`api-dev: Synced at ${target.slice(0, 12)}, Degraded, last operation Succeeded`);
  });

  it('fails with exit code 8 when Degraded lasts past the grace, with no further event to wake it', async () => {
    apiServer.apply('applications', state({}));
    const { run } = startWait(['--degraded-grace', '300ms']);
    await apiServer.watching();
    apiServer.apply('applications', degraded());
    const result = await run;
    expect(result.exitCode).toBe(8);
    expect(result.stderr).toContain(
      'api-dev is Degraded at beefbeefbeef after the 0.3 s grace: HorizontalPodAutoscaler "api": FailedGetResourceMetric',
    );
  });

  it('fails with exit code 8 at once when the Application turns Degraded and there is no grace', async () => {
    apiServer.apply('applications', state({}));
    const { run } = startWait(['--degraded-grace', '0']);
    await apiServer.watching();
    apiServer.apply(
      'applications',
      state({
        sync: 'Synced',
        revision: target,
        health: 'Degraded',
        healthMessage: 'Deployment "api" exceeded its progress deadline',
        operation: { phase: 'Succeeded', revision: target },
      }),
    );
    const result = await run;
    expect(result.exitCode).toBe(8);
    expect(result.stderr).toContain(
      'api-dev is Degraded at beefbeefbeef: Deployment "api" exceeded its progress deadline',
    );
  });

  it('fails with exit code 8 at once when the sync of the revision fails, grace or not', async () => {
    apiServer.apply('applications', state({}));
    const { run } = startWait(['--degraded-grace', '10m']);
    await apiServer.watching();
    apiServer.apply(
      'applications',
      state({
        revision: target,
        health: 'Healthy',
        operation: { phase: 'Failed', revision: target, message: 'one or more objects failed to apply' },
      }),
    );
    const result = await run;
    expect(result.exitCode).toBe(8);
    expect(result.stderr).toContain('the sync of beefbeefbeef failed: one or more objects failed to apply');
  });

  it('does not fail on the Degraded state of an older revision, and times out with exit code 9', async () => {
    apiServer.apply('applications', state({ sync: 'Synced', health: 'Degraded' }));
    const result = await startWait(['--timeout', '1s']).run;
    expect(result.exitCode).toBe(9);
    expect(result.stderr).toContain(`Timed out after 1 s waiting for api-dev to sync ${target} and be Healthy`);
    expect(result.stderr).toContain(`last seen: Synced at ${previous.slice(0, 12)}, Degraded`);
  });

  it('accepts a later commit that contains the revision, and only that', async () => {
    const repository = temporaryDirectory('wait-history');
    git(repository, 'init', '--quiet', '--initial-branch=main');
    writeFile(repository, 'a', '1');
    git(repository, 'add', '-A');
    git(repository, 'commit', '--quiet', '-m', 'bump');
    const bump = git(repository, 'rev-parse', 'HEAD').trim();
    writeFile(repository, 'b', '2');
    git(repository, 'add', '-A');
    git(repository, 'commit', '--quiet', '-m', 'a later commit on main');
    const later = git(repository, 'rev-parse', 'HEAD').trim();

    apiServer.apply(
      'applications',
      state({ sync: 'Synced', revision: later, operation: { phase: 'Succeeded', revision: later } }),
    );
    const ok = await runGitops(['wait', '--env', 'dev', '--app', 'api', '--revision', bump.slice(0, 10)], {
      cwd: repository,
      cluster: new KubernetesClusterReader(apiServer.kubeConfig()),
    });
    expect(ok.exitCode, ok.stderr).toBe(0);

    // Synced at the bump, waiting for the later commit: the bump does not contain it.
    apiServer.apply('applications', state({ sync: 'Synced', revision: bump }));
    // It can only time out (the synced commit never includes the later one): no need to wait long for it.
    const older = await runGitops(['wait', '--env', 'dev', '--app', 'api', '--revision', later, '--timeout', '200ms'], {
      cwd: repository,
      cluster: new KubernetesClusterReader(apiServer.kubeConfig()),
    });
    expect(older.exitCode).toBe(9);
  });

  it('says so when there is no such Application (exit code 8)', async () => {
    const result = await startWait().run;
    expect(result.exitCode).toBe(8);
    expect(result.stderr).toContain('There is no Application argocd/api-dev on stand-in');
  });

  it('exits 7 when the cluster refuses the credentials or cannot be reached', async () => {
    const refused = await startWait([], outside, new KubernetesClusterReader(apiServer.kubeConfig('wrong-token'))).run;
    expect(refused.exitCode).toBe(7);
    expect(refused.stderr).toContain('(HTTP 401)');

    const gone = new KubernetesApiStandIn();
    await gone.start();
    const unreachable = new KubernetesClusterReader(gone.kubeConfig());
    await gone.stop();
    const result = await startWait([], outside, unreachable).run;
    expect(result.exitCode).toBe(7);
    expect(result.stderr).toMatch(/Could not read Application argocd\/api-dev from the cluster stand-in.*ECONNREFUSED/);
  });

  it('rejects a revision that is not a commit SHA, and a malformed timeout (exit code 2)', async () => {
    expect((await startWait(['--revision', 'main']).run).exitCode).toBe(2);
    const badTimeout = await startWait(['--timeout', 'soon']).run;
    expect(badTimeout.exitCode).toBe(2);
    expect(badTimeout.stderr).toContain('--timeout must be a duration like 90s, 10m or 1h');
  });

  it('needs a cluster: without kubeconfig access it exits 7', async () => {
    const result = await runGitops(['wait', '--env', 'dev', '--app', 'api', '--revision', target], {
      cwd: join(outside),
    });
    expect(result.exitCode).toBe(7);
  });
});
