import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chartsChangedBetween, chartsChangedSinceDeployed } from '../build-context/chart-changes.ts';
import { type ImageContext, imageChange, imageContext } from '../build-context/image-context.ts';
import { changedLockfilePackages } from '../build-context/lockfile-packages.ts';
import { diffTrees } from '../build-context/tree-diff.ts';
import type { Command, CommandContext } from '../cli/command.ts';
import { writeGithubOutputs } from '../cli/github-output.ts';
import { flag, optionalString } from '../cli/parse-options.ts';
import { openRepository } from '../cli/repository-options.ts';
import { type Environment, parseEnvironment } from '../environments.ts';
import { UsageError } from '../errors.ts';
import type { Git } from '../git/git.ts';
import { CommitReader } from '../git/read-at-commit.ts';
import { resolveCommit, tryResolveCommit } from '../git/resolve-commit.ts';
import { layout } from '../repository-layout.ts';
import { readImageTag } from '../values/image-tag.ts';

/** The Nx target of every deployable app whose inputs are its image's build context. */
export const containerTarget = 'container';
const lockfile = 'pnpm-lock.yaml';

export const affectedAppsCommand: Command = {
  name: 'affected-apps',
  summary: 'the deployable apps whose image a range of commits changes, and those whose chart changed',
  synopsis: [
    '--base <sha> --head <sha> [--json] [--github-output]',
    '--since-deployed <env> [--head <sha>] [--json] [--github-output]',
  ],
  description: [
    `Deployable apps are the Nx projects of type application with a Dockerfile in their root; each has a`,
    `"${containerTarget}" target whose inputs are what its image is built from. An app is affected when one of`,
    "those inputs changed, as Nx resolves them in the working tree (nx show target inputs): the app's and its",
    "runtime dependencies' production files (no tests, test helpers, Markdown, vitest or eslint configs), its",
    'Dockerfile, the root files the image build copies, and the pnpm-lock.yaml entries of the registry packages',
    'it bundles. With --since-deployed <env> each app is compared from its own deployed tag in that environment',
    '(the commit its image was built from), so an app whose last build or bump failed is rebuilt; an app not',
    'deployed there, or whose tag is unknown, is affected. Separately, "charts" lists the apps whose',
    'deploy/charts/<app>/ changed: since the chart.revision the environment records (--since-deployed), or',
    'between --base and --head. Nx runs in the top folder of the repository, which must be the workspace root.',
  ],
  options: {
    base: { type: 'string', value: '<sha>', description: 'compare from this commit' },
    head: {
      type: 'string',
      value: '<sha>',
      description: 'compare to this commit (default with --since-deployed: HEAD)',
    },
    'since-deployed': {
      type: 'string',
      value: '<env>',
      description: "use each app's deployed tag and chart.revision in <env> as its base",
    },
    json: { type: 'boolean', description: 'print a JSON array (the apps whose image changed)' },
    'github-output': {
      type: 'boolean',
      description: 'write apps, charts, deploy (apps ∪ charts; JSON arrays) and matrix to $GITHUB_OUTPUT',
    },
  },
  async run(values, context) {
    const git = await openRepository(values, context);
    const since = optionalString(values, 'since-deployed');
    const base = optionalString(values, 'base');
    const headOption = optionalString(values, 'head');
    if ((since === undefined) === (base === undefined)) {
      throw new UsageError('Give either --base <sha> --head <sha>, or --since-deployed <env>.');
    }
    if (base !== undefined && headOption === undefined) throw new UsageError('Missing --head <sha>.');
    const environment = since === undefined ? undefined : parseEnvironment(since);
    const head = await resolveCommit(git, headOption ?? 'HEAD', '--head');

    const workspace = context.nx(git.directory);
    const projects = await workspace.projects();
    const deployable = projects
      .filter((project) => project.type === 'app' && existsSync(join(git.directory, project.root, 'Dockerfile')))
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const project of deployable) {
      if (!project.targets.includes(containerTarget)) {
        throw new UsageError(
          `${project.root}/package.json: app ${project.name} has a Dockerfile but no "${containerTarget}" target whose inputs say what its image is built from.`,
        );
      }
    }
    const roots = projects.map((project) => project.root);
    // One Nx process per app, at once: they share one project graph computation.
    const contexts = await Promise.all(
      deployable.map(async ({ name }) =>
        imageContext(name, await workspace.targetInputs(name, containerTarget), roots),
      ),
    );
    const imageChanges = imageChecker(git, head, contexts);
    const names = deployable.map((project) => project.name);

    let apps: string[];
    let charts: string[];
    if (environment) {
      apps = await affectedSinceDeployed(git, imageChanges, names, environment, head, context);
      charts = await chartsChangedSinceDeployed(git, names, environment, head, context.stderr);
    } else {
      const baseSha = await resolveCommit(git, base ?? '', '--base');
      apps = await affectedBetween(imageChanges, names, baseSha, context);
      charts = await chartsChangedBetween(git, names, baseSha, head);
    }

    if (flag(values, 'json')) context.stdout(JSON.stringify(apps));
    else for (const app of apps) context.stdout(app);
    if (flag(values, 'github-output')) {
      await writeGithubOutputs(context.githubOutputFile, {
        apps: JSON.stringify(apps),
        charts: JSON.stringify(charts),
        deploy: JSON.stringify(names.filter((app) => apps.includes(app) || charts.includes(app))),
        matrix: JSON.stringify({ include: apps.map((app) => ({ app })) }),
      });
    }
  },
};

