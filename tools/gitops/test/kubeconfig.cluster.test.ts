// The cluster commands as a user runs them: a separate process that finds the cluster through the
// kubeconfig. The cluster is a stand-in for the Kubernetes API (test/support/kubernetes-api-stand-in.ts),
// because no cluster can run on the build machines.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { argoApplication, deployment } from './support/argo-cd-objects.ts';
import { createDeployRepository, tag, testEnvironment } from './support/git-fixture.ts';
import { KubernetesApiStandIn } from './support/kubernetes-api-stand-in.ts';
import { spawnGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const apiServer = new KubernetesApiStandIn();
const root = temporaryDirectory('kubeconfig');
const repository = createDeployRepository(join(root, 'repo'), ['api'], tag(1));
const kubeconfig = join(root, 'kubeconfig.yaml');
const emptyHome = temporaryDirectory('home');

beforeAll(async () => {
  await apiServer.start();
  apiServer.apply(
    'applications',
    argoApplication({
      app: 'api',
      environment: 'staging',
      sync: 'Synced',
      revision: 'ab'.repeat(20),
      health: 'Healthy',
    }),
  );
  apiServer.apply('deployments', deployment('api', 'staging', tag(1)));
  // Two contexts, as after `aws eks update-kubeconfig` for both clusters; the current one is elsewhere.
  // (Plain HTTP: client-node accepts it only with TLS verification off.)
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: dev\n  cluster:\n    server: ${apiServer.url}\n    insecure-skip-tls-verify: true`,
      '- name: prod\n  cluster:\n    server: http://127.0.0.1:9\n    insecure-skip-tls-verify: true',
      'users:',
      `- name: deployer\n  user:\n    token: ${apiServer.token}`,
      'contexts:',
      '- name: dev\n  context:\n    cluster: dev\n    user: deployer',
      '- name: prod\n  context:\n    cluster: prod\n    user: deployer',
      'current-context: prod',
      '',
    ].join('\n'),
  );
});
afterAll(() => apiServer.stop());

const gitops = (args: string[], env: Record<string, string>) =>
  spawnGitops(args, { cwd: repository, env: testEnvironment({ HOME: emptyHome, ...env }) });

// Each case is a process of its own: they run at once.
describe.concurrent('the cluster commands with a kubeconfig', () => {
  it('read the cluster of --context from the files in KUBECONFIG', async ({ expect }) => {
    const run = await gitops(['status', '--env', 'staging', '--json', '--context', 'dev'], { KUBECONFIG: kubeconfig });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({ application: 'api-staging', sync: 'Synced', health: 'Healthy', liveMatchesGit: true }),
    ]);
  });

  it('exit 7 naming the problem: an unknown context, an unreachable API, no kubeconfig at all', async ({ expect }) => {
    const [unknown, unreachable, none] = await Promise.all([
      gitops(['status', '--context', 'qa'], { KUBECONFIG: kubeconfig }),
      gitops(['wait', '--env', 'prod', '--app', 'api', '--revision', tag(1)], { KUBECONFIG: kubeconfig }),
      gitops(['status'], {}),
    ]);
    expect(unknown.exitCode).toBe(7);
    expect(unknown.stderr).toBe('gitops: The kubeconfig has no context "qa" (it has: dev, prod).\n');
    expect(unreachable.exitCode).toBe(7);
    expect(unreachable.stderr).toContain('Could not read Application argocd/api-prod from the cluster prod');
    expect(none.exitCode).toBe(7);
    expect(none.stderr).toContain(
      'No cluster access: no kubeconfig (KUBECONFIG or ~/.kube/config) and not running in a cluster.',
    );
  });
});
