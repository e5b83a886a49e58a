// affected-apps in a temporary clone of this repository (test/support/workspace-clone.ts), with Nx
// computing the project graph there. The apps are discovered, not hard-coded: every app folder with
// a Dockerfile (api today, avatar-sweeper when it lands) is covered by the same assertions.
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { git, testEnvironment, valuesPath } from './support/git-fixture.ts';
import { exclusivePackageOf, withChangedIntegrity } from './support/lockfile-probe.ts';
import { spawnGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';
import { cloneWorkspace } from './support/workspace-clone.ts';

const workspace = cloneWorkspace(join(temporaryDirectory('affected'), 'workspace'));

/** The deployable apps, found the way a newcomer would: an app folder with a Dockerfile. */
const apps = readdirSync(join(workspace, 'apps'))
  .filter((folder) => existsSync(join(workspace, 'apps', folder, 'Dockerfile')))
  .map((folder) => {
    const manifest = JSON.parse(readFileSync(join(workspace, 'apps', folder, 'package.json'), 'utf8'));
    return { folder, name: (manifest.nx?.name as string | undefined) ?? folder };
  });
const appNames = apps.map((app) => app.name).sort();

function firstSourceFile(folder: string): string {
  const files = git(workspace, 'ls-files', `${folder}/src`).split('\n');
  const file = files.find((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  if (!file) throw new Error(`no TypeScript source in ${folder}/src`);
  return file;
}

/** Commits the edits and returns the commit. */
function commit(message: string, edit: () => void): string {
  edit();
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '--quiet', '-m', message);
  return git(workspace, 'rev-parse', 'HEAD').trim();
}

const touch = (file: string, line = '// touched by the affected-apps test') =>
  appendFileSync(join(workspace, file), `\n${line}\n`);

async function affected(...args: string[]): Promise<string[]> {
  const run = await spawnGitops(['affected-apps', '--json', ...args], {
    cwd: workspace,
    env: testEnvironment({ NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' }),
  });
  expect(run.exitCode, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as string[];
}
const between = (commitSha: string) => affected('--base', `${commitSha}~1`, '--head', commitSha);

const commits: Record<string, string> = {};
const appCommits: Record<string, string> = {};
let lockfileApp: string | undefined;

beforeAll(() => {
  expect(appNames.length).toBeGreaterThan(0);
  commits.domain = commit('touch the domain', () => touch(firstSourceFile('packages/users-domain')));
  for (const app of apps)
    appCommits[app.name] = commit(`touch ${app.name}`, () => touch(firstSourceFile(`apps/${app.folder}`)));
  const chart = readdirSync(join(workspace, 'deploy', 'charts'))[0]!;
  commits.chart = commit('touch a chart', () => touch(`deploy/charts/${chart}/values.yaml`, '# touched'));
  commits.docs = commit('touch the READMEs', () => {
    for (const readme of [
      'README.md',
      'packages/users-domain/README.md',
      ...apps.map((a) => `apps/${a.folder}/README.md`),
    ]) {
      if (existsSync(join(workspace, readme))) touch(readme, 'Touched by the affected-apps test.');
    }
  });

  const lockfile = join(workspace, 'pnpm-lock.yaml');
  const delivery = ['terraform', 'deploy', 'argocd']
    .map((importer) => exclusivePackageOf(workspace, importer))
    .find(Boolean);
  if (!delivery) throw new Error('no registry package used only by terraform, deploy or argocd');
  commits.lockfileDelivery = commit(`bump ${delivery.name} in the lockfile`, () =>
    writeFileSync(lockfile, withChangedIntegrity(readFileSync(lockfile, 'utf8'), delivery)),
  );
  const appPackage = apps
    .map((app) => ({ app: app.name, probe: exclusivePackageOf(workspace, `apps/${app.folder}`) }))
    .find((candidate) => candidate.probe);
  if (!appPackage) throw new Error('no registry package used only by one app');
  lockfileApp = appPackage.app;
  commits.lockfileApp = commit(`bump ${appPackage.probe!.name} in the lockfile`, () =>
    writeFileSync(lockfile, withChangedIntegrity(readFileSync(lockfile, 'utf8'), appPackage.probe!)),
  );
});

describe('gitops affected-apps', () => {
  it('finds every app affected by a change to the shared domain package', async () => {
    expect(await between(commits.domain!)).toEqual(appNames);
  });

  it('finds exactly the app whose own files changed', async () => {
    for (const app of appNames) expect(await between(appCommits[app]!)).toEqual([app]);
  });

  it('finds no app for a chart change or for documentation', async () => {
    expect(await between(commits.chart!)).toEqual([]);
    expect(await between(commits.docs!)).toEqual([]);
  });

  it('finds, for a lockfile change, only the apps whose dependencies changed', async () => {
    expect(await between(commits.lockfileDelivery!)).toEqual([]);
    expect(await between(commits.lockfileApp!)).toEqual([lockfileApp]);
  });

  it('compares each app from its own deployed tag with --since-deployed, and rebuilds what it cannot place', async () => {
    const deployedAt = (sha: string) =>
      commit(`dev runs ${sha.slice(0, 7)}`, () => {
        for (const app of appNames) {
          const file = join(workspace, valuesPath('dev', app));
          if (existsSync(file)) {
            writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\s+tag: )'[^']*'$/m, `$1'${sha}'`));
          }
        }
      });
    const notDeployed = appNames.filter((app) => !existsSync(join(workspace, valuesPath('dev', app))));

    // Deployed before the last lockfile change: only the app that change affects (and undeployed apps).
    const afterDeliveryLockfile = deployedAt(commits.lockfileDelivery!);
    expect(await affected('--since-deployed', 'dev', '--head', afterDeliveryLockfile)).toEqual(
      appNames.filter((app) => app === lockfileApp || notDeployed.includes(app)),
    );
    // A tag that is no commit here (a build from a lost branch): rebuild.
    const unknownTag = deployedAt('f'.repeat(40));
    expect(await affected('--since-deployed', 'dev', '--head', unknownTag)).toEqual(appNames);
  });
});
