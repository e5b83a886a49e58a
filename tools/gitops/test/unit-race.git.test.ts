// Promotions and rollbacks racing with bumps against one remote (a temporary bare repository), each
// from its own clone: a push that loses the race is planned again on the new head, and a promotion or
// rollback whose decision rests on a unit that moved meanwhile is refused (exit code 4) instead of
// being written over the newer unit. The runs share this process and race through real git.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Environment } from '../src/environments.ts';
import { Git, type GitRunOptions } from '../src/git/git.ts';
import { CommitReader } from '../src/git/read-at-commit.ts';
import { layout } from '../src/repository-layout.ts';
import { deploymentHistory, previousDeployment } from '../src/values/deployment-history.ts';
import { readDeployedUnit } from '../src/values/plan-unit-changes.ts';
import { clone, createDeployRepository, createRemote, git, tag, testEnvironment } from './support/git-fixture.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';

const root = temporaryDirectory('unit-race');
let count = 0;

/** A remote where dev runs tag 3, staging ran tag 1 then tag 2, for each app; and a clone to run in. */
async function deployed(apps: readonly string[]) {
  count += 1;
  const seed = createDeployRepository(join(root, `seed-${count}`), apps);
  for (const [environment, n] of [
    ['staging', 2],
    ['dev', 3],
  ] as const) {
    const run = await runGitops(['bump', '--env', environment, '--app', apps.join(','), '--tag', tag(n)], {
      cwd: seed,
    });
    expect(run.exitCode, run.stderr).toBe(0);
  }
  const remote = createRemote(join(root, `remote-${count}.git`), seed);
  return { remote, work: (name: string) => clone(remote, join(root, `${name}-${count}`)) };
}

/** A Git that runs `meanwhile` once, just before its first push: another push lands between fetch and push. */
function pushingLate(meanwhile: () => Promise<unknown>) {
  let done = false;
  return (directory: string, environment: Record<string, string>) =>
    new (class extends Git {
      override async attempt(args: readonly string[], options?: GitRunOptions) {
        if (args[0] === 'push' && !done) {
          done = true;
          await meanwhile();
        }
        return super.attempt(args, options);
      }
    })(directory, environment);
}

const unitAt = async (repository: string, commit: string, environment: Environment, app: string) =>
  readDeployedUnit(new CommitReader(new Git(repository, testEnvironment()), commit), { environment, app });

const staleRefusal =
  /^gitops: Refusing the (promotion|rollback): deploy\/values\/\w+\/\w+\.yaml changed while it was being pushed \(it was image \w+, chart \w+, it is now image \w+, chart \w+ at \w+\); nothing was pushed\./m;