/**
 * For a base commit, why each app's image changed between it and head (the first input that did);
 * apps whose image did not change are absent. Each base is diffed once.
 */
function imageChecker(git: Git, head: string, contexts: readonly ImageContext[]) {
  const headLockfile = new CommitReader(git, head).read(lockfile);
  const headFolders = git
    .run(['ls-tree', '-r', '-d', '--name-only', head])
    .then((listing) => new Set(listing.split('\n').filter(Boolean)));
  const cache = new Map<string, Promise<Map<string, string>>>();
  const check = async (base: string) => {
    const diff = await diffTrees(git, base, head);
    const packages = diff.changed.includes(lockfile)
      ? changedLockfilePackages(await new CommitReader(git, base).read(lockfile), await headLockfile)
      : new Set<string>();
    const reasons = new Map<string, string>();
    for (const image of contexts) {
      const reason = imageChange(image, diff, packages, await headFolders);
      if (reason !== undefined) reasons.set(image.app, reason);
    }
    return reasons;
  };
  return (base: string) => {
    let result = cache.get(base);
    if (!result) cache.set(base, (result = check(base)));
    return result;
  };
}

async function affectedBetween(
  imageChanges: (base: string) => Promise<Map<string, string>>,
  deployable: readonly string[],
  base: string,
  context: CommandContext,
): Promise<string[]> {
  const reasons = await imageChanges(base);
  for (const [app, reason] of reasons) context.stderr(`${app}: affected (${reason}).`);
  return deployable.filter((app) => reasons.has(app));
}

async function affectedSinceDeployed(
  git: Git,
  imageChanges: (base: string) => Promise<Map<string, string>>,
  deployable: readonly string[],
  environment: Environment,
  head: string,
  context: CommandContext,
): Promise<string[]> {
  const reader = new CommitReader(git, head);
  const deployed = await Promise.all(
    deployable.map(async (app) => {
      const path = layout.valuesFile(environment, app);
      const text = await reader.read(path);
      const tag = text === undefined ? '' : readImageTag(text, path);
      return { app, text, tag, base: tag === '' ? undefined : await tryResolveCommit(git, tag) };
    }),
  );
  const result: string[] = [];
  for (const { app, text, tag, base } of deployed) {
    if (text === undefined || base === undefined) {
      context.stderr(
        `${app}: affected (${text === undefined ? `not deployed in ${environment}` : `deployed tag "${tag}" is not a commit here`}).`,
      );
      result.push(app);
      continue;
    }
    const reason = (await imageChanges(base)).get(app);
    context.stderr(
      `${app}: ${reason ? `affected (${reason})` : 'unchanged'} since ${base.slice(0, 12)}, deployed in ${environment}.`,
    );
    if (reason) result.push(app);
  }
  return result;
}
