// affected-apps in a temporary clone of this repository (test/support/workspace-clone.ts), with Nx
// resolving each app's container target inputs there. The apps are discovered, not hard-coded: every
// app folder with a Dockerfile (api and avatar-sweeper today) is covered by the same assertions.
// Every commit is made first; the cases only read, so they run at once, and share one Nx answer per
// question (the inputs are resolved in the working tree, which holds every commit).
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

function firstFile(folder: string, test: (name: string) => boolean, last = false): string {
  const files = git(workspace, 'ls-files', folder)
    .split('\n')
    .filter((name) => name.endsWith('.ts') && test(name));
  const file = last ? files.at(-1) : files[0];
  if (!file) throw new Error(`no matching TypeScript file in ${folder}`);
  return file;
}
const firstSourceFile = (folder: string) => firstFile(`${folder}/src`, (name) => !name.endsWith('.test.ts'));

/** Commits the edits and returns the commit. */
function commit(message: string, edit: () => void): string {
  edit();
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '--quiet', '-m', message);
  return git(workspace, 'rev-parse', 'HEAD').trim();
}

const touch = (file: string, line = '// touched by the affected-apps test') =>
  appendFileSync(join(workspace, file), `\n${line}\n`);

/** The cases run after every commit is made, on one working tree: Nx answers each question once for all. */
class WorkspaceAskedOnce extends NxWorkspace {
  private listed: ReturnType<NxWorkspace['projects']> | undefined;
  private readonly inputs = new Map<string, ReturnType<NxWorkspace['targetInputs']>>();
  override projects() {
    return (this.listed ??= super.projects());
  }
  override targetInputs(project: string, target: string) {
    const key = `${project}:${target}`;
    if (!this.inputs.has(key)) this.inputs.set(key, super.targetInputs(project, target));
    return this.inputs.get(key)!;
  }
}
const nx = new WorkspaceAskedOnce(
  workspace,
  // In-process plugins: the same graph as isolated plugin workers, a second sooner per Nx process.
  testEnvironment({ NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_ISOLATE_PLUGINS: 'false' }),
);

async function run(...args: string[]) {
  const outputFile = join(root, `output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(outputFile, '');
  const result = await runGitops(['affected-apps', '--json', '--github-output', ...args], {
    cwd: workspace,
    nx,
    githubOutputFile: outputFile,
  });
  if (result.exitCode !== 0)
    throw new Error(`affected-apps ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
  const written = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter((line) => /^\w+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), JSON.parse(line.slice(line.indexOf('=') + 1))]),
  ) as Record<'apps' | 'charts' | 'deploy', string[]> & { matrix: { include: { app: string }[] } };
  expect(JSON.parse(result.stdout)).toEqual(written.apps);
  expect(written.matrix.include.map(({ app }) => app)).toEqual(written.apps);
  return { apps: written.apps, charts: written.charts, deploy: written.deploy };
}
const affected = async (...args: string[]) => (await run(...args)).apps;
const between = (commitSha: string) => affected('--base', `${commitSha}~1`, '--head', commitSha);

const commits: Record<string, string> = {};
const appCommits: Record<
  string,
  Record<'source' | 'dockerfile' | 'test' | 'deletedTest' | 'deletedSource', string>
> = {};
let lockfileApp: string | undefined;
let chartApp = '';

beforeAll(() => {
  expect(appNames.length).toBeGreaterThan(0);
  commits.domain = commit('touch the domain', () => touch(firstSourceFile('packages/users-domain')));
  for (const app of apps) {
    appCommits[app.name] = {
      source: commit(`touch ${app.name}`, () => touch(firstSourceFile(`apps/${app.folder}`))),
      dockerfile: commit(`touch ${app.name}'s Dockerfile`, () => touch(`apps/${app.folder}/Dockerfile`, '# touched')),
      test: commit(`touch ${app.name}'s tests`, () => {
        touch(firstFile(`apps/${app.folder}/test`, () => true));
        touch(`apps/${app.folder}/vitest.config.ts`);
      }),
      deletedTest: commit(`delete a test of ${app.name}`, () =>
        rmSync(
          join(
            workspace,
            firstFile(`apps/${app.folder}/test`, (name) => name.endsWith('.test.ts'), true),
          ),
        ),
      ),
      deletedSource: commit(`delete a source file of ${app.name}`, () =>
        rmSync(
          join(
            workspace,
            firstFile(`apps/${app.folder}/src`, (name) => !name.endsWith('.test.ts'), true),
          ),
        ),
      ),
    };
  }
  commits.testsOnly = commit('touch the tests, test helpers and test-only packages', () => {
    touch(firstFile('packages/users-domain', (name) => name.endsWith('.test.ts')));
    touch(firstFile('packages/users-domain/testing', () => true));
    touch(firstSourceFile('tools/local-aws'));
  });
  commits.dockerignore = commit('touch .dockerignore', () => touch('.dockerignore', '# touched'));
  chartApp = appNames.find((app) => existsSync(join(workspace, 'deploy', 'charts', app)))!;
  commits.chart = commit('touch a chart', () => touch(`deploy/charts/${chartApp}/values.yaml`, '# touched'));
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
  const bumpInLockfile = (what: string, probe: { name: string; key: string; integrity: string }) =>
    commit(`bump ${probe.name} (${what}) in the lockfile`, () =>
      writeFileSync(lockfile, withChangedIntegrity(readFileSync(lockfile, 'utf8'), probe)),
    );
  const delivery = ['terraform', 'deploy', 'argocd']
    .map((importer) => exclusivePackageOf(lock, importer))
    .find(Boolean);
  if (!delivery) throw new Error('no registry package used only by terraform, deploy or argocd');
  commits.lockfileDelivery = bumpInLockfile('delivery', delivery);
  const runtime = apps
    .map((app) => ({ app: app.name, probe: exclusivePackageOf(lock, `apps/${app.folder}`, ['dependencies']) }))
    .find((candidate) => candidate.probe);
  if (!runtime) throw new Error('no registry package that only one app depends on at run time');
  lockfileApp = runtime.app;
  commits.lockfileApp = bumpInLockfile('runtime', runtime.probe!);
  const devOnly = apps.map((app) => exclusivePackageOf(lock, `apps/${app.folder}`, ['devDependencies'])).find(Boolean);
  if (!devOnly) throw new Error('no registry package that only one app uses, in its tests');
  commits.lockfileDevOnly = bumpInLockfile('tests only', devOnly);

  // Deployed (image and chart) before the READMEs and the lockfile changes; then at a tag that is no
  // commit here, with no chart.revision.
  commits.deployedBeforeDocs = deployedAt(commits.chart, commits.chart);
  commits.deployedUnknown = deployedAt('f'.repeat(40), '');
});

