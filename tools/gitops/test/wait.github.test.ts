// `wait --via github` and `promote --require-healthy` (GitHub by default) over real git repositories (a
// temporary bare remote and clones) and test/support/github-api-stand-in.ts, an HTTP server on 127.0.0.1
// standing in for GitHub's REST API (the combined-status endpoint), because the build machines cannot
// reach GitHub. The tests drive the stand-in's statuses from its request hook: nothing sleeps to order.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/exit-codes.ts';
import {
  clone,
  createDeployRepository,
  createRemote,
  git,
  readValues,
  tag,
  valuesPath,
} from './support/git-fixture.ts';
import { GitHubApiStandIn } from './support/github-api-stand-in.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const root = temporaryDirectory('wait-github');
const github = new GitHubApiStandIn();
beforeAll(() => github.start());
afterAll(() => github.stop());
beforeEach(() => github.reset());

const context = 'argocd/api-dev';
let count = 0;

/** A remote whose main has: initial, the dev bump of api to tag(2) (R); a clone to run in. */
function released() {
  count += 1;
  const seed = createDeployRepository(join(root, `seed-${count}`), ['api', 'worker']);
  createRemote(join(root, `remote-${count}.git`), seed);
  const initial = git(seed, 'rev-parse', 'HEAD').trim();
  const revision = commitTag(seed, 'dev', 'api', tag(2));
  const work = clone(join(root, `remote-${count}.git`), join(root, `work-${count}`));
  const known = () => github.know(...git(seed, 'rev-list', '--all').split('\n').filter(Boolean));
  known();
  return {
    seed,
    work,
    initial,
    revision,
    /** Pushes another commit to main (e.g. a bump of another app) and tells GitHub about it. */
    later(environment: 'dev' | 'staging' = 'dev', app = 'worker', n = 3) {
      const sha = commitTag(seed, environment, app, tag(n));
      known();
      return sha;
    },
  };
}

function commitTag(repository: string, environment: 'dev' | 'staging' | 'prod', app: string, newTag: string) {
  const path = join(repository, valuesPath(environment, app));
  writeFileSync(path, readFileSync(path, 'utf8').replace(/tag: '[0-9a-f]{40}'/, `tag: '${newTag}'`));
  git(repository, 'commit', '--quiet', '-am', `bump ${app} in ${environment}`);
  git(repository, 'push', '--quiet', 'origin', 'main');
  return git(repository, 'rev-parse', 'HEAD').trim();
}

const settings = (overrides: { token?: string; apiUrl?: string } = {}) => ({
  apiUrl: overrides.apiUrl ?? github.url,
  repository: github.repository,
  token: overrides.token ?? github.token,
});

function wait(
  cwd: string,
  revision: string,
  extra: string[] = [],
  overrides: { token?: string; apiUrl?: string } = {},
) {
  return runGitops(
    [
      'wait',
      '--via',
      'github',
      '--env',
      'dev',
      '--app',
      'api',
      '--revision',
      revision,
      '--poll-interval',
      '10ms',
      '--timeout',
      '5s',
      // No grace unless a test gives one (a later --degraded-grace wins).
      '--degraded-grace',
      '0',
      ...extra,
    ],
    { cwd, github: settings(overrides) },
  );
}

