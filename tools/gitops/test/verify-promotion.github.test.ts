// verify-promotion, the merge-time check of a change to prod, over real git repositories and
// test/support/github-api-stand-in.ts (GitHub's combined-status endpoint on 127.0.0.1: the build machines
// cannot reach GitHub). Each case builds main as it would be when the merge queue runs the check.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Environment } from '../src/environments.ts';
import { ExitCode } from '../src/exit-codes.ts';
import { createDeployRepository, git, tag, valuesPath } from './support/git-fixture.ts';
import { GitHubApiStandIn } from './support/github-api-stand-in.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const root = temporaryDirectory('verify-promotion');
const github = new GitHubApiStandIn();
beforeAll(() => github.start());
afterAll(() => github.stop());
beforeEach(() => github.reset());

/** Runs `gitops verify-promotion` in this process against the GitHub stand-in. */
function verify(cwd: string, args: string[], apiUrl?: string) {
  return runGitops(['verify-promotion', ...args], {
    cwd,
    sleep: () => Promise.resolve(),
    github: { apiUrl: apiUrl ?? github.url, repository: github.repository, token: github.token },
  });
}

const unit = (n: number) => ({ tag: tag(n), chartRevision: tag(100 + n) });

/** Commits the app's unit in the environment (other keys as they are). */
function deploy(
  repository: string,
  environment: Environment,
  app: string,
  { tag: t, chartRevision }: ReturnType<typeof unit>,
) {
  const path = join(repository, valuesPath(environment, app));
  writeFileSync(
    path,
    readFileSync(path, 'utf8')
      .replace(/^(\s+tag: )'[^']*'$/m, `$1'${t}'`)
      .replace(/^(\s+revision: )'[^']*'$/m, `$1'${chartRevision}'`),
  );
  git(repository, 'commit', '--quiet', '-am', `${app} in ${environment} runs ${t.slice(-3)}`);
  return git(repository, 'rev-parse', 'HEAD').trim();
}

let count = 0;
/**
 * main: every environment runs unit(1); then staging gets unit(2) (commit `staging`), then dev gets
 * unit(3) for another app (`later`, the base). Returns the repository and those commits.
 */
function mainWithStagingAhead() {
  count += 1;
  const repository = createDeployRepository(join(root, `repo-${count}`), ['api', 'worker']);
  for (const environment of ['dev', 'staging', 'prod'] as const) deploy(repository, environment, 'api', unit(1));
  const staging = deploy(repository, 'staging', 'api', unit(2));
  const base = deploy(repository, 'dev', 'worker', unit(3));
  github.know(...git(repository, 'rev-list', '--all').split('\n').filter(Boolean));
  return { repository, staging, base };
}

/** The change under check, on a branch off base: prod gets this unit (GitHub knows the commit, as a pushed branch's). */
function changeProd(repository: string, base: string, to: ReturnType<typeof unit>) {
  git(repository, 'checkout', '--quiet', '-B', `promote/prod-${count}`, base);
  const head = deploy(repository, 'prod', 'api', to);
  github.know(head);
  return head;
}

describe('gitops verify-promotion --to prod', () => {
  it('passes a promotion of what staging runs while argocd/api-staging is success', async () => {
    const { repository, staging, base } = mainWithStagingAhead();
    const head = changeProd(repository, base, unit(2));
    github.setStatus(staging, 'argocd/api-staging', 'success', 'Synced and Healthy');
    const run = await verify(repository, ['--to', 'prod', '--base', base, '--head', head]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(ExitCode.ok);
    expect(run.stdout).toContain(
      'api: image 0000000, chart 0000000 is what staging runs, and argocd/api-staging is success',
    );
  });

  it('counts a success reported on a later commit of main that contains the staging change', async () => {
    const { repository, base } = mainWithStagingAhead();
    const head = changeProd(repository, base, unit(2));
    github.setStatus(base, 'argocd/api-staging', 'success');
    expect((await verify(repository, ['--to', 'prod', '--base', base, '--head', head])).exitCode).toBe(ExitCode.ok);
  });

  it.each([
    ['failure', 'failure on'],
    [undefined, 'no status yet'],
  ] as const)('refuses (8) when staging is not healthy at merge time: %s', async (state, said) => {
    const { repository, staging, base } = mainWithStagingAhead();
    const head = changeProd(repository, base, unit(2));
    if (state) github.setStatus(staging, 'argocd/api-staging', state, 'Degraded');
    const run = await verify(repository, ['--to', 'prod', '--base', base, '--head', head]);
    expect(run.exitCode).toBe(ExitCode.notHealthy);
    expect(run.stderr).toContain(`argocd/api-staging: ${said}`);
    expect(run.stderr).toContain('prod would get image 0000000, chart 0000000, not healthy in staging');
  });

  it('refuses (8) a prod unit that staging does not run and prod never ran, naming the file', async () => {
    const { repository, staging, base } = mainWithStagingAhead();
    github.setStatus(staging, 'argocd/api-staging', 'success');
    const head = changeProd(repository, base, { tag: tag(2), chartRevision: tag(999) });
    const run = await verify(repository, ['--to', 'prod', '--base', base, '--head', head]);
    expect(run.exitCode).toBe(ExitCode.notHealthy);
    expect(run.stderr).toContain(
      'deploy/values/prod/api.yaml: image 0000000, chart 0000000 is neither what staging runs (image 0000000, chart 0000000) nor a unit prod ran before',
    );
  });

  it('passes a rollback to a unit prod ran before, without asking GitHub', async () => {
    const { repository, staging } = mainWithStagingAhead();
    github.setStatus(staging, 'argocd/api-staging', 'success');
    const promoted = deploy(repository, 'prod', 'api', unit(2));
    const head = changeProd(repository, promoted, unit(1));
    const run = await verify(repository, ['--to', 'prod', '--base', promoted, '--head', head], 'http://127.0.0.1:9');
    expect(run.exitCode).toBe(ExitCode.ok);
    expect(run.stdout).toContain('ran in prod before: a rollback, not a promotion');
  });

  it('passes changes that move no unit (other keys, other folders) without asking GitHub', async () => {
    const { repository, base } = mainWithStagingAhead();
    git(repository, 'checkout', '--quiet', '-B', 'tune', base);
    const path = join(repository, valuesPath('prod', 'api'));
    writeFileSync(path, readFileSync(path, 'utf8').replace(/minReplicas: \d+/, 'minReplicas: 4'));
    git(repository, 'commit', '--quiet', '-am', 'more replicas');
    const run = await verify(repository, ['--to', 'prod', '--base', base], 'http://127.0.0.1:9');
    expect(run.exitCode).toBe(ExitCode.ok);
    expect(run.stdout).toMatch(/^No unit changes in prod between/);
  });

  it('exits 10 when GitHub cannot be read, and 2 for an environment nothing is promoted to', async () => {
    const { repository, base } = mainWithStagingAhead();
    const head = changeProd(repository, base, unit(2));
    const unreachable = await verify(
      repository,
      ['--to', 'prod', '--base', base, '--head', head],
      'http://127.0.0.1:9',
    );
    expect(unreachable.exitCode).toBe(ExitCode.cannotTell);
    expect(unreachable.stderr).toMatch(/^gitops: Could not tell whether argocd\/api-staging is healthy/);
    const first = await verify(repository, ['--to', 'dev', '--base', base]);
    expect(first.exitCode).toBe(ExitCode.usage);
    expect(first.stderr).toBe('gitops: Nothing is promoted to dev: it is the first environment.');
  });
});