describe('promotions and rollbacks racing with other pushes', () => {
  it('refuses a promotion when a newer unit lands in the target before its push (exit code 4)', async () => {
    const { work } = await deployed(['api']);
    const bumper = work('bumper');
    const run = await runGitops(['promote', '--from', 'dev', '--to', 'staging', '--app', 'api', '--push'], {
      cwd: work('promoter'),
      sleep: async () => undefined,
      git: pushingLate(() =>
        runGitops(['bump', '--env', 'staging', '--app', 'api', '--tag', tag(9), '--push'], { cwd: bumper }),
      ),
    });

    expect(run.exitCode).toBe(4);
    expect(run.stderr).toMatch(staleRefusal);
    expect(run.stderr).toContain(`it was image ${tag(2)}`);
    expect(run.stderr).toContain(`it is now image ${tag(9)}`);
    const result = work('result');
    expect((await unitAt(result, 'HEAD', 'staging', 'api')).tag).toBe(tag(9));
  });

  it('refuses a promotion when the source unit it checked changes before its push (exit code 4)', async () => {
    const { work } = await deployed(['api']);
    const bumper = work('bumper');
    const run = await runGitops(['promote', '--from', 'dev', '--to', 'staging', '--app', 'api', '--push'], {
      cwd: work('promoter'),
      sleep: async () => undefined,
      git: pushingLate(() =>
        runGitops(['bump', '--env', 'dev', '--app', 'api', '--tag', tag(8), '--push'], { cwd: bumper }),
      ),
    });
    expect(run.exitCode).toBe(4);
    expect(run.stderr).toMatch(staleRefusal);
    expect(run.stderr).toContain('deploy/values/dev/api.yaml changed');
    expect((await unitAt(work('result'), 'HEAD', 'staging', 'api')).tag).toBe(tag(2));
  });

  it('refuses a rollback when a newer bump lands in its file before its push (exit code 4)', async () => {
    const { work } = await deployed(['api']);
    const bumper = work('bumper');
    const run = await runGitops(['rollback', '--env', 'staging', '--app', 'api', '--push'], {
      cwd: work('rollback'),
      sleep: async () => undefined,
      git: pushingLate(() =>
        runGitops(['bump', '--env', 'staging', '--app', 'api', '--tag', tag(7), '--push'], { cwd: bumper }),
      ),
    });
    expect(run.exitCode).toBe(4);
    expect(run.stderr).toMatch(staleRefusal);
    expect((await unitAt(work('result'), 'HEAD', 'staging', 'api')).tag).toBe(tag(7));
  });

  it('plans a promotion again on the new head when an unrelated push wins, keeping both', async () => {
    const { work } = await deployed(['api', 'worker']);
    const bumper = work('bumper');
    const run = await runGitops(['promote', '--from', 'dev', '--to', 'staging', '--app', 'api', '--push'], {
      cwd: work('promoter'),
      sleep: async () => undefined,
      git: pushingLate(() =>
        runGitops(['bump', '--env', 'staging', '--app', 'worker', '--tag', tag(6), '--push'], { cwd: bumper }),
      ),
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('(attempt 2)');
    const result = work('result');
    expect((await unitAt(result, 'HEAD', 'staging', 'api')).tag).toBe(tag(3));
    expect((await unitAt(result, 'HEAD', 'staging', 'worker')).tag).toBe(tag(6));
  });

  it('mixes concurrent bumps, promotions and rollbacks: each lands as decided on the head it lands on, or is refused', async () => {
    const apps = ['api', 'worker'];
    const { remote, work } = await deployed(apps);
    const jobs = apps.flatMap((app, a) =>
      [1].flatMap((round) => [
        ['bump', '--env', 'dev', '--app', app, '--tag', tag(0x100 + a * 10 + round)],
        ['promote', '--from', 'dev', '--to', 'staging', '--app', app],
        ['rollback', '--env', 'staging', '--app', app],
        ['bump', '--env', 'staging', '--app', app, '--tag', tag(0x200 + a * 10 + round)],
      ]),
    );
    const clones = jobs.map((_, i) => work(`job-${i}`));
    // A retry waits for the retry before it to end (a perfect backoff, without timers).
    let last = Promise.resolve();
    const results = await Promise.all(
      jobs.map((args, i) => {
        let release: (() => void) | undefined;
        const sleep = async () => {
          release?.();
          const previous = last;
          last = new Promise((resolve) => (release = resolve));
          await previous;
        };
        return runGitops([...args, '--push', '--attempts', '40'], { cwd: clones[i]!, sleep }).finally(() =>
          release?.(),
        );
      }),
    );

    results.forEach((result, i) => {
      const refused = result.exitCode === 4 && staleRefusal.test(result.stderr);
      expect(result.exitCode === 0 || refused, `${jobs[i]!.join(' ')}: ${result.exitCode} ${result.stderr}`).toBe(true);
      if (jobs[i]![0] === 'bump') expect(result.exitCode, result.stderr).toBe(0);
    });

    // Every promotion and rollback that landed did what it decides on the commit it landed on: a
    // promotion copied the source unit of its parent commit, a rollback restored the deployment its
    // parent's history names. Nothing old was written over a newer unit.
    const final = clone(remote, join(root, `final-${count}`));
    const history = git(final, 'log', '--first-parent', '--format=%H %s', 'HEAD').trim().split('\n');
    const finalGit = new Git(final, testEnvironment());
    let checked = 0;
    for (const line of history) {
      const [commit = '', ...subject] = line.split(' ');
      const [, kind, app] = /^(?:chore|revert)\(deploy\): (promote|roll back) (\w+)/.exec(subject.join(' ')) ?? [];
      if (!kind || !app) continue;
      checked += 1;
      const landed = await unitAt(final, commit, 'staging', app);
      const expected =
        kind === 'promote'
          ? await unitAt(final, `${commit}^`, 'dev', app)
          : previousDeployment(
              await deploymentHistory(finalGit, `${commit}^`, 'staging', app),
              layout.valuesFile('staging', app),
            ).unit;
      expect(landed, `${kind} ${app} at ${commit}`).toEqual(expected);
    }
    expect(checked).toBe(
      results.filter((r, i) => r.exitCode === 0 && jobs[i]![0] !== 'bump' && r.stdout.includes('Commit ')).length,
    );
  });
});
