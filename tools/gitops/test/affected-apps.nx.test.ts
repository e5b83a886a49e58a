// affected-apps in a temporary clone of this repository (test/support/workspace-clone.ts), with Nx
// computing the project graph there. The apps are discovered, not hard-coded: every app folder with
// a Dockerfile (api today, avatar-sweeper when it lands) is covered by the same assertions.
// Every commit is made first; the cases only read, so they run at once, and their Nx processes share
// one project graph computation (Nx lets one process build it while the others wait for its cache).
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NxWorkspace } from '../src/nx/nx-workspace.ts';
import { createDeployRepository, git, testEnvironment, valuesPath } from './support/git-fixture.ts';
import { exclusivePackageOf, readLockfile, withChangedIntegrity } from './support/lockfile-probe.ts';
import { runGitops } from './support/run-gitops.ts';
import { temporaryDirectory } from './support/temporary-directory.ts';
import { cloneWorkspace } from './support/workspace-clone.ts';

const root = temporaryDirectory('affected');
const workspace = cloneWorkspace(join(root, 'workspace'));

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

/** The cases run after every commit is made, on one working tree: Nx lists its projects once for all. */
class WorkspaceListedOnce extends NxWorkspace {
  private listed: ReturnType<NxWorkspace['projects']> | undefined;
  override projects() {
    return (this.listed ??= super.projects());
  }
}
const nx = new WorkspaceListedOnce(
  workspace,
  // In-process plugins: the same graph as isolated plugin workers, a second sooner per Nx process.
  testEnvironment({ NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_ISOLATE_PLUGINS: 'false' }),
);

async function affected(...args: string[]): Promise<string[]> {
  const run = await runGitops(['affected-apps', '--json', ...args], { cwd: workspace, nx });
  if (run.exitCode !== 0) throw new Error(`affected-apps ${args.join(' ')} exited ${run.exitCode}: ${run.stderr}`);
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
  const lock = readLockfile(workspace);
  const delivery = ['terraform', 'deploy', 'argocd']
    .map((importer) => exclusivePackageOf(lock, importer))
    .find(Boolean);
  if (!delivery) throw new Error('no registry package used only by terraform, deploy or argocd');
  commits.lockfileDelivery = commit(`bump ${delivery.name} in the lockfile`, () =>
    writeFileSync(lockfile, withChangedIntegrity(readFileSync(lockfile, 'utf8'), delivery)),
  );
  const appPackage = apps
    .map((app) => ({ app: app.name, probe: exclusivePackageOf(lock, `apps/${app.folder}`) }))
    .find((candidate) => candidate.probe);
  if (!appPackage) throw new Error('no registry package used only by one app');
  lockfileApp = appPackage.app;
  commits.lockfileApp = commit(`bump ${appPackage.probe!.name} in the lockfile`, () =>
    writeFileSync(lockfile, withChangedIntegrity(readFileSync(lockfile, 'utf8'), appPackage.probe!)),
  );

  // Deployed before the READMEs and both lockfile changes; then at a tag that is no commit here.
  commits.deployedBeforeDocs = deployedAt(commits.chart);
  commits.deployedUnknown = deployedAt('f'.repeat(40));
});

/** Commits every dev values file of the apps with this tag. */
const deployedAt = (sha: string) =>
  commit(`dev runs ${sha.slice(0, 7)}`, () => {
    for (const app of appNames) {
      const file = join(workspace, valuesPath('dev', app));
      if (existsSync(file)) {
        writeFileSync(file, readFileSync(file, 'utf8').replace(/^(\s+tag: )'[^']*'$/m, `$1'${sha}'`));
      }
    }
  });

describe.concurrent('gitops affected-apps', () => {
  it('finds every app affected by a change to the shared domain package', async ({ expect }) => {
    expect(await between(commits.domain!)).toEqual(appNames);
  });

  it.for(appNames)('finds exactly the app whose own files changed: %s', async (app, { expect }) => {
    expect(await between(appCommits[app]!)).toEqual([app]);
  });

  it('finds no app for a chart change or for documentation', async ({ expect }) => {
    expect(await affected('--base', `${commits.chart}~1`, '--head', commits.docs!)).toEqual([]);
  });

  it('finds, for a lockfile change, only the apps whose dependencies changed', async ({ expect }) => {
    expect(await between(commits.lockfileDelivery!)).toEqual([]);
    expect(await between(commits.lockfileApp!)).toEqual([lockfileApp]);
  });

  it('compares each app from its own deployed tag with --since-deployed, and rebuilds what it cannot place', async ({
    expect,
  }) => {
    const notDeployed = appNames.filter((app) => !existsSync(join(workspace, valuesPath('dev', app))));
    // Since the chart change: READMEs and lockfile changes, of which only one affects an app.
    expect(await affected('--since-deployed', 'dev', '--head', commits.deployedBeforeDocs!)).toEqual(
      appNames.filter((app) => app === lockfileApp || notDeployed.includes(app)),
    );
    // A tag that is no commit here (a build from a lost branch): rebuild.
    expect(await affected('--since-deployed', 'dev', '--head', commits.deployedUnknown!)).toEqual(appNames);
  });

  it('exits 2 in a repository that is not an Nx workspace', async ({ expect }) => {
    const plain = createDeployRepository(join(root, 'plain'), ['api']);
    const run = await runGitops(['affected-apps', '--base', 'HEAD', '--head', 'HEAD'], { cwd: plain });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`gitops: ${plain} is not the root of an Nx workspace (it has no nx.json).`);
  });
});
