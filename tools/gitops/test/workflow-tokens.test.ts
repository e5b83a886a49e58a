// The deployer App's token (the one that may push to main) must stay away from every job that runs
// package install scripts, and reach only the steps that push: the rules, over the real workflow files.
import { describe, expect, it } from 'vitest';
import { allSteps, files, type Job, workflow } from './support/workflows.ts';

/** The job installs the workspace's dependencies (and so runs their install scripts) or uses a package manager. */
const installs = (job: Job) =>
  job.steps.some(
    (step) =>
      step.uses === './.github/actions/setup-workspace' ||
      /\b(pnpm|npm|npx|yarn|corepack)\b|tools\/dev\.mjs/.test(step.run ?? ''),
  );
/** The job can see the deployer App's key or a token minted from it. */
const seesPushToken = (job: Job) =>
  job.steps.some((step) => step.uses?.startsWith('actions/create-github-app-token@')) ||
  /DEPLOYER_APP_PRIVATE_KEY|app-token/.test(JSON.stringify(job));
const tokenOutput = '${{ steps.app-token.outputs.token }}';

describe('the deployer App token', () => {
  it.each(files)('%s: no job that installs packages can see it, and no job hands it on', (file) => {
    const w = workflow(file);
    expect(JSON.stringify(w.env ?? {}), `${file}: workflow env`).not.toMatch(/secrets\.|app-token/);
    for (const [name, job] of Object.entries(w.jobs)) {
      if (seesPushToken(job))
        expect(installs(job), `${file}: job ${name} sees the push token and installs packages`).toBe(false);
      expect(JSON.stringify(job.env ?? {}), `${file}: job ${name} env`).not.toMatch(/secrets\.|app-token/);
      expect(JSON.stringify(job.outputs ?? {}), `${file}: job ${name} outputs`).not.toMatch(/app-token|secrets\./);
    }
  });

  it.each(files)('%s: it reaches only the steps that push, through their env', (file) => {
    for (const [name, job] of Object.entries(workflow(file).jobs)) {
      for (const step of job.steps) {
        const where = `${file}: ${name}: ${step.name ?? step.uses}`;
        const { env, ...rest } = step;
        expect(JSON.stringify(rest), where).not.toContain(tokenOutput);
        if (!JSON.stringify(env ?? {}).includes(tokenOutput)) continue;
        expect(step.run, where).toMatch(
          /^(node "\$RUNNER_TEMP\/gitops\/gitops\.mjs" (bump|promote|rollback) |gh pr create |if )/m,
        );
      }
      if (!seesPushToken(job)) continue;
      const uses = job.steps.map((step) => step.uses ?? '');
      expect(
        uses.some((u) => u.startsWith('actions/download-artifact@')),
        `${file}: ${name} runs the bundle`,
      ).toBe(true);
      const node = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(node?.with?.['node-version-file'], `${file}: ${name} Node from .nvmrc`).toBe('.nvmrc');
    }
  });

  it.each(files)('%s: every checkout leaves no credentials in .git/config', (file) => {
    for (const step of allSteps(workflow(file)).filter((s) => s.uses?.startsWith('actions/checkout@'))) {
      expect(step.with?.['persist-credentials'], file).toBe(false);
    }
  });

  it('the rules catch a job that installs packages next to the token', () => {
    const job: Job = {
      steps: [
        { uses: './.github/actions/setup-workspace' },
        { uses: 'actions/create-github-app-token@x', id: 'app-token' },
      ],
    };
    expect(installs(job) && seesPushToken(job)).toBe(true);
    expect(installs({ steps: [{ run: 'pnpm install --frozen-lockfile' }] })).toBe(true);
    expect(seesPushToken({ steps: [{ run: 'x', env: { T: tokenOutput } }] })).toBe(true);
  });
});