describe('gitops wait --via github', () => {
  it('succeeds when Argo CD reports success on the revision itself', async () => {
    const { work, revision } = released();
    github.setStatus(revision, context, 'success', 'Synced and Healthy');
    const run = await wait(work, revision);
    expect(run.exitCode, run.stderr).toBe(ExitCode.ok);
    expect(run.stdout).toContain(`argocd/api-dev reports success on ${revision.slice(0, 12)}`);
    expect(github.requests.every((request) => request.authorization === `Bearer ${github.token}`)).toBe(true);
  });

  it('succeeds on a later commit of main that contains the revision, even one pushed while waiting', async () => {
    const repo = released();
    github.setStatus(repo.revision, context, 'pending');
    let later: string | undefined;
    github.onRequest = () => {
      if (later) return;
      later = repo.later();
      github.setStatus(later, context, 'success');
    };
    const run = await wait(repo.work, repo.revision);
    expect(run.exitCode, run.stderr).toBe(ExitCode.ok);
    expect(run.stdout).toContain(`success on ${later!.slice(0, 12)}`);
  });

  it('takes the newest commit that has a status: pending there outweighs success on an older one', async () => {
    const repo = released();
    github.setStatus(repo.revision, context, 'success');
    const later = repo.later();
    github.setStatus(later, context, 'pending');
    github.onRequest = (request) => {
      if (request.sha === later && github.requests.length >= 3) github.setStatus(later, context, 'failure', 'Degraded');
    };
    const run = await wait(repo.work, repo.revision);
    expect(run.exitCode).toBe(ExitCode.notHealthy);
    expect(run.stderr).toContain(`argocd/api-dev reports failure on ${later.slice(0, 12)}: Degraded`);
  });

  it.each([
    ['failure', 'Degraded', '0'],
    ['error', 'sync failed', '10m'],
  ] as const)('fails at once with exit code 8 on %s (with --degraded-grace %s)', async (state, description, grace) => {
    const { work, revision } = released();
    github.setStatus(revision, context, state, description);
    const run = await wait(work, revision, ['--timeout', '10m', '--degraded-grace', grace]);
    expect(run.exitCode).toBe(ExitCode.notHealthy);
    expect(run.stderr).toContain(`reports ${state} on ${revision.slice(0, 12)}: ${description}`);
  });

  it('takes failure right after the sync for a rollout settling, and succeeds when it turns success', async () => {
    const { work, revision } = released();
    github.setStatus(revision, context, 'failure', 'Degraded: FailedGetResourceMetric');
    github.onRequest = () => {
      if (github.requests.length === 3) github.setStatus(revision, context, 'success', 'Synced and Healthy');
    };
    const run = await wait(work, revision, ['--degraded-grace', '1m']);
    expect(run.exitCode, run.stderr).toBe(ExitCode.ok);
    expect(run.stderr).toContain('argocd/api-dev: failure');
  });

  it('fails with exit code 8 when failure lasts past the grace', async () => {
    const { work, revision } = released();
    github.setStatus(revision, context, 'failure', 'Degraded');
    const run = await wait(work, revision, ['--degraded-grace', '200ms', '--poll-interval', '1m']);
    expect(run.exitCode).toBe(ExitCode.notHealthy);
    expect(run.stderr).toContain(`reports failure on ${revision.slice(0, 12)}: Degraded after the 0.2 s grace`);
  });

  it('keeps polling while pending, and succeeds when it turns success', async () => {
    const { work, revision } = released();
    github.setStatus(revision, context, 'pending', 'Sync started');
    github.onRequest = () => {
      if (github.requests.length === 3) github.setStatus(revision, context, 'success', 'Synced and Healthy');
    };
    const run = await wait(work, revision);
    expect(run.exitCode, run.stderr).toBe(ExitCode.ok);
    expect(run.stderr).toContain('argocd/api-dev: pending');
    expect(github.requests.length).toBeGreaterThanOrEqual(3);
  });

  it('times out with exit code 9 when nothing is reported, reading only the revision and later commits', async () => {
    const repo = released();
    const later = repo.later();
    // Statuses on commits that do not contain the revision: its parent, and a commit on another branch.
    github.setStatus(repo.initial, context, 'success');
    git(repo.seed, 'checkout', '--quiet', '-b', 'other', repo.initial);
    writeFileSync(join(repo.seed, 'other.txt'), 'x\n');
    git(repo.seed, 'add', 'other.txt');
    git(repo.seed, 'commit', '--quiet', '-m', 'elsewhere');
    const elsewhere = git(repo.seed, 'rev-parse', 'HEAD').trim();
    git(repo.seed, 'push', '--quiet', 'origin', 'other');
    github.setStatus(elsewhere, context, 'success');

    const run = await wait(repo.work, repo.revision, ['--timeout', '300ms']);
    expect(run.exitCode).toBe(ExitCode.timeout);
    expect(run.stderr).toContain(
      'Timed out after 0.3 s waiting for argocd/api-dev to report success; last seen: no status yet',
    );
    const asked = new Set(github.requests.map((request) => request.sha));
    expect([...asked].sort()).toEqual([repo.revision, later].sort());
  });

  it('ignores the statuses of other apps and environments', async () => {
    const { work, revision } = released();
    github.setStatus(revision, 'argocd/api-staging', 'success');
    github.setStatus(revision, 'argocd/worker-dev', 'failure');
    github.setStatus(revision, 'ci', 'success');
    const run = await wait(work, revision, ['--timeout', '200ms']);
    expect(run.exitCode).toBe(ExitCode.timeout);
  });

  it('finds the context on a later page of the combined status', async () => {
    const { work, revision } = released();
    github.setStatus(revision, context, 'success');
    for (let n = 0; n < 120; n += 1) github.setStatus(revision, `other/${n}`, 'success');
    const run = await wait(work, revision);
    expect(run.exitCode, run.stderr).toBe(ExitCode.ok);
    expect(github.requests.length).toBe(2);
  });

  it('rides out 5xx answers and a commit GitHub does not know yet, then succeeds', async () => {
    const { work, revision } = released();
    github.setStatus(revision, context, 'success');
    github.faults.push(
      { status: 500 },
      { status: 502 },
      { status: 503 },
      { status: 422, message: 'No commit found for SHA' },
    );
    const run = await wait(work, revision);
    expect(run.exitCode, run.stderr).toBe(ExitCode.ok);
    expect(run.stderr).toContain('could not read GitHub (GitHub answered 500');
  });

  it('waits out a rate limit until x-ratelimit-reset, then succeeds', async () => {
    const { work, revision } = released();
    github.setStatus(revision, context, 'success');
    const resetSeconds = Math.ceil(Date.now() / 1000) + 1;
    github.faults.push({
      status: 403,
      message: 'API rate limit exceeded for installation ID 1.',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetSeconds) },
    });
    const run = await wait(work, revision);
    expect(run.exitCode, run.stderr).toBe(ExitCode.ok);
    expect(github.requests[1]!.atMs).toBeGreaterThanOrEqual(resetSeconds * 1000);
  });

  describe('exits 10, never 8 or 9, when it cannot tell', () => {
    it('on 401: the token is refused', async () => {
      const { work, revision } = released();
      github.setStatus(revision, context, 'failure');
      const run = await wait(work, revision, [], { token: 'wrong' });
      expect(run.exitCode).toBe(ExitCode.cannotTell);
      expect(run.stderr).toContain('GitHub answered 401');
      expect(run.stderr).toContain('the token was refused');
    });

    it('on 404: the repository is not visible (no token)', async () => {
      const { work, revision } = released();
      const run = await runGitops(['wait', '--via', 'github', '--env', 'dev', '--app', 'api', '--revision', revision], {
        cwd: work,
        github: { apiUrl: github.url, repository: github.repository, token: undefined },
      });
      expect(run.exitCode).toBe(ExitCode.cannotTell);
      expect(run.stderr).toContain('set GITHUB_TOKEN');
    });

    it('on 403 without a rate limit: the token may not read statuses', async () => {
      const { work, revision } = released();
      github.faults.push({ status: 403, message: 'Resource not accessible by integration' });
      const run = await wait(work, revision);
      expect(run.exitCode).toBe(ExitCode.cannotTell);
      expect(run.stderr).toContain('statuses: read');
    });

    it('when rate-limited past the timeout, at once', async () => {
      const { work, revision } = released();
      github.faults.push({ status: 429, headers: { 'retry-after': '3600' }, message: 'secondary rate limit' });
      const run = await wait(work, revision, ['--timeout', '10m']);
      expect(run.exitCode).toBe(ExitCode.cannotTell);
      expect(run.stderr).toContain('after the timeout');
    });

    it('when GitHub still fails at the timeout', async () => {
      const { work, revision } = released();
      github.setStatus(revision, context, 'pending');
      // Every request fails, the first included: however slow the machine, the last read failed.
      github.faults.push({ status: 503 });
      github.onRequest = () => github.faults.push({ status: 503 });
      const run = await wait(work, revision, ['--timeout', '300ms']);
      expect(run.exitCode).toBe(ExitCode.cannotTell);
      expect(run.stderr).toContain('still failed when the time was up');
    });

    it('when GitHub is unreachable', async () => {
      const { work, revision } = released();
      const run = await wait(work, revision, ['--timeout', '200ms'], { apiUrl: 'http://127.0.0.1:9' });
      expect(run.exitCode).toBe(ExitCode.cannotTell);
      expect(run.stderr).toContain('GitHub did not answer');
    });
  });

  it('refuses cluster options, and an unknown --via', async () => {
    const { work, revision } = released();
    expect((await wait(work, revision, ['--context', 'dev'])).exitCode).toBe(ExitCode.usage);
    const bad = await runGitops(
      ['wait', '--via', 'carrier-pigeon', '--env', 'dev', '--app', 'api', '--revision', revision],
      {
        cwd: work,
      },
    );
    expect(bad.exitCode).toBe(ExitCode.usage);
    expect(bad.stderr).toContain('--via must be github or cluster');
  });
});