/** Commits every dev values file of the apps with this image tag and chart revision. */
const deployedAt = (tag: string, chartRevision: string) =>
  commit(`dev runs ${tag.slice(0, 7)}`, () => {
    for (const app of appNames) {
      const file = join(workspace, valuesPath('dev', app));
      if (!existsSync(file)) continue;
      let text = readFileSync(file, 'utf8').replace(/^(\s+tag: )'[^']*'$/m, `$1'${tag}'`);
      text = /^chart:/m.test(text)
        ? text.replace(/^(\s+revision: )'[^']*'$/m, `$1'${chartRevision}'`)
        : `${text}chart:\n  revision: '${chartRevision}'\n`;
      writeFileSync(file, text);
    }
  });

describe.concurrent('gitops affected-apps', () => {
  it('finds every app for a change to the shared domain package', async ({ expect }) => {
    expect(await between(commits.domain!)).toEqual(appNames);
  });

  it.for(appNames)('finds exactly the app whose own source or Dockerfile changed: %s', async (app, { expect }) => {
    expect(await between(appCommits[app]!.source)).toEqual([app]);
    expect(await between(appCommits[app]!.dockerfile)).toEqual([app]);
  });

  it.for(appNames)('finds no app when only tests and the vitest config of %s changed', async (app, { expect }) => {
    expect(await between(appCommits[app]!.test)).toEqual([]);
    expect(await between(appCommits[app]!.deletedTest)).toEqual([]);
  });

  it.for(appNames)('finds the app when a source file of %s is deleted', async (app, { expect }) => {
    expect(await between(appCommits[app]!.deletedSource)).toEqual([app]);
  });

  it('finds no app for tests, test helpers or a package only tests use', async ({ expect }) => {
    expect(await between(commits.testsOnly!)).toEqual([]);
  });

  it('finds every app for a change to .dockerignore, which every image build reads', async ({ expect }) => {
    expect(await between(commits.dockerignore!)).toEqual(appNames);
  });

  it('reports a chart change under charts, not apps; documentation under neither', async ({ expect }) => {
    expect(await run('--base', `${commits.chart}~1`, '--head', commits.chart!)).toEqual({
      apps: [],
      charts: [chartApp],
      deploy: [chartApp],
    });
    expect(await run('--base', `${commits.docs}~1`, '--head', commits.docs!)).toEqual({
      apps: [],
      charts: [],
      deploy: [],
    });
  });

  it('finds, for a lockfile change, only the apps that bundle the changed package', async ({ expect }) => {
    expect(await between(commits.lockfileDelivery!)).toEqual([]);
    expect(await between(commits.lockfileApp!)).toEqual([lockfileApp]);
    expect(await between(commits.lockfileDevOnly!)).toEqual([]);
  });

  it('compares each app from its own deployed tag and chart.revision with --since-deployed', async ({ expect }) => {
    const notDeployed = appNames.filter((app) => !existsSync(join(workspace, valuesPath('dev', app))));
    // Since the chart change: READMEs and lockfile changes, of which only one affects an image.
    expect(await run('--since-deployed', 'dev', '--head', commits.deployedBeforeDocs!)).toEqual({
      apps: appNames.filter((app) => app === lockfileApp || notDeployed.includes(app)),
      charts: notDeployed.filter((app) => existsSync(join(workspace, 'deploy', 'charts', app))),
      deploy: appNames.filter((app) => app === lockfileApp || notDeployed.includes(app)),
    });
    // A tag that is no commit here (a build from a lost branch) and no chart.revision: everything.
    expect(await run('--since-deployed', 'dev', '--head', commits.deployedUnknown!)).toEqual({
      apps: appNames,
      charts: appNames.filter((app) => existsSync(join(workspace, 'deploy', 'charts', app))),
      deploy: appNames,
    });
  });

  it('exits 2 in a repository that is not an Nx workspace', async ({ expect }) => {
    const plain = createDeployRepository(join(root, 'plain'), ['api']);
    const result = await runGitops(['affected-apps', '--base', 'HEAD', '--head', 'HEAD'], { cwd: plain });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`gitops: ${plain} is not the root of an Nx workspace (it has no nx.json).`);
  });
});