describe('gitops promote --require-healthy (GitHub)', () => {
  const promote = (cwd: string, overrides: { token?: string } = {}) =>
    runGitops(['promote', '--from', 'dev', '--to', 'staging', '--app', 'api', '--require-healthy'], {
      cwd,
      github: settings(overrides),
    });
  const pulled = (work: string) => git(work, 'pull', '--quiet', '--ff-only');

  it('promotes when the commit that set the dev tag reports success', async () => {
    const { work, revision } = released();
    github.setStatus(revision, context, 'success');
    const run = await promote(work);
    expect(run.exitCode, run.stderr).toBe(ExitCode.ok);
    expect(readValues(work, 'staging', 'api')).toContain(tag(2));
  });

  it('promotes when a later commit containing that change reports success', async () => {
    const repo = released();
    const later = repo.later();
    github.setStatus(repo.revision, context, 'pending');
    github.setStatus(later, context, 'success');
    pulled(repo.work);
    const run = await promote(repo.work);
    expect(run.exitCode, run.stderr).toBe(ExitCode.ok);
  });

  it.each([
    ['pending', 'pending on'],
    ['failure', 'failure on'],
  ] as const)('refuses with exit code 8 when it reports %s, and commits nothing', async (state, text) => {
    const { work, revision } = released();
    github.setStatus(revision, context, state);
    const head = git(work, 'rev-parse', 'HEAD');
    const run = await promote(work);
    expect(run.exitCode).toBe(ExitCode.notHealthy);
    expect(run.stderr).toContain(`argocd/api-dev: ${text} ${revision.slice(0, 12)}`);
    expect(git(work, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('refuses when only a commit before the tag change reports success', async () => {
    const { work, initial } = released();
    github.setStatus(initial, context, 'success');
    const run = await promote(work);
    expect(run.exitCode).toBe(ExitCode.notHealthy);
    expect(run.stderr).toContain('argocd/api-dev: no status yet');
  });

  it('exits 10 and commits nothing when GitHub refuses the token', async () => {
    const { work, revision } = released();
    github.setStatus(revision, context, 'success');
    const head = git(work, 'rev-parse', 'HEAD');
    const run = await promote(work, { token: 'wrong' });
    expect(run.exitCode).toBe(ExitCode.cannotTell);
    expect(git(work, 'rev-parse', 'HEAD')).toBe(head);
  });
});
